import { HttpStatus } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';

/** How long a key is kept per connection. */
export const IDEMPOTENCY_TTL_HOURS = 24;
/** An IN_FLIGHT key older than this belongs to a request whose process died; it may be claimed again. */
const ABANDONED_AFTER_MINUTES = 10;
const KEY = /^[\x21-\x7e]{1,255}$/;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse };

export function requestHash(fingerprint: unknown): string {
  return createHash('sha256').update(JSON.stringify(fingerprint)).digest('hex');
}

/**
 * `Idempotency-Key` (Merge's and Novu's contract): the first request with a key claims it; the same
 * key and request again replays the stored response; another request with it is a 422; while the
 * first is still running, a 409 with Retry-After. Only successful responses are kept: a failed write
 * releases its key so the client can retry with it.
 */
export class IdempotencyStore {
  constructor(private readonly db: pg.Pool) {}

  static checkKey(key: string): void {
    if (!KEY.test(key)) throw ApiError.invalidField('Idempotency-Key', 'must be 1–255 printable ASCII characters without spaces');
  }

  async claim(connectionId: string, key: string, hash: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      // Expired and abandoned keys are removed first, so the insert below can take them.
      await this.db.query(
        `DELETE FROM ats_write_idempotency WHERE connection_id = $1 AND key = $2
           AND (created_at < now() - make_interval(hours => $3)
                OR (state = 'IN_FLIGHT' AND created_at < now() - make_interval(mins => $4)))`,
        [connectionId, key, IDEMPOTENCY_TTL_HOURS, ABANDONED_AFTER_MINUTES],
      );
      const inserted = await this.db.query(
        `INSERT INTO ats_write_idempotency (connection_id, key, request_hash, state) VALUES ($1, $2, $3, 'IN_FLIGHT') ON CONFLICT DO NOTHING`,
        [connectionId, key, hash],
      );
      if (inserted.rowCount === 1) return { kind: 'claimed' };
      const { rows } = await this.db.query<{ request_hash: string; state: string; status_code: number | null; response: unknown }>(
        'SELECT request_hash, state, status_code, response FROM ats_write_idempotency WHERE connection_id = $1 AND key = $2',
        [connectionId, key],
      );
      const row = rows[0];
      if (!row) continue; // released meanwhile: try to claim it again
      if (row.request_hash !== hash) {
        throw new ApiError(
          HttpStatus.UNPROCESSABLE_ENTITY,
          ErrorCode.INPUT_INVALID,
          'Idempotency key reused',
          'Idempotency-Key: this key was used with another request in the last 24 hours; send a new key for a new request.',
          [{ field: 'Idempotency-Key', problem: 'was used with another request' }],
        );
      }
      if (row.state === 'IN_FLIGHT') {
        throw new ApiError(
          HttpStatus.CONFLICT,
          ErrorCode.CONCURRENCY_LIMIT_EXCEEDED,
          'Request in progress',
          'A request with this Idempotency-Key is still in progress; retry after it finishes to get its response.',
          undefined,
          { headers: { 'Retry-After': '1' } },
        );
      }
      return { kind: 'replay', response: { status: row.status_code ?? 200, body: row.response } };
    }
    throw new Error('could not claim the idempotency key');
  }

  async complete(connectionId: string, key: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE ats_write_idempotency SET state = 'DONE', status_code = $3, response = $4::jsonb WHERE connection_id = $1 AND key = $2`,
      [connectionId, key, response.status, JSON.stringify(response.body)],
    );
  }

  async release(connectionId: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM ats_write_idempotency WHERE connection_id = $1 AND key = $2 AND state = 'IN_FLIGHT'`, [connectionId, key]);
  }
}
