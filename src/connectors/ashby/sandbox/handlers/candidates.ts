import { buildCandidate, candidateIdentity } from '../data/build-candidates.js';
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

/** The profile fields candidate.create and candidate.update take, as an override of the generated profile. */
function overrideFrom(body: Body, existing?: CandidateOverride): CandidateOverride {
  const o: CandidateOverride = {};
  const name = optionalString(body, 'name');
  if (name !== undefined) o.name = name;
  const email = optionalString(body, 'email');
  if (email !== undefined) o.email = email;
  const phone = optionalString(body, 'phoneNumber');
  if (phone !== undefined) o.phone = phone;
  const alternates = [...(Array.isArray(body.alternateEmailAddresses) ? body.alternateEmailAddresses : []), ...(typeof body.alternateEmail === 'string' ? [body.alternateEmail] : [])];
  if (alternates.length) o.alternateEmails = [...(existing?.alternateEmails ?? []), ...alternates.map(String)];
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
    m.updateCandidate(c, overrideFrom(body, state.override));
    await ctx.publish(m);
    return ok(buildCandidate(ctx.world, c));
  },
};
