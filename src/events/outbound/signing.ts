import { createHmac } from 'node:crypto';

/** Kombo's `X-Kombo-Signature`: HMAC-SHA256 of the raw body, base64url without padding. */
export function komboSignature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

/**
 * Ours, `X-Ats-Sync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the
 * timestamp is signed too, so a receiver can refuse a delivery replayed later (check |now − t|).
 */
export function timestampedSignature(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

export const SIGNATURE_HEADERS = {
  kombo: 'X-Kombo-Signature',
  timestamped: 'X-Ats-Sync-Signature',
  deliveryId: 'X-Ats-Sync-Delivery-Id',
  eventId: 'X-Ats-Sync-Event-Id',
  attempt: 'X-Ats-Sync-Attempt',
} as const;
