import type pg from 'pg';
import type { SecretBox } from '../../common/crypto/secret-box.js';
import { generateToken } from '../../common/crypto/token-hash.js';
import { positionSql, type KeysetPosition } from '../../common/management-page.js';

export const endpointSecretAad = (endpointId: string) => `webhook-endpoint:${endpointId}`;

export interface EndpointRow {
  id: string;
  url: string;
  event_types: string[];
  connection_id: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: Date;
  updated_at: Date;
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: string;
  state: string;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  attempt_log: { attempt: number; started_at: string; status: number | null; latency_ms: number; error: string | null }[];
}

/** A row of a keyset-paged list, with `position`: its time as exact text (see management-page.ts). */
export type Positioned<R> = R & { position: string };

const COLUMNS = 'id, url, event_types, connection_id, enabled, disabled_reason, consecutive_failures, created_at, updated_at';

/** Every SQL statement on webhook endpoints and their deliveries (outside the outbox and the sender). */
export class WebhookEndpoints {
  constructor(
    private readonly pool: pg.Pool,
    private readonly secrets: SecretBox,
  ) {}

  async create(input: { url: string; event_types: string[]; connection_id: string | null; enabled: boolean }): Promise<{ endpoint: EndpointRow; secret: string }> {
    const secret = generateToken('whsec_');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<EndpointRow>(
        `INSERT INTO webhook_endpoints (url, event_types, connection_id, enabled, secret_encrypted) VALUES ($1, $2, $3, $4, '') RETURNING ${COLUMNS}`,
        [input.url, input.event_types, input.connection_id, input.enabled],
      );
      // Sealed with the endpoint's id, which exists only now.
      await client.query('UPDATE webhook_endpoints SET secret_encrypted = $2 WHERE id = $1', [rows[0].id, this.secrets.seal(secret, endpointSecretAad(rows[0].id))]);
      await client.query('COMMIT');
      return { endpoint: rows[0], secret };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Oldest first, up to `limit` rows after `after`. */
  async list(limit: number, after: KeysetPosition | null): Promise<Positioned<EndpointRow>[]> {
    const { rows } = await this.pool.query<Positioned<EndpointRow>>(
      `SELECT ${COLUMNS}, ${positionSql('created_at')} AS position FROM webhook_endpoints
       WHERE $2::timestamptz IS NULL OR (created_at, id) > ($2, $3::uuid)
       ORDER BY created_at, id LIMIT $1`,
      [limit, after?.at ?? null, after?.id ?? null],
    );
    return rows;
  }

  async find(id: string): Promise<EndpointRow | null> {
    return (await this.pool.query<EndpointRow>(`SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id])).rows[0] ?? null;
  }

  async update(id: string, patch: { url?: string; event_types?: string[]; enabled?: boolean }): Promise<EndpointRow | null> {
    const { rows } = await this.pool.query<EndpointRow>(
      `UPDATE webhook_endpoints SET
         url = coalesce($2, url), event_types = coalesce($3, event_types), enabled = coalesce($4, enabled),
         -- Enabling again clears why it was disabled and starts the failure count afresh.
         disabled_reason = CASE WHEN $4 IS TRUE THEN NULL ELSE disabled_reason END,
         consecutive_failures = CASE WHEN $4 IS TRUE THEN 0 ELSE consecutive_failures END,
         updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, patch.url ?? null, patch.event_types ?? null, patch.enabled ?? null],
    );
    return rows[0] ?? null;
  }

  async remove(id: string): Promise<boolean> {
    return ((await this.pool.query('DELETE FROM webhook_endpoints WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  /** Newest first: up to `limit` deliveries created before `before`, after the position `after`. */
  async deliveries(endpointId: string, limit: number, before: Date | null, after: KeysetPosition | null = null): Promise<Positioned<DeliveryRow>[]> {
    const { rows } = await this.pool.query<Positioned<DeliveryRow>>(
      `SELECT d.id, d.event_id, ev.type AS event_type, d.state, d.attempts, d.next_attempt_at, d.last_status, d.last_error, d.created_at, d.delivered_at,
              ${positionSql('d.created_at')} AS position,
              coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'started_at', a.started_at, 'status', a.status, 'latency_ms', a.latency_ms, 'error', a.error) ORDER BY a.attempt, a.id)
                        FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempt_log
       FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
       WHERE d.endpoint_id = $1 AND ($2::timestamptz IS NULL OR d.created_at < $2)
         AND ($4::timestamptz IS NULL OR (d.created_at, d.id) < ($4, $5::uuid))
       ORDER BY d.created_at DESC, d.id DESC LIMIT $3`,
      [endpointId, before, limit, after?.at ?? null, after?.id ?? null],
    );
    return rows;
  }

  /** Sends a delivery again (same id, same body); null when there is none, 'busy' while it is being sent. */
  async retry(endpointId: string, deliveryId: string): Promise<'busy' | null | DeliveryRow> {
    const { rows } = await this.pool.query<{ state: string }>(
      `UPDATE webhook_deliveries SET state = CASE WHEN state = 'SENDING' THEN state ELSE 'PENDING' END,
         next_attempt_at = CASE WHEN state = 'SENDING' THEN next_attempt_at ELSE now() END
       WHERE id = $1 AND endpoint_id = $2 RETURNING state`,
      [deliveryId, endpointId],
    );
    if (rows.length === 0) return null;
    if (rows[0].state === 'SENDING') return 'busy';
    await this.pool.query(`SELECT pg_notify('ats_sync_webhooks', $1)`, [deliveryId]);
    const [delivery] = (await this.deliveries(endpointId, 1000, null)).filter((d) => d.id === deliveryId);
    return delivery ?? null;
  }
}
