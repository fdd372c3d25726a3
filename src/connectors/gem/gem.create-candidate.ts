import type { AttachmentInput, CandidateCreate, WriteResult } from '../connector-actions.js';
import type { ConnectorContext, RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { createGemCandidate, type CreateCandidateResult, type GemCandidateInput } from './gem.candidates-api.js';
import { addToProject } from './gem.projects.js';
import type { GemCandidate } from './gem.types.js';
import { actingUser, CLOCK_SKEW_MS, gemCall, linkedInHandle, lower, writeOnce } from './gem.write-client.js';

/** Gem's ATS attachment types for Kombo's. */
export const ATS_ATTACHMENT_TYPE = { CV: 'resume', COVER_LETTER: 'cover_letter', OTHER: 'other' } as const;

const EXTENSION_BY_MIME: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

export interface V0Candidate {
  id: string;
  created_at: number;
  first_name: string | null;
  last_name: string | null;
  emails: { email_address: string; is_primary: boolean }[];
  phone_number: string | null;
  profiles: { url: string }[];
}

const touchedOf = (candidate: string, application?: string | null): RemoteRef[] => [
  { model: 'candidates', remote_id: candidate },
  ...(application ? [{ model: 'applications' as const, remote_id: application }] : []),
];

const sameName = (c: { first_name: string | null; last_name: string | null }, input: CandidateCreate) =>
  lower(c.first_name ?? '') === lower(input.first_name) && lower(c.last_name ?? '') === lower(input.last_name);

/**
 * Gem's two creates. With an application: the ATS API's candidate-with-application create, which
 * lands in the job's first stage unless a stage is given and does not dedupe (so "upload as new"
 * makes a second candidate). Without one: v0's create, credited to a user (created_by), which
 * refuses a known email or LinkedIn handle with a 400 naming the existing candidate: that becomes
 * `duplicate_of`, and nothing is created. Neither create is repeated blindly (see writeOnce).
 */
export async function createCandidate(context: ConnectorContext, input: CandidateCreate): Promise<WriteResult> {
  return input.application ? createWithApplication(context, input, input.application) : createCrmCandidate(context, input);
}

async function createWithApplication(context: ConnectorContext, input: CandidateCreate, application: NonNullable<CandidateCreate['application']>): Promise<WriteResult> {
  const primary = input.emails[0].email_address;
  const handle = input.social_links.map((l) => linkedInHandle(l.url)).find((h) => h !== null) ?? null;
  const user = input.sourced_by_user_remote_id;
  // Checked before the create, so a missing user refuses the whole upload rather than half of it.
  const projectUser = input.project_remote_ids?.length ? actingUser(context, user, 'add the candidate to projects (user_id)') : null;
  const body = {
    first_name: input.first_name,
    last_name: input.last_name,
    email: primary,
    phone_number: input.phones[0]?.phone_number,
    title: input.title ?? undefined,
    company: input.company ?? undefined,
    job_id: application.job_remote_id,
    initial_stage_id: application.stage_remote_id ?? undefined,
    linkedin_handle: handle ?? undefined,
    sourcer: user ? { user_id: user } : undefined,
    attachments: input.attachments.map((a) => ({ filename: a.name, type: ATS_ATTACHMENT_TYPE[a.type], content: a.data.toString('base64'), content_type: a.content_type })),
    ...gemRemoteFields(input.remote_fields),
  };
  const started = Date.now();
  const onJob = (c: GemCandidate) => c.applications.find((a) => a.jobs.some((j) => j.id === application.job_remote_id) && !a.deleted_at);
  const { value: candidate, recovered } = await writeOnce(
    async () => (await gemCall<GemCandidate>(context, { method: 'POST', path: '/ats/v0/candidates', data: body, idempotent: false }, [200, 201])).data,
    async () => {
      // What the lost attempt made: a candidate with this email and name, created just now, on this job.
      const found = await gemCall<GemCandidate[]>(context, { path: '/ats/v0/candidates', params: { email: primary, created_after: new Date(started - CLOCK_SKEW_MS).toISOString(), per_page: 100 } });
      return found.data.find((c) => sameName(c, input) && onJob(c)) ?? null;
    },
  );
  if (typeof candidate?.id !== 'string') throw new RemoteError('UNKNOWN', 'Gem answered POST /ats/v0/candidates without a candidate id.', { endpoint: 'POST /ats/v0/candidates' });
  const applicationId = onJob(candidate)?.id ?? null;
  const warnings = recovered ? ['Gem did not answer the create in time; the candidate it had stored was found by email and used (not created twice).'] : [];
  if (input.work_history?.length || input.education?.length) warnings.push('Gem’s ATS create takes no work history or education: they were not sent.');
  // The ATS create takes no projects: v0's membership call adds the new candidate to them.
  for (const project of input.project_remote_ids ?? []) warnings.push(...(await addToProject(context, project, [candidate.id], projectUser!)).warnings);
  // The ATS create takes one email, one phone and a LinkedIn handle: the rest goes on through v0.
  const extra = await addContactDetails(context, candidate.id, input, handle);
  return { candidate_remote_id: candidate.id, application_remote_id: applicationId ?? undefined, touched: touchedOf(candidate.id, applicationId), warnings: [...warnings, ...extra], partner_status: 201 };
}

async function createCrmCandidate(context: ConnectorContext, input: CandidateCreate): Promise<WriteResult> {
  const createdBy = actingUser(context, input.sourced_by_user_remote_id, 'credit a new candidate to (created_by)');
  const handle = input.social_links.map((l) => linkedInHandle(l.url)).find((h) => h !== null) ?? null;
  const body: GemCandidateInput = {
    created_by: createdBy,
    first_name: input.first_name,
    last_name: input.last_name,
    emails: input.emails.map((e, i) => ({ email_address: e.email_address, is_primary: i === 0 })),
    linked_in_handle: handle,
    title: input.title,
    company: input.company,
    location: locationText(input.location),
    phone_number: input.phones[0]?.phone_number ?? null,
    profile_urls: input.social_links.map((l) => l.url).filter((url) => linkedInHandle(url) === null),
    ...(input.project_remote_ids?.length ? { project_ids: input.project_remote_ids } : {}),
    ...(sourcedFrom(input.source) ? { sourced_from: sourcedFrom(input.source)! } : {}),
    ...(input.work_history?.length
      ? { work_info: input.work_history.map((w) => ({ company: w.company, title: w.title, work_start_date: day(w.start_date), work_end_date: day(w.end_date), is_current: w.is_current })) }
      : {}),
    ...(input.education?.length
      ? { education_info: input.education.map((e) => ({ school: e.school, degree: e.degree, field_of_study: e.field_of_study, start_date: day(e.start_date), end_date: day(e.end_date) })) }
      : {}),
    ...gemRemoteFields(input.remote_fields),
  };
  const started = Date.now();
  const primary = lower(input.emails[0].email_address);
  const { value: result, recovered } = await writeOnce<CreateCandidateResult>(
    () => createGemCandidate(context, body),
    async () => {
      const found = (await gemCall<V0Candidate[]>(context, { path: '/v0/candidates', params: { email: primary, page_size: 100 } })).data;
      const ours = found.find((c) => c.created_at * 1000 >= started - CLOCK_SKEW_MS && sameName(c, input));
      if (ours) return { created: { ...ours } };
      // Someone else's candidate with this email: Gem would have refused ours as a duplicate.
      return found[0] ? { duplicateOf: found[0].id } : null;
    },
  );
  if ('duplicateOf' in result) return { candidate_remote_id: result.duplicateOf, duplicate_of: result.duplicateOf, touched: [], warnings: [], partner_status: 400 };
  const id = result.created.id;
  const warnings = recovered ? ['Gem did not answer the create in time; the candidate it had stored was found by email and used (not created twice).'] : [];
  for (const attachment of input.attachments) warnings.push(...(await uploadResume(context, id, attachment, createdBy)));
  if (input.phones.length > 1) warnings.push(`Gem keeps one phone number per candidate through its API: ${input.phones.slice(1).map((p) => p.phone_number).join(', ')} not added.`);
  return { candidate_remote_id: id, touched: touchedOf(id), warnings, partner_status: 201 };
}

/** Emails after the first (v0 PUT with the full list) and links other than LinkedIn, which Gem's update cannot take. */
async function addContactDetails(context: ConnectorContext, candidateId: string, input: CandidateCreate, handle: string | null): Promise<string[]> {
  const warnings: string[] = [];
  if (input.emails.length > 1) {
    const emails = input.emails.map((e, i) => ({ email_address: e.email_address, is_primary: i === 0 }));
    await gemCall(context, { method: 'PUT', path: `/v0/candidates/${encodeURIComponent(candidateId)}`, data: { emails } });
  }
  if (input.phones.length > 1) warnings.push(`Gem keeps one phone number per candidate through its API: ${input.phones.slice(1).map((p) => p.phone_number).join(', ')} not added.`);
  const otherLinks = input.social_links.filter((l) => linkedInHandle(l.url) === null || linkedInHandle(l.url) !== handle);
  if (otherLinks.length > 0) warnings.push(`Gem's ATS create takes only a LinkedIn handle: ${otherLinks.map((l) => l.url).join(', ')} not added.`);
  return warnings;
}

/** A CV through v0's résumé upload (multipart `resume_file`), as the acting user. */
export async function uploadResume(context: ConnectorContext, candidateId: string, attachment: AttachmentInput, user: string): Promise<string[]> {
  if (attachment.type !== 'CV') return [`${attachment.name} was not uploaded: Gem's API takes résumés (CV) only.`];
  // Gem tells the format by the file name: give it the extension its MIME type implies when it has none.
  const extension = EXTENSION_BY_MIME[attachment.content_type];
  const filename = /\.(pdf|docx?)$/i.test(attachment.name) || !extension ? attachment.name : `${attachment.name}.${extension}`;
  const form = new FormData();
  form.append('resume_file', new Blob([attachment.data], { type: attachment.content_type }), filename);
  const path = `/v0/candidates/${encodeURIComponent(candidateId)}/uploaded_resumes/${encodeURIComponent(user)}`;
  const started = Date.now();
  await writeOnce<unknown>(
    () => gemCall(context, { method: 'POST', path, data: form, idempotent: false }, [200, 201]),
    async () => {
      const candidate = (await gemCall<GemCandidate>(context, { path: `/ats/v0/candidates/${encodeURIComponent(candidateId)}` })).data;
      return candidate.attachments.find((a) => a.filename === filename && Date.parse(a.created_at) >= started - CLOCK_SKEW_MS) ?? null;
    },
  );
  return [];
}

/** Gem's `sourced_from` takes the sourcing tools it knows (partner-apis.md §2.5), in its spelling; other sources are not sent. */
const SOURCING_TOOLS = ['SeekOut', 'hireEZ', 'Starcircle', 'Censia', 'Consider'];
function sourcedFrom(source: string | null): string | null {
  return SOURCING_TOOLS.find((tool) => tool.toLowerCase() === source?.trim().toLowerCase()) ?? null;
}

/** Gem's dates are YYYY-MM-DD: the day of an ISO date or timestamp. */
const day = (value: string | null): string | null => (value && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null);

function locationText(location: CandidateCreate['location']): string | null {
  if (!location) return null;
  const parts = [location.city, location.state, location.country].filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return parts.length > 0 ? parts.join(', ') : null;
}

/** Kombo's remote_fields keyed by tool: `gem` fields go into Gem's create body as they are. */
function gemRemoteFields(remote: Record<string, unknown> | null): Record<string, unknown> {
  const gem = remote?.gem;
  return gem && typeof gem === 'object' && !Array.isArray(gem) ? (gem as Record<string, unknown>) : {};
}
