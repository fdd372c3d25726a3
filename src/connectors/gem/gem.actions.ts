import type { AttachmentRestrictions, ConnectorActions, RemoteAttachment, RemoteCandidate, WriteResult } from '../connector-actions.js';
import { ErrorCode } from '../../common/errors/api-error.js';
import type { ConnectorContext, RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { gemRemoteError } from './gem.client.js';
import { createCandidate, uploadResume, type V0Candidate } from './gem.create-candidate.js';
import { updateCandidate } from './gem.update-candidate.js';
import { addToProject } from './gem.projects.js';
import type { GemApplication, GemCandidate, GemErrorBody } from './gem.types.js';
import { actingUser, CLOCK_SKEW_MS, gemCall, lower, writeOnce } from './gem.write-client.js';

/**
 * Gem's writes, from its two APIs (partner-apis.md §2.5). Anchored in Gem's references: v0's
 * candidate create/update/search, résumé upload and project membership; the ATS API's
 * candidate-with-application create and candidate notes. The application create for an existing
 * candidate, the stage move and the reject follow Greenhouse's Harvest API, which Gem's ATS API
 * mirrors path for path (UNCONFIRMED for Gem itself). No source shows a tag write: tags are
 * absent (INTEGRATION.ACTION_NOT_AVAILABLE), as is a name search (Gem searches by email only).
 */

const enc = encodeURIComponent;
const candidateRef = (id: string): RemoteRef => ({ model: 'candidates', remote_id: id });
const applicationRef = (id: string): RemoteRef => ({ model: 'applications', remote_id: id });

async function getApplication(context: ConnectorContext, id: string): Promise<GemApplication> {
  return (await gemCall<GemApplication>(context, { path: `/ats/v0/applications/${enc(id)}` })).data;
}

async function getAtsCandidate(context: ConnectorContext, id: string): Promise<GemCandidate> {
  return (await gemCall<GemCandidate>(context, { path: `/ats/v0/candidates/${enc(id)}` })).data;
}

/** An application and its candidate both change with it (Gem embeds applications in candidates). */
const applicationTouched = (application: GemApplication): RemoteRef[] => [applicationRef(application.id), ...(application.candidate_id ? [candidateRef(application.candidate_id)] : [])];

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Gem takes résumés only: pdf, doc or docx, at most 2 MB (Nango's docs; its yaml says 10 MB). */
const GEM_ATTACHMENTS: AttachmentRestrictions = {
  total_size_bytes: null,
  types: {
    CV: { is_supported: true, min_amount: null, max_amount: null, max_file_size_bytes: 2 * 1024 * 1024, accepted_mime_types: Object.values(MIME_BY_EXTENSION) },
    COVER_LETTER: { is_supported: false, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null },
    OTHER: { is_supported: false, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null },
  },
};

async function addNote(context: ConnectorContext, candidateId: string, content: string): Promise<WriteResult> {
  const user = actingUser(context, null, 'author a note (user_id)');
  // A note is not looked up after a lost answer (Gem lists no notes by id): it is sent once, never repeated.
  const response = await gemCall(context, { method: 'POST', path: `/ats/v0/candidates/${enc(candidateId)}/activity_feed/notes`, data: { user_id: user, body: content, visibility: 'public' }, idempotent: false }, [200, 201]);
  return { candidate_remote_id: candidateId, touched: [candidateRef(candidateId)], warnings: [], partner_status: response.status };
}

export const gemActions: ConnectorActions = {
  createCandidate,
  updateCandidate,

  async mergeIntoCandidate(context, input) {
    // Gem's update replaces the email list: read the live one, so nothing the mirror has not seen yet is lost.
    const current = (await gemCall<V0Candidate>(context, { path: `/v0/candidates/${enc(input.candidate_remote_id)}` })).data;
    const have = new Set(current.emails.map((e) => lower(e.email_address)));
    const missing = input.emails.filter((e) => !have.has(lower(e.email_address)));
    const warnings: string[] = [];
    const body: Record<string, unknown> = {};
    if (missing.length > 0) {
      const emails = [...current.emails, ...missing.map((e) => ({ email_address: e.email_address, is_primary: false }))];
      if (emails.length > 20) warnings.push(`Gem keeps at most 20 emails: ${emails.slice(20).map((e) => e.email_address).join(', ')} not added.`);
      body.emails = emails.slice(0, 20);
    }
    const digits = (p: string) => p.replace(/\D/g, '');
    const newPhones = input.phones.filter((p) => digits(p.phone_number) !== digits(current.phone_number ?? ''));
    if (!current.phone_number && newPhones.length > 0) body.phone_number = newPhones.shift()!.phone_number;
    if (newPhones.length > 0) warnings.push(`Gem keeps one phone number per candidate through its API: ${newPhones.map((p) => p.phone_number).join(', ')} not added (the existing one is kept).`);
    const links = new Set(current.profiles.map((p) => p.url.replace(/\/+$/, '')));
    const newLinks = input.social_links.filter((l) => !links.has(l.url.replace(/\/+$/, '')));
    if (newLinks.length > 0) warnings.push(`Gem's update takes no profile links: ${newLinks.map((l) => l.url).join(', ')} not added.`);
    if (Object.keys(body).length === 0) return { candidate_remote_id: input.candidate_remote_id, touched: [candidateRef(input.candidate_remote_id)], warnings };
    // The same full list again is harmless, so this update may be retried as any read.
    const response = await gemCall(context, { method: 'PUT', path: `/v0/candidates/${enc(input.candidate_remote_id)}`, data: body });
    return { candidate_remote_id: input.candidate_remote_id, touched: [candidateRef(input.candidate_remote_id)], warnings, partner_status: response.status };
  },

  /** v0's `?email=` per address; Gem has no name search, so names alone find nothing live. */
  async searchCandidates(context, query): Promise<RemoteCandidate[]> {
    const found = new Map<string, RemoteCandidate>();
    for (const email of [...new Set(query.emails.map(lower))].slice(0, 10)) {
      const page = (await gemCall<V0Candidate[]>(context, { path: '/v0/candidates', params: { email, page_size: 20 } })).data;
      for (const c of page) {
        found.set(c.id, { remote_id: c.id, first_name: c.first_name, last_name: c.last_name, emails: c.emails.map((e) => e.email_address), phones: c.phone_number ? [c.phone_number] : [] });
      }
    }
    return [...found.values()];
  },

  async createApplication(context, input) {
    const path = `/ats/v0/candidates/${enc(input.candidate_remote_id)}/applications`;
    const body = { job_id: input.job_remote_id, initial_stage_id: input.stage_remote_id ?? undefined, sourcer: input.sourced_by_user_remote_id ? { user_id: input.sourced_by_user_remote_id } : undefined };
    const started = Date.now();
    const { value: application, recovered } = await writeOnce(
      async () => {
        const response = await context.http.request<GemApplication>({ method: 'POST', path, data: body, idempotent: false });
        // Gem, as Greenhouse, refuses a second active application to one job: Kombo's ATS.APPLICATION_ALREADY_EXISTS.
        const existing = (response.data as Partial<GemErrorBody> | undefined)?.errors?.job_id?.application_id;
        if (response.status === 422 && typeof existing === 'string') {
          throw new RemoteError('INPUT', `Gem: the candidate already has an active application (${existing}) for job ${input.job_remote_id}.`, {
            status: 422,
            endpoint: `POST ${path}`,
            apiCode: ErrorCode.ATS_APPLICATION_ALREADY_EXISTS,
          });
        }
        if (response.status !== 200 && response.status !== 201) throw gemRemoteError(response, `POST ${path}`);
        return response.data;
      },
      async () => {
        const candidate = await getAtsCandidate(context, input.candidate_remote_id);
        return candidate.applications.find((a) => a.jobs.some((j) => j.id === input.job_remote_id) && Date.parse(a.applied_at) >= started - CLOCK_SKEW_MS) ?? null;
      },
    );
    const warnings = recovered ? ['Gem did not answer in time; the application it had stored was found and used (not created twice).'] : [];
    return { candidate_remote_id: input.candidate_remote_id, application_remote_id: application.id, touched: applicationTouched(application), warnings, partner_status: 201 };
  },

  async moveApplicationToStage(context, input) {
    const before = await getApplication(context, input.application_remote_id);
    if (before.current_stage?.id === input.stage_remote_id) return { touched: applicationTouched(before), warnings: [] };
    // Harvest's move names the stage it leaves, so a repeat cannot move twice; a lost answer is checked by re-reading.
    const { value } = await writeOnce(
      async () => (await gemCall<GemApplication>(context, { method: 'POST', path: `/ats/v0/applications/${enc(before.id)}/move`, data: { from_stage_id: before.current_stage?.id, to_stage_id: input.stage_remote_id }, idempotent: false })).data,
      async () => {
        const after = await getApplication(context, before.id);
        return after.current_stage?.id === input.stage_remote_id ? after : null;
      },
    );
    return { touched: applicationTouched(value), warnings: [], partner_status: 200 };
  },

  async rejectApplication(context, input) {
    const path = `/ats/v0/applications/${enc(input.application_remote_id)}/reject`;
    const { value } = await writeOnce(
      async () => (await gemCall<GemApplication>(context, { method: 'POST', path, data: { rejection_reason_id: input.rejection_reason_remote_id, notes: input.note ?? undefined }, idempotent: false })).data,
      async () => {
        const after = await getApplication(context, input.application_remote_id);
        return after.status === 'rejected' ? after : null;
      },
    );
    return { touched: applicationTouched(value), warnings: [], partner_status: 200 };
  },

  async addApplicationNote(context, input) {
    const candidateId = input.candidate_remote_id ?? (await getApplication(context, input.application_remote_id)).candidate_id;
    const result = await addNote(context, candidateId, input.content);
    return { ...result, warnings: ['Gem keeps notes on the candidate’s activity feed: the note was added to the application’s candidate.'] };
  },

  addCandidateNote: (context, input) => addNote(context, input.candidate_remote_id, input.content),

  async addCandidateAttachment(context, input) {
    const user = actingUser(context, null, 'upload a résumé (user_id)');
    const warnings = await uploadResume(context, input.candidate_remote_id, input.attachment, user);
    return { candidate_remote_id: input.candidate_remote_id, touched: [candidateRef(input.candidate_remote_id)], warnings, partner_status: 201 };
  },

  async listAttachments(context, input): Promise<RemoteAttachment[]> {
    const candidate = await getAtsCandidate(context, input.candidate_remote_id);
    return (candidate.attachments ?? []).map((a) => ({
      remote_id: a.url,
      type: a.type === 'resume' ? 'CV' : a.type === 'cover_letter' ? 'COVER_LETTER' : 'OTHER',
      file_name: a.filename,
      content_type: MIME_BY_EXTENSION[a.filename.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream',
      data_url: a.url,
      remote_created_at: a.created_at ? new Date(a.created_at) : null,
      remote_updated_at: null,
    }));
  },

  attachmentRestrictions: GEM_ATTACHMENTS,

  async addCandidatesToProject(context, input) {
    const user = actingUser(context, input.user_remote_id, 'add candidates to a project (user_id)');
    return addToProject(context, input.project_remote_id, input.candidate_remote_ids, user);
  },
};
