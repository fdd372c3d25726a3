import { buildCandidate, candidateIdentity, UPLOADED_FILE_BASE } from '../data/build-candidates.js';
import { buildUser } from '../data/build-organization.js';
import { nextTime } from '../data/state.js';
import { iso } from '../data/world.js';
import type { CandidateOverride } from '../data/state.js';
import { createdAfter, listPage, type Body, type Handler, type SandboxContext } from '../context.js';
import { EmailIndex } from '../data/email-index.js';
import { Mutations } from '../mutations.js';
import { invalidInput, notFound, ok, requireString } from '../responses.js';

const SOCIAL_TYPES = ['LinkedIn', 'GitHub', 'Twitter', 'Medium', 'StackOverflow', 'YouTube', 'CodePen', 'Website'];

function candidateIndex(ctx: SandboxContext, id: unknown): number {
  const i = ctx.world.ids.index('candidate', id);
  if (i === undefined || i >= ctx.world.state.candidates.length || ctx.world.state.candidates[i].deleted) throw notFound('candidate', id);
  return i;
}

const optionalString = (body: Body, name: string): string | undefined => {
  const v = body[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidInput(`\`${name}\` must be a string.`);
  return v;
};

/** Ashby refuses a malformed email address (HTTP 200, success:false). */
function checkEmail(value: string, field: string): void {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalidInput(`\`${field}\` must be a valid email address.`);
}

/** The profile fields candidate.create and candidate.update take, as an override of the generated profile. */
function overrideFrom(body: Body, existing?: CandidateOverride, knownEmails: string[] = []): CandidateOverride {
  const o: CandidateOverride = {};
  const name = optionalString(body, 'name');
  if (name !== undefined) o.name = name;
  const email = optionalString(body, 'email');
  if (email !== undefined) o.email = email;
  const phone = optionalString(body, 'phoneNumber');
  if (phone !== undefined) o.phone = phone;
  if (email !== undefined) checkEmail(email, 'email');
  const alternates = [...(Array.isArray(body.alternateEmailAddresses) ? body.alternateEmailAddresses : []), ...(typeof body.alternateEmail === 'string' ? [body.alternateEmail] : [])].map(String);
  alternates.forEach((a) => checkEmail(a, 'alternateEmail'));
  // An alternate the candidate already has is not added twice.
  const known = new Set(knownEmails.map((e) => e.toLowerCase()));
  const fresh = [...new Map(alternates.filter((a) => !known.has(a.toLowerCase())).map((a) => [a.toLowerCase(), a])).values()];
  if (fresh.length) o.alternateEmails = [...(existing?.alternateEmails ?? []), ...fresh];
  let links = existing?.socialLinks;
  const linkField = (type: string, value: string | undefined) => {
    if (value === undefined) return;
    links = [...(links ?? []).filter((l) => l.type !== type), { type, url: value }];
  };
  if (Array.isArray(body.socialLinks)) {
    // candidate.update replaces the list wholesale.
    for (const l of body.socialLinks as { type?: unknown; url?: unknown }[])
      if (!SOCIAL_TYPES.includes(String(l?.type)) || typeof l?.url !== 'string') throw invalidInput('socialLinks items need a known `type` and a `url`.');
    links = (body.socialLinks as { type: string; url: string }[]).map(({ type, url }) => ({ type, url }));
  }
  linkField('LinkedIn', optionalString(body, 'linkedInUrl'));
  linkField('GitHub', optionalString(body, 'githubUrl'));
  linkField('Website', optionalString(body, 'website') ?? optionalString(body, 'websiteUrl'));
  if (links) o.socialLinks = links;
  if (body.location && typeof body.location === 'object') o.location = body.location as CandidateOverride['location'];
  return o;
}

function sourceIndex(ctx: SandboxContext, id: unknown): number | undefined {
  if (id === undefined) return undefined;
  const i = ctx.world.ids.index('source', id);
  if (i === undefined) throw notFound('source', id);
  return i;
}

export const candidateHandlers: Record<string, Handler> = {
  'candidate.list': (ctx, body) => {
    const after = createdAfter(body);
    return listPage(ctx, 'candidate.list', body, ctx.world.state.candidates, (c) => c.createdAt > after, (i) => buildCandidate(ctx.world, i));
  },

  'candidate.info': (ctx, body) => {
    if (body.externalMappingId !== undefined && body.id === undefined) throw notFound('candidate', body.externalMappingId);
    return ok(buildCandidate(ctx.world, candidateIndex(ctx, requireString(body, 'id'))));
  },

  // Email and name are ANDed; at most 100 results, no paging. Matches are exact (case-insensitive).
  'candidate.search': (ctx, body) => {
    const email = optionalString(body, 'email')?.toLowerCase();
    const name = optionalString(body, 'name')?.toLowerCase();
    if (!email && !name) throw invalidInput('Give `email` or `name`.');
    const results = [];
    const { candidates } = ctx.world.state;
    // By email through the index; by name alone, a scan.
    const pool = email ? EmailIndex.of(ctx.world).candidates(email) : candidates.map((_, c) => c);
    for (const c of pool) {
      if (results.length >= 100) break;
      if (candidates[c].deleted) continue;
      const who = candidateIdentity(ctx.world, c);
      if (email && !who.emails.some((e) => e.value.toLowerCase() === email)) continue;
      if (name && who.name.toLowerCase() !== name) continue;
      results.push(buildCandidate(ctx.world, c));
    }
    return ok(results);
  },

  'candidate.create': async (ctx, body) => {
    requireString(body, 'name');
    const m = new Mutations(ctx.world);
    const creditedTo = body.creditedToUserId === undefined ? undefined : ctx.world.ids.index('user', body.creditedToUserId);
    if (body.creditedToUserId !== undefined && creditedTo === undefined) throw notFound('user', body.creditedToUserId);
    // No dedupe: a second create with a known email makes a second candidate, as Ashby does.
    const c = m.createCandidate({ sparse: true, override: overrideFrom(body), sourceId: sourceIndex(ctx, body.sourceId), creditedTo });
    await ctx.publish(m);
    return ok(buildCandidate(ctx.world, c));
  },

  'candidate.update': async (ctx, body) => {
    const c = candidateIndex(ctx, requireString(body, 'candidateId'));
    const state = ctx.world.state.candidates[c];
    const m = new Mutations(ctx.world);
    const source = sourceIndex(ctx, body.sourceId);
    if (source !== undefined) state.source = source;
    m.updateCandidate(c, overrideFrom(body, state.override, candidateIdentity(ctx.world, c).emails.map((e) => e.value)));
    await ctx.publish(m);
    return ok(buildCandidate(ctx.world, c));
  },

  'candidate.createNote': async (ctx, body) => {
    const c = candidateIndex(ctx, requireString(body, 'candidateId'));
    const note = body.note;
    let content: string;
    if (typeof note === 'string') content = note;
    else if (note && typeof note === 'object' && ['text/plain', 'text/html'].includes(String((note as Body).type)) && typeof (note as Body).value === 'string') content = String((note as Body).value);
    else throw invalidInput('`note` is required: a string, or {type: "text/plain" | "text/html", value}.');
    if (content.trim() === '') throw invalidInput('`note` must not be empty.');
    const { notes } = ctx.world.state;
    const createdAt = nextTime(ctx.world.state);
    notes.push({ candidate: c, content, isPrivate: body.isPrivate === true, createdAt });
    // A note does not change the candidate record (candidate.list does not return it again).
    return ok({ id: ctx.world.ids.id('note', notes.length - 1), createdAt: iso(createdAt), isPrivate: body.isPrivate === true, content, author: buildUser(ctx.world, 0) });
  },

  'candidate.addTag': async (ctx, body) => {
    const c = candidateIndex(ctx, requireString(body, 'candidateId'));
    const t = tagIndex(ctx, requireString(body, 'tagId'));
    const state = ctx.world.state.candidates[c];
    if (!state.tags.includes(t)) {
      state.tags.push(t);
      const m = new Mutations(ctx.world);
      m.updateCandidate(c, {});
      await ctx.publish(m);
    }
    return ok(buildCandidate(ctx.world, c));
  },

  'candidate.removeTag': async (ctx, body) => {
    const c = candidateIndex(ctx, requireString(body, 'candidateId'));
    const t = tagIndex(ctx, requireString(body, 'tagId'));
    const state = ctx.world.state.candidates[c];
    if (state.tags.includes(t)) {
      state.tags = state.tags.filter((x) => x !== t);
      const m = new Mutations(ctx.world);
      m.updateCandidate(c, {});
      await ctx.publish(m);
    }
    return ok(buildCandidate(ctx.world, c));
  },

  // Multipart only here (Ashby's deprecated mode); the presigned-handle flow is not modelled.
  'candidate.uploadResume': (ctx, body) => upload(ctx, body, 'resume'),
  'candidate.uploadFile': (ctx, body) => upload(ctx, body, 'file'),

  'file.info': (ctx, body) => {
    const handle = requireString(body, 'fileHandle');
    let id: unknown;
    try {
      id = (JSON.parse(Buffer.from(handle, 'base64url').toString('utf8')) as { handle?: unknown }).handle;
    } catch {
      throw invalidInput('`fileHandle` is not a file handle.');
    }
    const index = ctx.world.ids.index('file', id);
    const known = index !== undefined && (index >= UPLOADED_FILE_BASE ? index - UPLOADED_FILE_BASE < ctx.world.state.files.length : index < ctx.world.state.candidates.length);
    if (!known) throw notFound('file', id);
    return ok({ url: `https://files.ashby-sandbox.invalid/${String(id)}?expires=3600` });
  },
};

async function upload(ctx: SandboxContext, body: Body, field: 'resume' | 'file') {
  const c = candidateIndex(ctx, requireString(body, 'candidateId'));
  const file = body[field];
  if (!(file instanceof Blob)) throw invalidInput(`\`${field}\` is required: send the file as multipart/form-data.`);
  if (file.size === 0) throw invalidInput(`\`${field}\` is empty.`);
  const name = file instanceof File && file.name ? file.name : 'upload';
  const { files } = ctx.world.state;
  files.push({ candidate: c, name, contentType: file.type || 'application/octet-stream', size: file.size, resume: field === 'resume', createdAt: nextTime(ctx.world.state) });
  const m = new Mutations(ctx.world);
  m.updateCandidate(c, {});
  await ctx.publish(m);
  return ok(buildCandidate(ctx.world, c));
}

function tagIndex(ctx: SandboxContext, id: unknown): number {
  const t = ctx.world.ids.index('tag', id);
  if (t === undefined || t >= ctx.world.state.tags.length) throw notFound('tag', id);
  return t;
}
