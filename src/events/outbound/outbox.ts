import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Event types an endpoint may subscribe to: Kombo's two, and ours. */
export const OUTBOUND_EVENT_TYPES = ['data-changed', 'sync-finished', 'application.hired', 'candidate.created', 'candidate.deleted', 'export.completed'] as const;
export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

export interface OutboundEvent {
  type: OutboundEventType;
  connectionId: string;
  /** What caused it, unique per event: the same cause never emits twice (a re-run transaction, two processes). */
  sourceKey: string;
  data: Record<string, unknown>;
}

export const OUTBOX_CHANNEL = 'ats_sync_webhooks';

/** The enabled endpoints that subscribe to this type for this connection. */
async function subscribers(client: pg.ClientBase, type: OutboundEventType, connectionId: string): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM webhook_endpoints WHERE enabled AND $1 = ANY(event_types) AND (connection_id IS NULL OR connection_id = $2)`,
    [type, connectionId],
  );
  return rows.map((r) => r.id);
}

/** The event id: derived from its cause, so it is the same whichever process writes it, however often. */
export function eventIdFor(sourceKey: string): string {
  return `evt_${createHash('sha256').update(sourceKey).digest('base64url').slice(0, 24)}`;
}

/**
 * Writes events of one type and connection with one delivery per endpoint; returns the ids written
 * (a cause already emitted is skipped). The body is serialised once, here: a retry sends these bytes.
 */
async function writeEvents(client: pg.ClientBase, type: OutboundEventType, connectionId: string, endpoints: string[], events: { sourceKey: string; data: Record<string, unknown> }[]): Promise<string[]> {
  const ids = events.map((e) => eventIdFor(e.sourceKey));
  // Kombo's envelope: {id, type, data}.
  const bodies = events.map((e, n) => JSON.stringify({ id: ids[n], type, data: e.data }));
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO webhook_events (id, type, connection_id, source_key, body)
     SELECT e.id, $4, $5, e.source_key, e.body FROM unnest($1::text[], $2::text[], $3::text[]) AS e(id, source_key, body)
     ON CONFLICT (source_key) DO NOTHING RETURNING id`,
    [ids, events.map((e) => e.sourceKey), bodies, type, connectionId],
  );
  if (rows.length === 0) return [];
  await client.query(
    `INSERT INTO webhook_deliveries (endpoint_id, event_id)
     SELECT p.endpoint_id, e.event_id FROM unnest($1::uuid[]) AS p(endpoint_id) CROSS JOIN unnest($2::text[]) AS e(event_id) ON CONFLICT DO NOTHING`,
    [endpoints, rows.map((r) => r.id)],
  );
  // A wake-up for the senders (on commit); each takes every due delivery, so the payload is informative only.
  await client.query(`SELECT pg_notify($1, $2)`, [OUTBOX_CHANNEL, type]);
  return rows.map((r) => r.id);
}

/**
 * The outbox: an event and one delivery per subscribed endpoint, written in the caller's
 * transaction (the one that made the change). Committing the change commits the event; rolling
 * back loses both. Returns the event id, or null when nobody subscribes or the cause was emitted.
 */
export async function emit(client: pg.ClientBase, event: OutboundEvent): Promise<string | null> {
  const endpoints = await subscribers(client, event.type, event.connectionId);
  if (endpoints.length === 0) return null;
  const [id] = await writeEvents(client, event.type, event.connectionId, endpoints, [event]);
  return id ?? null;
}

/** Events per statement: a first FULL with a subscriber may announce every candidate it creates. */
const MANY_CHUNK = 5_000;

/**
 * Many events of one type and connection (a sync batch's new candidates), in a few statements
 * whatever their number. With no subscriber: one small SELECT, and no event is even built.
 * Returns how many events were written.
 */
export async function emitMany<T>(
  client: pg.ClientBase,
  type: OutboundEventType,
  connectionId: string,
  items: readonly T[],
  describe: (item: T) => { sourceKey: string; data: Record<string, unknown> },
): Promise<number> {
  if (items.length === 0) return 0;
  const endpoints = await subscribers(client, type, connectionId);
  if (endpoints.length === 0) return 0;
  let count = 0;
  for (let i = 0; i < items.length; i += MANY_CHUNK) {
    count += (await writeEvents(client, type, connectionId, endpoints, items.slice(i, i + MANY_CHUNK).map(describe))).length;
  }
  return count;
}
