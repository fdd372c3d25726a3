import type { AttachmentRestrictions, CandidateCreate, ConnectorActions, RemoteAttachment, WriteResult } from '../connector-actions.js';
import type { ConnectorContext, RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyResults } from './ashby.client.js';
import type { AshbyApplication, AshbyCandidate, AshbyStage } from './ashby.types.js';
import {
  applicationRef,
  applicationToJob,
  candidateInfo,
  candidateRef,
  emailsOf,
  mayHaveLanded,
  ONCE,
  phonesOf,
  sameUrl,
  searchByEmail,
  socialType,
  toRemoteCandidate,
  uploadAttachment,
  type AshbySocialType,
} from './ashby.write-helpers.js';

/**
 * Ashby's writes (partner-apis.md §1.5, ashby-openapi.yml). Refusals come as HTTP 200 with
 * success:false and become RemoteError INPUT with Ashby's message (ashbyCall). Creates are sent
 * once: after a lost answer the record is looked up, and only created again when it is absent.
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
async function createApplicationOnce(ctx: ConnectorContext, body: Record<string, unknown> & { candidateId: string; jobId: string }): Promise<AshbyApplication> {
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

/** A socialLinks list (replaced wholesale by candidate.update): the candidate's links, then the new ones whose type is free. */
function withLinks(existing: { type?: string | null; url?: string | null }[], add: { url: string }[]): { links: { type: AshbySocialType; url: string }[]; skipped: string[] } {
  const links = existing.filter((l) => l?.url && l.type).map((l) => ({ type: l.type as AshbySocialType, url: l.url! }));
  const skipped: string[] = [];
  for (const { url } of add) {
    if (links.some((l) => sameUrl(l.url, url))) continue;
    const type = socialType(url);
    // Ashby keeps one link per type; an existing one is never overwritten.
    if (links.some((l) => l.type === type)) skipped.push(url);
    else links.push({ type, url });
  }
  return { links, skipped };
}

