import type { AttachmentRestrictions, CandidateCreate, ConnectorActions, RemoteCandidate, WriteResult } from '../connector-actions.js';
import type { ConnectorContext, RemoteRef } from '../connector.js';
import { ErrorCode } from '../../common/errors/api-error.js';
import { RemoteError } from '../remote-error.js';
import { getAll, getOne, post } from './jazzhr.client.js';
import { byName, findByNameAndEmail, lower, NAME_SEARCH_DETAILS } from './jazzhr.lookup.js';
import { applicantDetails } from './jazzhr.streams.js';
import type { JazzApplicant2Job, JazzApplicantDetail, JazzCategory, JazzCategory2Applicant, JazzWorkflow } from './jazzhr.types.js';

/**
 * JazzHR v1 writes (partner-apis.md §3.5, write-and-webhook-anchors.md §3): POST /applicants
 * (optionally onto a job, landing in its workflow's "New" step), POST /applicants2jobs for an
 * existing applicant, POST /notes. v1 cannot update or merge an applicant: a merge adds the
 * missing contact details as a note, and says so. JazzHR does not dedupe, so a create whose answer
 * was lost is looked up by name and email before it is ever sent again.
 */

const candidateRef = (id: string): RemoteRef => ({ model: 'candidates', remote_id: id });
const applicationRef = (id: string): RemoteRef => ({ model: 'applications', remote_id: id });
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Clocks differ between us and JazzHR; apply dates are days, so a lost create is looked for from the day before. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Only a résumé travels with POST /applicants (`base64-resume`); JazzHR's v1 has no file upload. */
const JAZZHR_ATTACHMENTS: AttachmentRestrictions = {
  total_size_bytes: null,
  types: {
    CV: { is_supported: true, min_amount: null, max_amount: 1, max_file_size_bytes: null, accepted_mime_types: ['application/pdf', 'application/msword', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'text/plain'] },
    COVER_LETTER: { is_supported: false, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null },
    OTHER: { is_supported: false, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null },
  },
};

/**
 * A write that must not land twice: sent once (no HTTP retry on a 5xx or timeout); after such a
 * failure `landed` looks for what it may have made, and only when nothing is found is it sent again.
 */
async function writeOnce<T>(attempt: () => Promise<T>, landed: () => Promise<T | null>, tries = 2): Promise<{ value: T; recovered: boolean }> {
  for (let i = 1; ; i++) {
    try {
      return { value: await attempt(), recovered: false };
    } catch (error) {
      if (!(error instanceof RemoteError) || error.kind !== 'UNAVAILABLE') throw error;
      const found = await landed();
      if (found !== null) return { value: found, recovered: true };
      if (i >= tries) throw error;
    }
  }
}

/** The applicants2jobs item pairing an applicant with a job (POST /applicants2jobs may not name it). */
async function mappingOf(context: ConnectorContext, applicantId: string, jobId: string): Promise<JazzApplicant2Job | null> {
  const [mapping] = await getAll<JazzApplicant2Job>(context.http, 'applicants2jobs', { applicant_id: applicantId, job_id: jobId });
  return mapping ?? null;
}

/** The workflow step id to send, or undefined for the job's "New" step (JazzHR's default when none is sent). */
async function stepToSend(context: ConnectorContext, stageRemoteId: string | null): Promise<string | undefined> {
  if (!stageRemoteId) return undefined;
  const workflows = await getAll<JazzWorkflow>(context.http, 'workflows');
  const step = workflows.flatMap((w) => w.workflow_steps ?? []).find((s) => String(s.workflow_step_id) === stageRemoteId);
  return step?.workflow_step_category === 'New' ? undefined : stageRemoteId;
}

