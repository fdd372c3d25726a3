import type { CandidateCreate, WriteResult } from '../connector-actions.js';
import type { ConnectorContext } from '../connector.js';
import { ashbyResults } from './ashby.client.js';
import type { AshbyApplication, AshbyCandidate } from './ashby.types.js';
import { applicationRef, applicationToJob, candidateRef, createNote, mayHaveLanded, ONCE, searchByEmail, socialType, uploadAttachment, withLinks } from './ashby.write-helpers.js';

/**
 * Ashby's creates: candidate.create, then (with a job) application.create, the files and a note for
 * work history and education. Each create is sent once: after a lost answer (a 5xx or a timeout)
 * the record is looked up, and only created again when it is absent.
 */

/** Ashby-specific create fields from Kombo's remote_fields: `{"ashby": {"candidate": {...}, "application": {...}}}`. */
function remoteFields(input: { remote_fields: Record<string, unknown> | null }, part: 'candidate' | 'application'): Record<string, unknown> {
  const ashby = input.remote_fields?.ashby as Record<string, unknown> | undefined;
  const fields = ashby?.[part];
  return fields && typeof fields === 'object' && !Array.isArray(fields) ? (fields as Record<string, unknown>) : {};
}

/** The id of the live source with this title (any case); Ashby takes sources by id only. */
async function sourceId(ctx: ConnectorContext, title: string): Promise<string | null> {
  const sources = await ashbyResults<{ id: string; title?: string | null; isArchived?: boolean | null }[]>(ctx, 'source.list', {});
  return sources.find((s) => s.title?.toLowerCase() === title.trim().toLowerCase() && !s.isArchived)?.id ?? null;
}

/**
 * candidate.create, once. Candidates with the email before the call are noted, so after a lost
 * answer a new one with this email and name is recognised as the one just made (a same-named
 * candidate that already existed is not).
 */
async function createCandidateOnce(ctx: ConnectorContext, body: Record<string, unknown>, email: string, name: string): Promise<AshbyCandidate> {
  const before = new Set((await searchByEmail(ctx, email)).map((c) => c.id));
  for (let attempt = 0; ; attempt++) {
    try {
      return await ashbyResults<AshbyCandidate>(ctx, 'candidate.create', body, undefined, ONCE);
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      const landed = (await searchByEmail(ctx, email)).find((c) => !before.has(c.id) && c.name?.trim().toLowerCase() === name.toLowerCase());
      if (landed) return landed;
      if (attempt >= 1) throw error;
      ctx.logger.warn({ endpoint: 'candidate.create' }, 'candidate.create failed and did not land; creating once more');
    }
  }
}

/** application.create, once; after a lost answer the candidate's applications are checked for the job. */
export async function createApplicationOnce(ctx: ConnectorContext, body: Record<string, unknown> & { candidateId: string; jobId: string }): Promise<AshbyApplication> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ashbyResults<AshbyApplication>(ctx, 'application.create', body, undefined, ONCE);
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      const landed = await applicationToJob(ctx, body.candidateId, body.jobId);
      if (landed) return landed;
      if (attempt >= 1) throw error;
    }
  }
}

/** candidate.create takes one link of each of LinkedIn, GitHub and Website; others follow through candidate.update. */
function linkFields(links: { url: string }[]): { fields: Record<string, string>; rest: boolean } {
  const fields: Record<string, string> = {};
  let rest = false;
  for (const { url } of links) {
    const field = { LinkedIn: 'linkedInUrl', GitHub: 'githubUrl', Website: 'website' }[socialType(url) as 'LinkedIn' | 'GitHub' | 'Website'];
    if (field && !fields[field]) fields[field] = url;
    else rest = true;
  }
  return { fields, rest };
}

