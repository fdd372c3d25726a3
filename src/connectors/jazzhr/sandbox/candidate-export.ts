import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { JazzStore } from './sandbox-store.js';
import { applicantDetail } from './views.js';

/** JazzHR's internal number for a record (the export's HR-Open ids are numbers, not v1's prospect_… ids). */
const internalNumber = (id: string): number => parseInt(createHash('sha1').update(id).digest('hex').slice(0, 8), 16);

/** The Candidate Export payload for an applicant, in the shape of JazzHR's sample (jazzhr_candidate_export.sample.json), trimmed. */
export function exportPayload(store: JazzStore, applicantId: string): Record<string, unknown> | null {
  const row = store.applicant(applicantId);
  if (!row) return null;
  const a = applicantDetail(store, row);
  const id = (value: number, schemeId: string) => ({ value, schemeId, schemeAgencyId: 'JazzHR' });
  const [city, state] = a.location.split(',').map((s) => s.trim());
  const mappings = store.of(a.id).jobs;
  return {
    candidate: {
      documentId: { value: randomUUID(), schemeId: 'JazzHR Candidate Export', schemeAgencyId: 'JazzHR' },
      person: {
        id: id(internalNumber(a.id), 'JazzHR Candidate'),
        name: { formattedName: `${a.first_name} ${a.last_name}`, given: a.first_name, family: a.last_name },
        communication: {
          address: [{ useCode: 'private', countrySubdivisions: [{ type: 'state', value: state ?? '' }], city: city ?? '', postalCode: '', line: a.address, formattedAddress: a.address }],
          phone: a.phone ? [{ useCode: 'private', preference: 1, formattedNumber: a.phone }] : [],
          email: a.email ? [{ useCode: 'private', preference: 1, address: a.email }] : [],
          web: [...(a.website ? [{ name: 'Homepage', url: a.website }] : []), ...(a.linkedin_url ? [{ name: 'Linkedin', useCode: 'business', url: a.linkedin_url }] : [])],
        },
      },
      profiles: mappings.map((m) => ({
        languageCode: 'en-US',
        profileId: id(internalNumber(m.id), 'JazzHR Job Application'),
        profileName: 'Candidate Profile',
        associatedPositionOpenings: [{ positionOpeningId: id(internalNumber(m.job_id), 'JazzHR Job'), positionTitle: store.job(m.job_id)?.title ?? '', positionUri: '' }],
        attachments: [],
      })),
    },
    positionOpenings: [],
    personDocuments: {},
    additionalPersonInformation: {},
    additionalProfileInformation: Object.fromEntries(
      mappings.map((m) => {
        const step = store.step(m.workflow_step_id);
        return [String(internalNumber(m.id)), { rating: Number(m.rating) || 0, workflowStatus: step?.workflow_step_name ?? '', workflowStatusCategory: step?.workflow_step_category ?? '', workflowDispositionDatetime: '' }];
      }),
    ),
    additionalPositionOpeningsInformation: {},
  };
}

export interface Delivery {
  status: number;
  uuid: string;
  body: string;
}

/** POSTs a signed delivery as JazzHR does: X-JazzHR-Event, X-JazzHR-Signature (hex HMAC-SHA256 of the body), X-JazzHR-UUID. */
export async function deliver(url: string, secret: string, event: 'CANDIDATE-EXPORT' | 'VERIFY', payload: unknown, extra: { uuid?: string; jobId?: string; link?: string } = {}): Promise<Delivery> {
  const raw = JSON.stringify(payload);
  const uuid = extra.uuid ?? randomUUID();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'JazzHR',
      'X-JazzHR-Event': event,
      'X-JazzHR-Signature': createHmac('sha256', secret).update(raw).digest('hex'),
      'X-JazzHR-UUID': uuid,
      ...(extra.jobId ? { 'X-JazzHR-Export-Context': extra.jobId } : {}),
      ...(extra.link ? { Link: extra.link } : {}),
    },
    body: raw,
  });
  return { status: response.status, uuid, body: await response.text() };
}