/** POST /applicants's body from a create: JazzHR keeps one email, one phone, one LinkedIn URL and one website. */
function applicantBody(input: CandidateCreate, warnings: string[]): Record<string, unknown> {
  const [email, ...moreEmails] = input.emails;
  const [phone, ...morePhones] = input.phones;
  const linkedin = input.social_links.find((l) => /linkedin\.com/i.test(l.url));
  const website = input.social_links.find((l) => l !== linkedin);
  const moreLinks = input.social_links.filter((l) => l !== linkedin && l !== website);
  if (moreEmails.length) warnings.push(`JazzHR keeps one email per applicant: ${moreEmails.map((e) => e.email_address).join(', ')} not sent.`);
  if (morePhones.length) warnings.push(`JazzHR keeps one phone number per applicant: ${morePhones.map((p) => p.phone_number).join(', ')} not sent.`);
  if (moreLinks.length) warnings.push(`JazzHR keeps one LinkedIn URL and one website: ${moreLinks.map((l) => l.url).join(', ')} not sent.`);
  if (input.company || input.title) warnings.push('JazzHR applicants have no company or title: not sent.');
  const body: Record<string, unknown> = {
    first_name: input.first_name,
    last_name: input.last_name,
    email: email?.email_address,
    phone: phone?.phone_number,
    address: input.location?.street_1 ?? undefined,
    city: input.location?.city ?? undefined,
    state: input.location?.state ?? undefined,
    postal: input.location?.zip_code ?? undefined,
    linkedin: linkedin?.url,
    website: website?.url,
    source: input.source ?? undefined,
    ...((input.remote_fields?.jazzhr as Record<string, unknown> | undefined) ?? {}),
  };
  const cvs = input.attachments.filter((a) => a.type === 'CV');
  if (cvs[0]) body['base64-resume'] = cvs[0].data.toString('base64');
  const dropped = [...cvs.slice(1), ...input.attachments.filter((a) => a.type !== 'CV')];
  if (dropped.length) warnings.push(`JazzHR takes one résumé with a new applicant and no other files: ${dropped.map((a) => a.name).join(', ')} not uploaded.`);
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

/** A note on an applicant: POST /notes, by the connection's default user when it names one. */
async function addNote(context: ConnectorContext, applicantId: string, contents: string): Promise<{ status: number }> {
  const user = typeof context.settings?.default_user_remote_id === 'string' && context.settings.default_user_remote_id !== '' ? context.settings.default_user_remote_id : 'usr_anonymous';
  const note = { applicant_id: applicantId, contents, user_id: user, security: '1' };
  const { value } = await writeOnce(
    async () => ({ status: (await post<{ comment_id: string }>(context.http, 'notes', note)).status }),
    async () => {
      const detail = await getOne<JazzApplicantDetail>(context.http, 'applicants', applicantId);
      return detail?.comments?.some((c) => c.contents === contents) ? { status: 200 } : null;
    },
  );
  return value;
}

export const jazzhrActions: ConnectorActions = {
  async createCandidate(context, input): Promise<WriteResult> {
    const warnings: string[] = [];
    const body = applicantBody(input, warnings);
    const job = input.application?.job_remote_id;
    if (job) {
      body.job = job;
      const step = await stepToSend(context, input.application!.stage_remote_id);
      if (step) body.workflow_step_id = step;
    }
    const started = Date.now();
    const { value: applicantId, recovered } = await writeOnce(
      async () => {
        const { data } = await post<{ prospect_id?: unknown }>(context.http, 'applicants', body);
        if (typeof data?.prospect_id !== 'string') throw new RemoteError('UNKNOWN', 'JazzHR answered POST /applicants without a prospect_id.', { endpoint: 'POST /applicants' });
        return data.prospect_id;
      },
      async () => {
        // JazzHR does not dedupe: an applicant with this name and email who applied since just before the attempt is the one it made.
        const [found] = await findByNameAndEmail(context, input.first_name, input.last_name, input.emails.map((e) => e.email_address), ymd(started - CLOCK_SKEW_MS));
        return found?.id ?? null;
      },
    );
    if (recovered) warnings.push('JazzHR did not answer in time; the applicant it had stored was found by name and email and used (not created twice).');
    let applicationId: string | undefined;
    if (job) applicationId = (await mappingOf(context, applicantId, job))?.id;
    return {
      candidate_remote_id: applicantId,
      application_remote_id: applicationId,
      touched: [candidateRef(applicantId), ...(applicationId ? [applicationRef(applicationId)] : [])],
      warnings,
      partner_status: 200,
    };
  },

  /** v1 cannot update an applicant: what the candidate lacks is added as a note, and the answer says so. */
  async mergeIntoCandidate(context, input): Promise<WriteResult> {
    const have = {
      emails: new Set(input.existing.emails.map((e) => lower(e.email_address))),
      phones: new Set(input.existing.phones.map((p) => p.phone_number.replace(/\D/g, ''))),
      links: new Set(input.existing.social_links.map((l) => l.url.replace(/\/+$/, ''))),
    };
    const lines = [
      ...input.emails.filter((e) => !have.emails.has(lower(e.email_address))).map((e) => `Email: ${e.email_address}`),
      ...input.phones.filter((p) => !have.phones.has(p.phone_number.replace(/\D/g, ''))).map((p) => `Phone: ${p.phone_number}`),
      ...input.social_links.filter((l) => !have.links.has(l.url.replace(/\/+$/, ''))).map((l) => `Link: ${l.url}`),
    ];
    if (lines.length === 0) return { candidate_remote_id: input.candidate_remote_id, touched: [candidateRef(input.candidate_remote_id)], warnings: [] };
    const { status } = await addNote(context, input.candidate_remote_id, `Contact details from a merged upload:\n${lines.join('\n')}`);
    return {
      candidate_remote_id: input.candidate_remote_id,
      touched: [candidateRef(input.candidate_remote_id)],
      warnings: [`JazzHR's API cannot update an applicant: the missing contact details (${lines.length}) were added to the profile as a note.`],
      partner_status: status,
    };
  },

  /**
   * JazzHR has no email search: with a name, /applicants/name/{first last} and the details of the
   * newest hits (emails are only there); without one, nothing live (the mirror answers for email).
   */
  async searchCandidates(context, query): Promise<RemoteCandidate[]> {
    if (!query.first_name || !query.last_name) return [];
    const hits = await byName(context, `${query.first_name} ${query.last_name}`);
    const details = await applicantDetails(context, hits.slice(0, NAME_SEARCH_DETAILS).map((s) => s.id));
    return details.map((d) => ({ remote_id: d.id, first_name: d.first_name || null, last_name: d.last_name || null, emails: d.email ? [d.email] : [], phones: d.phone ? [d.phone] : [] }));
  },

  async createApplication(context, input): Promise<WriteResult> {
    const body: Record<string, unknown> = { applicant_id: input.candidate_remote_id, job_id: input.job_remote_id };
    const step = await stepToSend(context, input.stage_remote_id);
    if (step) body.workflow_step_id = step;
    const existing = await mappingOf(context, input.candidate_remote_id, input.job_remote_id);
    if (existing) {
      throw new RemoteError('INPUT', `JazzHR: the applicant ${input.candidate_remote_id} is already on job ${input.job_remote_id} (${existing.id}).`, {
        status: 200,
        endpoint: 'POST /applicants2jobs',
        apiCode: ErrorCode.ATS_APPLICATION_ALREADY_EXISTS,
      });
    }
    const { value: mapping, recovered } = await writeOnce(
      async () => {
        await post(context.http, 'applicants2jobs', body);
        const made = await mappingOf(context, input.candidate_remote_id, input.job_remote_id);
        if (!made) throw new RemoteError('UNKNOWN', 'JazzHR accepted POST /applicants2jobs but lists no such pairing.', { endpoint: 'POST /applicants2jobs' });
        return made;
      },
      // A pairing is unique: if it exists now, the lost attempt made it.
      () => mappingOf(context, input.candidate_remote_id, input.job_remote_id),
    );
    const warnings = recovered ? ['JazzHR did not answer in time; the application it had stored was found and used (not created twice).'] : [];
    if (input.sourced_by_user_remote_id) warnings.push('JazzHR records no sourcing user on an application: sourced_by not sent.');
    return { candidate_remote_id: input.candidate_remote_id, application_remote_id: mapping.id, touched: [candidateRef(input.candidate_remote_id), applicationRef(mapping.id)], warnings, partner_status: 200 };
  },

  async addCandidateNote(context, input): Promise<WriteResult> {
    const { status } = await addNote(context, input.candidate_remote_id, input.content);
    return { candidate_remote_id: input.candidate_remote_id, touched: [candidateRef(input.candidate_remote_id)], warnings: [], partner_status: status };
  },

  async addApplicationNote(context, input): Promise<WriteResult> {
    const applicant = input.candidate_remote_id ?? (await getOne<JazzApplicant2Job>(context.http, 'applicants2jobs', input.application_remote_id))?.applicant_id;
    if (!applicant) throw new RemoteError('INPUT', `JazzHR has no application ${input.application_remote_id}.`, { status: 404, endpoint: 'GET /applicants2jobs/{id}' });
    const { status } = await addNote(context, applicant, input.content);
    return { candidate_remote_id: applicant, touched: [candidateRef(applicant)], warnings: ['JazzHR keeps notes on the applicant: the note was added to the application’s applicant.'], partner_status: status };
  },

  /** A category by that name (made with POST /categories when JazzHR has none), then POST /categories2applicants. v1 has no untag call. */
  async addCandidateTag(context, input): Promise<WriteResult> {
    const named = async () => (await getAll<JazzCategory>(context.http, 'categories')).find((c) => (input.tag_remote_id ? c.id === input.tag_remote_id : lower(c.name) === lower(input.tag_name))) ?? null;
    let category = await named();
    if (!category && input.tag_remote_id) throw new RemoteError('INPUT', `JazzHR has no category ${input.tag_remote_id}.`, { endpoint: 'GET /categories' });
    if (!category) {
      const made = await writeOnce(async () => {
        await post(context.http, 'categories', { name: input.tag_name.trim(), status: 'Active' });
        return named();
      }, named);
      category = made.value;
    }
    if (!category) throw new RemoteError('UNKNOWN', `JazzHR accepted POST /categories but lists no category ${input.tag_name}.`, { endpoint: 'POST /categories' });
    const pairing = async () => (await getAll<JazzCategory2Applicant>(context.http, 'categories2applicants', { applicant_id: input.candidate_remote_id, category_id: category!.id }))[0] ?? null;
    if (!(await pairing())) {
      await writeOnce(async () => (await post(context.http, 'categories2applicants', { applicant_id: input.candidate_remote_id, category_id: category!.id })).status, async () => ((await pairing()) ? 200 : null));
    }
    return { candidate_remote_id: input.candidate_remote_id, touched: [candidateRef(input.candidate_remote_id), { model: 'tags', remote_id: category.id }], warnings: [], partner_status: 200 };
  },

  attachmentRestrictions: JAZZHR_ATTACHMENTS,
};
