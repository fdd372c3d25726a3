import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { InboundDelivery, InboundRequest, InboundWebhooks } from '../connector-webhooks.js';
import type { RemoteRef } from '../connector.js';

/**
 * JazzHR's one webhook, the Candidate Export (partner-apis.md §3.6, anchors §0.8): `X-JazzHR-Event`
 * is CANDIDATE-EXPORT (or VERIFY on set-up, answered 200), `X-JazzHR-Signature` the hex HMAC-SHA256
 * of the raw body keyed with the secret, `X-JazzHR-UUID` a unique id per delivery (repeats are
 * dropped). The customer pastes the URL and secret into Settings → Integrations → Candidate Export
 * Integrations; JazzHR's API cannot register it.
 */
const SIGNATURE_HEADER = 'X-JazzHR-Signature';

/**
 * The export's HR-Open ids are JazzHR's internal numbers, not the v1 API's `prospect_…` ids, so an
 * exported candidate is named by what v1 can find: name and email. fetchByIds resolves this key with
 * the name search and the detail's email (jazzhr.fetch-by-ids.ts).
 */
export const EXPORT_LOOKUP_PREFIX = 'export:';

export interface ExportLookup {
  given: string;
  family: string;
  emails: string[];
}

export function exportLookupRef(lookup: ExportLookup): RemoteRef {
  return { model: 'candidates', remote_id: `${EXPORT_LOOKUP_PREFIX}${JSON.stringify(lookup)}` };
}

export function parseExportLookup(remoteId: string): ExportLookup | null {
  if (!remoteId.startsWith(EXPORT_LOOKUP_PREFIX)) return null;
  try {
    const value = JSON.parse(remoteId.slice(EXPORT_LOOKUP_PREFIX.length)) as ExportLookup;
    return typeof value.given === 'string' && typeof value.family === 'string' && Array.isArray(value.emails) ? value : null;
  } catch {
    return null;
  }
}

/** The signature JazzHR sends: hex HMAC-SHA256 of the raw body. */
export function jazzSignature(secret: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(rawBody).digest('hex');
}

function verify(delivery: InboundRequest, secret: string): boolean {
  const given = delivery.headers[SIGNATURE_HEADER.toLowerCase()]?.trim().toLowerCase();
  if (!given || !/^[0-9a-f]+$/.test(given)) return false;
  const expected = Buffer.from(jazzSignature(secret, delivery.rawBody), 'hex');
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

function parse(delivery: InboundRequest): InboundDelivery {
  const event = (delivery.headers['x-jazzhr-event'] ?? '').trim().toUpperCase();
  const uuid = str(delivery.headers['x-jazzhr-uuid']);
  // Without the UUID header, the body's hash names the delivery (a resend carries the same bytes).
  const deliveryId = uuid ?? `sha256:${createHash('sha256').update(delivery.rawBody).digest('hex')}`;
  if (event === 'VERIFY') return { kind: 'ping', delivery_id: uuid };
  if (event !== 'CANDIDATE-EXPORT') return { kind: 'ignored', delivery_id: deliveryId, event_type: event || 'untyped', reason: `JazzHR sends only CANDIDATE-EXPORT and VERIFY; ${event || 'an untyped delivery'} changes nothing` };
  const body = obj(JSON.parse(delivery.rawBody.toString('utf8')));
  const person = obj(obj(body?.candidate)?.person);
  const name = obj(person?.name);
  const given = str(name?.given);
  const family = str(name?.family);
  const communication = obj(person?.communication);
  const emails = (Array.isArray(communication?.email) ? communication.email : []).map((e) => str(obj(e)?.address)).filter((e): e is string => e !== null);
  if (!given || !family || emails.length === 0) {
    return { kind: 'ignored', delivery_id: deliveryId, event_type: event, reason: 'the export names no candidate by name and email, which is all the v1 API can find a candidate by' };
  }
  return { kind: 'event', delivery_id: deliveryId, event_type: event, refresh: [exportLookupRef({ given, family, emails })], deleted: [] };
}

export const jazzhrWebhooks: InboundWebhooks = {
  signatureHeader: SIGNATURE_HEADER,
  eventTypes: ['CANDIDATE-EXPORT'],
  // JazzHR retries any non-2xx for 2 hours: a repeat of an export already received gets 200.
  repeats: 'acknowledge',
  verify,
  parse,
};
