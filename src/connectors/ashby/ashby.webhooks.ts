import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundDelivery, InboundRequest, InboundWebhooks } from '../connector-webhooks.js';
import type { RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyCall } from './ashby.client.js';

/**
 * Ashby's webhooks (partner-apis §1.6): `Ashby-Signature: sha256=<hex>`, the HMAC-SHA256 of the raw
 * body keyed with the secret token; body `{webhookActionId, action, data}`; `ping` on create/edit.
 */
const SIGNATURE_HEADER = 'Ashby-Signature';

/** What ats-sync subscribes to: every type that says which records changed. */
const EVENT_TYPES = [
  'applicationSubmit',
  'applicationUpdate',
  'candidateStageChange',
  'candidateHire',
  'candidateDelete',
  'candidateMerge',
  'offerCreate',
  'offerUpdate',
  'offerDelete',
  'jobCreate',
  'jobUpdate',
  'jobPostingUpdate',
] as const;

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const idOf = (v: unknown): string | null => str(obj(v)?.id);

function expectedSignature(secret: string, rawBody: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

function verify(delivery: InboundRequest, secret: string): boolean {
  const given = delivery.headers[SIGNATURE_HEADER.toLowerCase()];
  if (!given) return false;
  const expected = Buffer.from(expectedSignature(secret, delivery.rawBody));
  const actual = Buffer.from(given);
  // The whole "sha256=…" string, in constant time (a length mismatch is already a refusal).
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The records an application-shaped payload touches: the application, its candidate, and an offer if given. */
function applicationRefs(data: Json): RemoteRef[] {
  const application = obj(data.application);
  const refs: RemoteRef[] = [];
  const applicationId = idOf(application);
  if (applicationId) refs.push({ model: 'applications', remote_id: applicationId });
  const candidateId = idOf(application?.candidate);
  if (candidateId) refs.push({ model: 'candidates', remote_id: candidateId });
  const offerId = idOf(data.offer);
  if (offerId) refs.push({ model: 'offers', remote_id: offerId });
  return refs;
}

function parse(delivery: InboundRequest): InboundDelivery {
  const body = obj(JSON.parse(delivery.rawBody.toString('utf8')));
  const action = str(body?.action) ?? '';
  const data = obj(body?.data) ?? {};
  // Stable across Ashby's retries; a body without one is named by its hash (retries resend the same bytes).
  const deliveryId = str(body?.webhookActionId) ?? `sha256:${createHash('sha256').update(delivery.rawBody).digest('hex')}`;
  if (action === 'ping' || data.webhookActionType === 'ping') return { kind: 'ping', delivery_id: str(body?.webhookActionId) };
  const event = (refresh: RemoteRef[], deleted: RemoteRef[] = []): InboundDelivery =>
    refresh.length + deleted.length === 0
      ? { kind: 'ignored', delivery_id: deliveryId, event_type: action, reason: `the ${action} payload names no record id` }
      : { kind: 'event', delivery_id: deliveryId, event_type: action, refresh, deleted };
  const one = (model: RemoteRef['model'], id: string | null): RemoteRef[] => (id ? [{ model, remote_id: id }] : []);

  switch (action) {
    case 'applicationSubmit':
    case 'applicationUpdate':
    case 'candidateStageChange':
    case 'candidateHire':
    case 'pushToHRIS':
      return event(applicationRefs(data));
    case 'offerCreate':
    case 'offerUpdate': {
      const offer = obj(data.offer);
      return event([...one('offers', idOf(offer)), ...one('applications', str(offer?.applicationId))]);
    }
    case 'offerDelete':
      return event(one('applications', str(obj(data.offer)?.applicationId)), one('offers', idOf(data.offer)));
    case 'candidateDelete':
      // Only the id is sent (anchors §0.9).
      return event([], one('candidates', idOf(data.candidate)));
    case 'candidateMerge':
      // The merged-away candidate is gone; the kept one now holds both histories.
      return event(one('candidates', idOf(data.mergedCandidate)), one('candidates', idOf(data.deletedCandidate)));
    case 'jobCreate':
    case 'jobUpdate':
      return event(one('jobs', idOf(data.job)));
    case 'jobPostingUpdate':
    case 'jobPostingPublish':
    case 'jobPostingUnpublish':
      return event(one('job_postings', idOf(data.jobPosting)));
    default:
      return { kind: 'ignored', delivery_id: deliveryId, event_type: action, reason: `ats-sync does not apply ${action || 'untyped'} webhooks; the next sync picks up what they describe` };
  }
}

/**
 * `webhook.create` once per type (needs the key's apiKeysWrite permission). A type Ashby refuses
 * (a module the account lacks, a duplicate, jobCreate/jobUpdate which its enum lacks) or saves
 * disabled (its ping failed) is reported and the rest still registered; only a refusal of every
 * type, or a failure that is not a refusal, is an error.
 */
const register = async (
  context: Parameters<NonNullable<InboundWebhooks['register']>>[0],
  input: Parameters<NonNullable<InboundWebhooks['register']>>[1],
): Promise<{ registered: string[]; refused: { type: string; reason: string }[] }> => {
  const registered: string[] = [];
  const refused: { type: string; reason: string }[] = [];
  for (const webhookType of input.eventTypes) {
    try {
      const created = await ashbyCall<{ enabled?: boolean }>(context, 'webhook.create', { webhookType, requestUrl: input.url, secretToken: input.secret });
      // Ashby pings the URL on create and saves the webhook disabled when the ping fails (anchors §0.10).
      if (created.results?.enabled === false) refused.push({ type: webhookType, reason: `Ashby saved the ${webhookType} webhook disabled: its ping to ${input.url} was not answered with success. Check that Ashby can reach this URL, then enable the webhook in Ashby.` });
      else registered.push(webhookType);
    } catch (error) {
      if (!(error instanceof RemoteError) || error.kind !== 'INPUT') throw error;
      refused.push({ type: webhookType, reason: error.message });
    }
  }
  if (registered.length === 0 && refused.length > 0) throw new RemoteError('INPUT', `Ashby refused every webhook type; first: ${refused[0].reason}`, {});
  return { registered, refused };
};

export const ashbyWebhooks: InboundWebhooks = {
  signatureHeader: SIGNATURE_HEADER,
  eventTypes: EVENT_TYPES,
  verify,
  parse,
  register,
};