export async function createCandidate(ctx: ConnectorContext, input: CandidateCreate): Promise<WriteResult> {
  const warnings: string[] = [];
  const [primary, ...alternates] = input.emails;
  const name = `${input.first_name} ${input.last_name}`.trim();
  const { fields: links, rest: moreLinks } = linkFields(input.social_links);
  const source = input.source ? await sourceId(ctx, input.source) : null;
  if (input.source && !source) warnings.push(`Ashby has no source named "${input.source}": the candidate was created without a source.`);
  if (input.phones.length > 1) warnings.push(`Ashby's candidate.create takes one phone number: ${input.phones.slice(1).map((p) => p.phone_number).join(', ')} not sent.`);
  if (input.company || input.title) warnings.push("Ashby's candidate.create takes no company or title: they were not sent.");
  const location = input.location && { ...(input.location.city ? { city: input.location.city } : {}), ...(input.location.state ? { region: input.location.state } : {}), ...(input.location.country ? { country: input.location.country } : {}) };
  const body: Record<string, unknown> = {
    name,
    email: primary.email_address,
    ...(alternates.length ? { alternateEmailAddresses: alternates.map((e) => e.email_address) } : {}),
    ...(input.phones[0] ? { phoneNumber: input.phones[0].phone_number } : {}),
    ...links,
    ...(location && Object.keys(location).length ? { location } : {}),
    ...(input.sourced_by_user_remote_id ? { creditedToUserId: input.sourced_by_user_remote_id } : {}),
    ...(source ? { sourceId: source } : {}),
    ...remoteFields(input, 'candidate'),
  };
  let candidate = await createCandidateOnce(ctx, body, primary.email_address, name);
  if (moreLinks) {
    // Replacing the list with the same list is harmless, so this update may be retried.
    const { links: all, skipped } = withLinks(candidate.socialLinks ?? [], input.social_links);
    candidate = await ashbyResults<AshbyCandidate>(ctx, 'candidate.update', { candidateId: candidate.id, socialLinks: all, sendNotifications: false });
    if (skipped.length) warnings.push(`Ashby keeps one link per type: ${skipped.join(', ')} not added.`);
  }
  let application: AshbyApplication | null = null;
  if (input.application) {
    application = await createApplicationOnce(ctx, {
      candidateId: candidate.id,
      jobId: input.application.job_remote_id,
      ...(input.application.stage_remote_id ? { interviewStageId: input.application.stage_remote_id } : {}),
      ...(source ? { sourceId: source } : {}),
      ...(input.sourced_by_user_remote_id ? { creditedToUserId: input.sourced_by_user_remote_id } : {}),
      ...remoteFields(input, 'application'),
    });
  }
  for (const attachment of input.attachments) await uploadAttachment(ctx, candidate.id, attachment);
  const background = backgroundNote(input);
  if (background) {
    await createNote(ctx, candidate.id, background);
    warnings.push('Ashby has no fields for work history or education: they were added to the candidate as a note.');
  }
  return {
    candidate_remote_id: candidate.id,
    application_remote_id: application?.id,
    touched: [candidateRef(candidate.id), ...(application ? [applicationRef(application.id)] : [])],
    warnings,
    partner_status: 200,
  };
}

/** Work history and education as a plain-text note (Ashby's candidate has no fields for them); null when there are none. */
export function backgroundNote(input: Pick<CandidateCreate, 'work_history' | 'education'>): string | null {
  const span = (start: string | null, end: string | null, current?: boolean | null) => {
    const to = current ? 'present' : end;
    return start || to ? ` (${start ?? '?'} – ${to ?? '?'})` : '';
  };
  const work = (input.work_history ?? []).map((w) => `- ${[w.title, w.company].filter(Boolean).join(' at ') || 'Position'}${span(w.start_date, w.end_date, w.is_current)}`);
  const education = (input.education ?? []).map((e) => `- ${[[e.degree, e.field_of_study].filter(Boolean).join(', '), e.school].filter(Boolean).join(' at ') || 'Education'}${span(e.start_date, e.end_date)}`);
  const parts = [...(work.length ? ['Work history:', ...work] : []), ...(education.length ? [`${work.length ? '\n' : ''}Education:`, ...education] : [])];
  return parts.length ? parts.join('\n') : null;
}
