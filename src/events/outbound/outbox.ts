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
  /** Write the event row even when no endpoint subscribes (announcements that must not be looked for again). */
  always?: boolean;
}

export const OUTBOX_CHANNEL = 'ats_sync_webhooks';

/** The event id: derived from its cause, so it is the same whichever process writes it, however often. */
export function eventIdFor(sourceKey: string): string {
  return `evt_${createHash('sha256').update(sourceKey).digest('base64url').slice(0, 24)}`;
}

/**
 * The outbox: an event and one delivery per subscribed endpoint, written in the caller's
 * transaction (the one that made the change), with the exact body that will be sent. Committing
 * the change commits the event; rolling back loses both. The NOTIFY reaches senders on commit.
 */
export async function emit(client: pg.ClientBase, event: OutboundEvent): Promise<string | null> {
  const { rows: endpoints } = await client.query<{ id: string }>(
    `SELECT id FROM webhook_endpoints WHERE enabled AND $1 = ANY(event_types) AND (connection_id IS NULL OR connection_id = $2)`,
    [event.type, event.connectionId],
  );
  if (endpoints.length === 0 && !event.always) return null;
  const id = eventIdFor(event.sourceKey);
  // Kombo's envelope: {id, type, data}. Serialised once, here; a retry sends these bytes again.
  const body = JSON.stringify({ id, type: event.type, data: event.data });
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO webhook_events (id, type, connection_id, source_key, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (source_key) DO NOTHING RETURNING id`,
    [id, event.type, event.connectionId, event.sourceKey, body],
  );
  if (rows.length === 0) return null;
  if (endpoints.length > 0) {
    await client.query(
      `INSERT INTO webhook_deliveries (endpoint_id, event_id) SELECT unnest($1::uuid[]), $2 ON CONFLICT DO NOTHING`,
      [endpoints.map((e) => e.id), id],
    );
    await client.query(`SELECT pg_notify($1, $2)`, [OUTBOX_CHANNEL, id]);
  }
  return id;
}
