import type { AttachmentInput, RemoteCandidate } from '../connector-actions.js';
import type { ConnectorContext, RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyResults } from './ashby.client.js';
import type { AshbyApplication, AshbyCandidate } from './ashby.types.js';
import { splitName } from './mappers/to-candidate.js';

/** Creates and other writes that must not be repeated blindly (PartnerHttp does not retry their 5xx/timeouts). */
export const ONCE = { idempotent: false } as const;

/** A failure after which the write may or may not have landed (a 5xx, a timeout, a dropped connection). */
export const mayHaveLanded = (error: unknown) => error instanceof RemoteError && error.kind === 'UNAVAILABLE';

export type AshbySocialType = 'LinkedIn' | 'GitHub' | 'Twitter' | 'Medium' | 'StackOverflow' | 'YouTube' | 'CodePen' | 'Website';

const HOSTS: [RegExp, AshbySocialType][] = [
  [/(^|\.)linkedin\.com$/, 'LinkedIn'],
  [/(^|\.)github\.com$/, 'GitHub'],
  [/(^|\.)(twitter|x)\.com$/, 'Twitter'],
  [/(^|\.)medium\.com$/, 'Medium'],
  [/(^|\.)stackoverflow\.com$/, 'StackOverflow'],
  [/(^|\.)(youtube\.com|youtu\.be)$/, 'YouTube'],
  [/(^|\.)codepen\.io$/, 'CodePen'],
];

/** Ashby's socialLinks type for a URL (by host); anything else is a Website. */
export function socialType(url: string): AshbySocialType {
  let host = '';
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return 'Website';
  }
  return HOSTS.find(([re]) => re.test(host))?.[1] ?? 'Website';
}

/** URLs compared without scheme, `www.`, case and trailing slash. */
export const sameUrl = (a: string, b: string) => {
  const norm = (u: string) => u.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '');
  return norm(a) === norm(b);
};

export const candidateRef = (id: string): RemoteRef => ({ model: 'candidates', remote_id: id });
export const applicationRef = (id: string): RemoteRef => ({ model: 'applications', remote_id: id });

/** Every email address Ashby has for the candidate (primary first). */
export function emailsOf(c: AshbyCandidate): string[] {
  return [...new Set([c.primaryEmailAddress?.value, ...(c.emailAddresses ?? []).map((e) => e?.value)].filter((v): v is string => !!v))];
}

export function phonesOf(c: AshbyCandidate): string[] {
  return [...new Set([c.primaryPhoneNumber?.value, ...(c.phoneNumbers ?? []).map((p) => p?.value)].filter((v): v is string => !!v))];
}

export function toRemoteCandidate(c: AshbyCandidate): RemoteCandidate {
  const { first, last } = splitName(c.name);
  return { remote_id: c.id, first_name: first, last_name: last, emails: emailsOf(c), phones: phonesOf(c) };
}

export const candidateInfo = (ctx: ConnectorContext, id: string) => ashbyResults<AshbyCandidate>(ctx, 'candidate.info', { id });

export const searchByEmail = (ctx: ConnectorContext, email: string) => ashbyResults<AshbyCandidate[]>(ctx, 'candidate.search', { email });

/** The candidate's application to a job, if Ashby has one (the look-up after an application.create whose answer was lost). */
export async function applicationToJob(ctx: ConnectorContext, candidateId: string, jobId: string): Promise<AshbyApplication | null> {
  const candidate = await candidateInfo(ctx, candidateId);
  for (const applicationId of candidate.applicationIds ?? []) {
    const app = await ashbyResults<AshbyApplication>(ctx, 'application.info', { applicationId });
    if (app.job?.id === jobId) return app;
  }
  return null;
}

/**
 * candidate.uploadResume (CVs: Ashby parses them into the profile) or candidate.uploadFile, in the
 * multipart mode. An upload is not repeated blindly: after a lost answer the candidate's files are
 * compared with what was there before, and only a missing file is sent again (once).
 */
export async function uploadAttachment(ctx: ConnectorContext, candidateId: string, attachment: AttachmentInput): Promise<number> {
  const resume = attachment.type === 'CV';
  const endpoint = resume ? 'candidate.uploadResume' : 'candidate.uploadFile';
  const countNamed = async () => ((await candidateInfo(ctx, candidateId)).fileHandles ?? []).filter((f) => f?.name === attachment.name).length;
  const before = await countNamed();
  for (let attempt = 0; ; attempt++) {
    const form = new FormData();
    form.append('candidateId', candidateId);
    form.append(resume ? 'resume' : 'file', new Blob([new Uint8Array(attachment.data)], { type: attachment.content_type }), attachment.name);
    try {
      await ashbyResults(ctx, endpoint, form, undefined, ONCE);
      return 200;
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      if ((await countNamed()) > before) return 200;
      if (attempt >= 1) throw error;
    }
  }
}

/** A socialLinks list (replaced wholesale by candidate.update): the candidate's links, then the new ones whose type is free. */
export function withLinks(existing: { type?: string | null; url?: string | null }[], add: { url: string }[]): { links: { type: AshbySocialType; url: string }[]; skipped: string[] } {
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

/** candidate.createNote, once: a note whose answer was lost is not posted again (a client retry may). */
export async function createNote(ctx: ConnectorContext, candidateId: string, content: string): Promise<void> {
  await ashbyResults(ctx, 'candidate.createNote', { candidateId, note: { type: 'text/plain', value: content }, sendNotifications: false }, undefined, ONCE);
}
