import type pg from 'pg';
import type { RemoteRef } from '../../ats/normalized.js';
import { positionSql, type KeysetPosition } from '../../common/management-page.js';

export type Verification = 'VERIFIED' | 'MISSING_SIGNATURE' | 'BAD_SIGNATURE' | 'NO_SECRET' | 'REPLAYED' | 'NOT_JSON';
export type InboundState = 'REJECTED' | 'PING' | 'IGNORED' | 'QUEUED' | 'PROCESSING' | 'WAITING' | 'APPLIED' | 'DROPPED' | 'FAILED';

export interface InboundEventRow {
  id: string;
  connection_id: string;
  received_at: Date;
  delivery_id: string | null;
  event_type: string | null;
  verification: Verification;
  state: InboundState;
  refresh: RemoteRef[];
  deleted: RemoteRef[];
  changes: Record<string, Record<string, number>> | null;
  reason: string | null;
  attempts: number;
  next_attempt_at: Date | null;
  receive_ms: number | null;
  processed_at: Date | null;
}

export interface LoggedDelivery {
  connectionId: string;
  deliveryId: string | null;
  eventType: string | null;
  verification: Verification;
  state: InboundState;
  reason?: string | null;
  refresh?: RemoteRef[];
  deleted?: RemoteRef[];
  receiveMs?: number;
}

/** Every SQL statement on inbound_events: the log of deliveries and the work queue's source of truth. */
export class InboundEvents {
  constructor(private readonly pool: pg.Pool) {}

  /** Logs a delivery that changes nothing (refused, ping, ignored). */
  async log(d: LoggedDelivery): Promise<void> {
    await this.pool.query(
      `INSERT INTO inbound_events (connection_id, delivery_id, event_type, verification, state, reason, receive_ms, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())`,
      [d.connectionId, d.deliveryId, d.eventType, d.verification, d.state, d.reason ?? null, d.receiveMs ?? null],
    );
  }

  /** Stores a verified event to apply; null when this delivery id was accepted before (a replay). */
  async accept(d: LoggedDelivery): Promise<string | null> {
    const { rows } = await this.pool.query<{ id: string }>(
      `INSERT INTO inbound_events (connection_id, delivery_id, event_type, verification, state, refresh, deleted, reason, receive_ms, next_attempt_at)
       VALUES ($1, $2, $3, 'VERIFIED', 'QUEUED', $4, $5, $6, $7, now())
       ON CONFLICT (connection_id, delivery_id) WHERE verification = 'VERIFIED' AND delivery_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [d.connectionId, d.deliveryId, d.eventType, JSON.stringify(d.refresh ?? []), JSON.stringify(d.deleted ?? []), d.reason ?? null, d.receiveMs ?? null],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * Takes an event to apply: queued, waiting, or left PROCESSING by a process that died (its lease
   * ran out). Null when another worker has it or it is done.
   */
  async claim(id: string, leaseSeconds: number): Promise<InboundEventRow | null> {
    const { rows } = await this.pool.query<InboundEventRow>(
      `UPDATE inbound_events SET state = 'PROCESSING', attempts = attempts + 1, locked_until = now() + make_interval(secs => $2)
       WHERE id = $1 AND (state IN ('QUEUED', 'WAITING') OR (state = 'PROCESSING' AND locked_until < now()))
       RETURNING *`,
      [id, leaseSeconds],
    );
    return rows[0] ?? null;
  }

  /** Back to the queue (partner failure) or parked (connection unusable) until `afterSeconds`. */
  async postpone(id: string, state: 'QUEUED' | 'WAITING', reason: string, afterSeconds: number): Promise<void> {
    await this.pool.query(
      `UPDATE inbound_events SET state = $2, reason = $3, locked_until = NULL, next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`,
      [id, state, reason, afterSeconds],
    );
  }

  async finish(id: string, state: 'DROPPED' | 'FAILED', reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE inbound_events SET state = $2, reason = $3, locked_until = NULL, next_attempt_at = NULL, processed_at = now() WHERE id = $1`,
      [id, state, reason],
    );
  }

  /** Marks the event applied inside the transaction that applied it. */
  async applied(client: pg.ClientBase, id: string, changes: Record<string, unknown>, reason: string | null): Promise<void> {
    await client.query(
      `UPDATE inbound_events SET state = 'APPLIED', changes = $2, reason = $3, locked_until = NULL, next_attempt_at = NULL, processed_at = now() WHERE id = $1`,
      [id, JSON.stringify(changes), reason],
    );
  }

  /**
   * Events whose work may have been lost (a process died before queueing or while applying) or whose
   * connection recovered: due retries, expired leases, and waiting events of usable connections.
   */
  async due(limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT e.id FROM inbound_events e JOIN connections c ON c.id = e.connection_id
       WHERE (e.state = 'QUEUED' AND e.next_attempt_at <= now() - interval '5 seconds')
          OR (e.state = 'PROCESSING' AND e.locked_until < now())
          OR (e.state = 'WAITING' AND (e.next_attempt_at <= now() OR (c.enabled AND c.state = 'ACTIVE')))
       ORDER BY e.received_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Newest first: up to `limit` events received before `before`, after the position `after` (see management-page.ts). */
  async list(connectionId: string, limit: number, before: Date | null, after: KeysetPosition | null = null): Promise<(InboundEventRow & { position: string })[]> {
    const { rows } = await this.pool.query<InboundEventRow & { position: string }>(
      `SELECT *, ${positionSql('received_at')} AS position FROM inbound_events
       WHERE connection_id = $1 AND ($2::timestamptz IS NULL OR received_at < $2)
         AND ($4::timestamptz IS NULL OR (received_at, id) < ($4, $5::uuid))
       ORDER BY received_at DESC, id DESC LIMIT $3`,
      [connectionId, before, limit, after?.at ?? null, after?.id ?? null],
    );
    return rows;
  }
}
