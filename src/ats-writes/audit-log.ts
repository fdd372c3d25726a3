import type pg from 'pg';
import { positionSql } from '../common/management-page.js';

export interface AuditEntry {
  connectionId: string;
  apiKeyId: string | null;
  action: string;
  idempotencyKey: string | null;
  outcome: 'SUCCEEDED' | 'FAILED';
  statusCode: number;
  errorCode: string | null;
  errorMessage: string | null;
  partnerStatus: number | null;
  /** Resulting ids only (ours and the partner's); never bodies, attachment bytes or secrets. */
  result: Record<string, unknown>;
  warnings: string[];
  durationMs: number;
}

export interface AuditRow {
  id: string;
  action: string;
  api_key_id: string | null;
  idempotency_key: string | null;
  outcome: string;
  status_code: number;
  error_code: string | null;
  error_message: string | null;
  partner_status: number | null;
  result: Record<string, unknown>;
  warnings: string[];
  duration_ms: number;
  created_at: Date;
}

/** The audit log of writes: one row per write attempt that reached the service. */
export class AuditLog {
  constructor(private readonly db: pg.Pool) {}

  async record(e: AuditEntry): Promise<void> {
    await this.db.query(
      `INSERT INTO ats_write_actions (connection_id, api_key_id, action, idempotency_key, outcome, status_code, error_code, error_message, partner_status, result, warnings, duration_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12)`,
      [e.connectionId, e.apiKeyId, e.action, e.idempotencyKey, e.outcome, e.statusCode, e.errorCode, e.errorMessage?.slice(0, 1000) ?? null, e.partnerStatus, JSON.stringify(e.result), JSON.stringify(e.warnings), e.durationMs],
    );
  }

  /** Newest first; `before` is the position (exact created_at text, id) of the last row seen, see management-page.ts. */
  async list(connectionId: string, limit: number, before?: { createdAt: Date | string; id: string }): Promise<(AuditRow & { position: string })[]> {
    const { rows } = await this.db.query<AuditRow & { position: string }>(
      `SELECT id, action, api_key_id, idempotency_key, outcome, status_code, error_code, error_message, partner_status, result, warnings, duration_ms, created_at,
              ${positionSql('created_at')} AS position
       FROM ats_write_actions
       WHERE connection_id = $1 AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      [connectionId, limit, before?.createdAt ?? null, before?.id ?? null],
    );
    return rows;
  }
}