async function createCandidate(ctx: ConnectorContext, input: CandidateCreate): Promise<WriteResult> {
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

/** The Archived stage of the job's interview plan: where application.changeStage archives (rejects). */
async function archivedStage(ctx: ConnectorContext, applicationId: string): Promise<string> {
  const app = await ashbyResults<AshbyApplication>(ctx, 'application.info', { applicationId });
  if (!app.job?.id) throw new RemoteError('INPUT', `Ashby's application ${applicationId} has no job, so it has no Archived stage.`, { endpoint: 'POST /application.info' });
  const plan = await ashbyResults<{ stages?: AshbyStage[] }>(ctx, 'jobInterviewPlan.info', { jobId: app.job.id });
  const stage = (plan.stages ?? []).find((s) => s.type === 'Archived');
  if (!stage) throw new RemoteError('INPUT', `The interview plan of Ashby's job ${app.job.id} has no Archived stage.`, { endpoint: 'POST /jobInterviewPlan.info' });
  return stage.id;
}

async function candidateOf(ctx: ConnectorContext, applicationId: string, known: string | null): Promise<string> {
  if (known) return known;
  const app = await ashbyResults<AshbyApplication>(ctx, 'application.info', { applicationId });
  if (!app.candidate?.id) throw new RemoteError('INPUT', `Ashby's application ${applicationId} has no candidate.`, { endpoint: 'POST /application.info' });
  return app.candidate.id;
}

/** candidate.createNote, once: a note whose answer was lost is not posted again (a client retry may). */
async function createNote(ctx: ConnectorContext, candidateId: string, content: string): Promise<void> {
  await ashbyResults(ctx, 'candidate.createNote', { candidateId, note: { type: 'text/plain', value: content }, sendNotifications: false }, undefined, ONCE);
}

const NOTES_ON_CANDIDATE = 'Ashby keeps notes on the candidate: the note was added to the application’s candidate.';
const FILES_ON_CANDIDATE = 'Ashby keeps files on the candidate: the attachment was added to the application’s candidate.';

/** Ashby documents no file limits; CVs go through candidate.uploadResume, the rest through candidate.uploadFile. */
const SUPPORTED = { is_supported: true, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null };
const ATTACHMENT_RESTRICTIONS: AttachmentRestrictions = { total_size_bytes: null, types: { CV: SUPPORTED, COVER_LETTER: SUPPORTED, OTHER: SUPPORTED } };

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
  rtf: 'application/rtf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export const ashbyActions: ConnectorActions = {
  createCandidate,

  async mergeIntoCandidate(ctx, input) {
    // Compared with Ashby's current profile, not the mirror: a retried merge adds nothing twice.
    const live = await candidateInfo(ctx, input.candidate_remote_id);
    const warnings: string[] = [];
    const known = new Set(emailsOf(live).map((e) => e.toLowerCase()));
    for (const { email_address } of input.emails) {
      if (known.has(email_address.toLowerCase())) continue;
      // candidate.update adds one alternate email per call; `email` would replace the primary one.
      await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, alternateEmail: email_address, sendNotifications: false }, undefined, ONCE);
      known.add(email_address.toLowerCase());
    }
    const digits = (p: string) => p.replace(/\D/g, '');
    const phones = phonesOf(live);
    const newPhones = input.phones.filter((p) => !phones.some((q) => digits(q) === digits(p.phone_number)));
    if (newPhones.length && phones.length === 0) {
      await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, phoneNumber: newPhones[0].phone_number, sendNotifications: false });
      newPhones.shift();
    }
    if (newPhones.length) warnings.push(`Ashby's API sets only the primary phone number, which the candidate has: ${newPhones.map((p) => p.phone_number).join(', ')} not added.`);
    const { links, skipped } = withLinks(live.socialLinks ?? [], input.social_links);
    if (links.length > (live.socialLinks ?? []).filter((l) => l?.url && l.type).length) {
      await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, socialLinks: links, sendNotifications: false });
    }
    if (skipped.length) warnings.push(`Ashby keeps one link per type: ${skipped.join(', ')} not added.`);
    // The source is never sent: the candidate keeps theirs.
    return { candidate_remote_id: live.id, touched: [candidateRef(live.id)], warnings, partner_status: 200 };
  },

  /**
   * Export re-runs: name, primary email and phone, links (a sent link replaces the one of its type),
   * location and credited user are set to what was sent; other emails are added. Nothing is cleared,
   * and the source is kept. Work history and education are not re-sent (no fields; the create's note stays).
   */
  async updateCandidate(ctx, input) {
    const live = await candidateInfo(ctx, input.candidate_remote_id);
    const warnings: string[] = [];
    const body: Record<string, unknown> = { candidateId: live.id, sendNotifications: false };
    const name = `${input.first_name} ${input.last_name}`.trim();
    if (name && name !== live.name) body.name = name;
    const [primary, ...others] = input.emails;
    if (primary && primary.email_address.toLowerCase() !== live.primaryEmailAddress?.value?.toLowerCase()) body.email = primary.email_address;
    if (input.phones[0] && input.phones[0].phone_number !== live.primaryPhoneNumber?.value) body.phoneNumber = input.phones[0].phone_number;
    if (input.phones.length > 1) warnings.push(`Ashby's API sets only the primary phone number: ${input.phones.slice(1).map((p) => p.phone_number).join(', ')} not sent.`);
    const sent = input.social_links.map(({ url }) => ({ type: socialType(url), url }));
    const kept = (live.socialLinks ?? []).filter((l) => l?.url && l.type && !sent.some((s) => s.type === l.type)).map((l) => ({ type: l.type as AshbySocialType, url: l.url! }));
    const links = [...kept, ...sent.filter((s, i) => sent.findIndex((t) => t.type === s.type) === i)];
    const sameLinks = links.length === (live.socialLinks ?? []).length && links.every((l) => (live.socialLinks ?? []).some((m) => m.type === l.type && m.url && sameUrl(m.url, l.url)));
    if (!sameLinks) body.socialLinks = links;
    if (input.location) {
      const location = { ...(input.location.city ? { city: input.location.city } : {}), ...(input.location.state ? { region: input.location.state } : {}), ...(input.location.country ? { country: input.location.country } : {}) };
      if (Object.keys(location).length) body.location = location;
    }
    if (input.sourced_by_user_remote_id) body.creditedToUserId = input.sourced_by_user_remote_id;
    // Setting the same values again is harmless, so this update may be retried.
    const updated = Object.keys(body).length > 2 ? await ashbyResults<AshbyCandidate>(ctx, 'candidate.update', body) : live;
    // A new primary email may replace the old one: the old one is kept as an alternate.
    const known = new Set(emailsOf(updated).map((e) => e.toLowerCase()));
    const keep = [...emailsOf(live).map((email_address) => ({ email_address })), ...others];
    for (const { email_address } of keep) {
      if (known.has(email_address.toLowerCase())) continue;
      await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, alternateEmail: email_address, sendNotifications: false }, undefined, ONCE);
      known.add(email_address.toLowerCase());
    }
    if (input.company || input.title) warnings.push("Ashby's API takes no company or title for a candidate: they were not updated.");
    if ((input.work_history ?? []).length || (input.education ?? []).length) warnings.push('Ashby has no fields for work history or education: they were not updated.');
    return { candidate_remote_id: live.id, touched: [candidateRef(live.id)], warnings, partner_status: 200 };
  },

  async searchCandidates(ctx, query) {
    const found = new Map<string, AshbyCandidate>();
    for (const email of query.emails) for (const c of await searchByEmail(ctx, email)) found.set(c.id, c);
    if (query.first_name && query.last_name) {
      for (const c of await ashbyResults<AshbyCandidate[]>(ctx, 'candidate.search', { name: `${query.first_name} ${query.last_name}` })) found.set(c.id, c);
    }
    return [...found.values()].map(toRemoteCandidate);
  },

  async createApplication(ctx, input) {
    const app = await createApplicationOnce(ctx, {
      candidateId: input.candidate_remote_id,
      jobId: input.job_remote_id,
      ...(input.stage_remote_id ? { interviewStageId: input.stage_remote_id } : {}),
      ...(input.sourced_by_user_remote_id ? { creditedToUserId: input.sourced_by_user_remote_id } : {}),
    });
    return { candidate_remote_id: input.candidate_remote_id, application_remote_id: app.id, touched: [candidateRef(input.candidate_remote_id), applicationRef(app.id)], warnings: [], partner_status: 200 };
  },

  async moveApplicationToStage(ctx, input) {
    await ashbyResults(ctx, 'application.changeStage', { applicationId: input.application_remote_id, interviewStageId: input.stage_remote_id });
    return { touched: [applicationRef(input.application_remote_id)], warnings: [], partner_status: 200 };
  },

  // Ashby rejects by archiving: application.changeStage to the plan's Archived stage with a reason.
  async rejectApplication(ctx, input) {
    const stage = await archivedStage(ctx, input.application_remote_id);
    const app = await ashbyResults<AshbyApplication>(ctx, 'application.changeStage', {
      applicationId: input.application_remote_id,
      interviewStageId: stage,
      archiveReasonId: input.rejection_reason_remote_id,
    });
    const touched: RemoteRef[] = [applicationRef(input.application_remote_id)];
    if (input.note) {
      const candidateId = await candidateOf(ctx, input.application_remote_id, app.candidate?.id ?? null);
      await createNote(ctx, candidateId, input.note);
      return { touched, warnings: [NOTES_ON_CANDIDATE], partner_status: 200 };
    }
    return { touched, warnings: [], partner_status: 200 };
  },

  async addApplicationNote(ctx, input) {
    await createNote(ctx, await candidateOf(ctx, input.application_remote_id, input.candidate_remote_id), input.content);
    return { touched: [], warnings: [NOTES_ON_CANDIDATE], partner_status: 200 };
  },

  async addCandidateNote(ctx, input) {
    await createNote(ctx, input.candidate_remote_id, input.content);
    return { touched: [], warnings: [], partner_status: 200 };
  },

  async addCandidateTag(ctx, input) {
    const touched: RemoteRef[] = [candidateRef(input.candidate_remote_id)];
    let tagId = input.tag_remote_id;
    if (!tagId) {
      // candidateTag.create returns the existing tag of that title, so it is safe to retry.
      tagId = (await ashbyResults<{ id: string }>(ctx, 'candidateTag.create', { title: input.tag_name })).id;
      touched.push({ model: 'tags', remote_id: tagId });
    }
    await ashbyResults(ctx, 'candidate.addTag', { candidateId: input.candidate_remote_id, tagId });
    return { touched, warnings: [], partner_status: 200 };
  },

  async removeCandidateTag(ctx, input) {
    const tags = (await candidateInfo(ctx, input.candidate_remote_id)).tags ?? [];
    const tag = tags.find((t) => t.id === input.tag_remote_id) ?? tags.find((t) => t.title?.toLowerCase() === input.tag_name.toLowerCase());
    // Kombo's contract: removing a tag the candidate does not have succeeds.
    if (!tag) return { touched: [], warnings: [], partner_status: 200 };
    await ashbyResults(ctx, 'candidate.removeTag', { candidateId: input.candidate_remote_id, tagId: tag.id });
    return { touched: [candidateRef(input.candidate_remote_id)], warnings: [], partner_status: 200 };
  },

  async addCandidateAttachment(ctx, input) {
    const status = await uploadAttachment(ctx, input.candidate_remote_id, input.attachment);
    return { touched: [candidateRef(input.candidate_remote_id)], warnings: [], partner_status: status };
  },

  async addApplicationAttachment(ctx, input) {
    const candidateId = await candidateOf(ctx, input.application_remote_id, input.candidate_remote_id);
    const status = await uploadAttachment(ctx, candidateId, input.attachment);
    return { touched: [candidateRef(candidateId)], warnings: [FILES_ON_CANDIDATE], partner_status: status };
  },

  // Ashby's files are the candidate's (fileHandles, the résumé among them); file.info gives a short-lived URL.
  async listAttachments(ctx, input): Promise<RemoteAttachment[]> {
    const candidate = await candidateInfo(ctx, input.candidate_remote_id);
    const resumeId = candidate.resumeFileHandle?.id ?? null;
    const files = (candidate.fileHandles ?? []).filter((f) => f?.id && f.handle);
    const out: RemoteAttachment[] = [];
    for (const f of files) {
      const { url } = await ashbyResults<{ url: string }>(ctx, 'file.info', { fileHandle: f.handle });
      const name = f.name ?? f.id!;
      const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
      out.push({
        remote_id: f.id!,
        type: f.id === resumeId ? 'CV' : 'OTHER',
        file_name: name,
        content_type: MIME_BY_EXTENSION[extension] ?? 'application/octet-stream',
        data_url: url,
        remote_created_at: null,
        remote_updated_at: null,
      });
    }
    return out;
  },

  attachmentRestrictions: ATTACHMENT_RESTRICTIONS,
};
