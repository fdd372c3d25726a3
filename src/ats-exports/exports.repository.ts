import type pg from 'pg';
import { inTransaction } from '../database/transaction.js';
import { emit } from '../events/outbound/outbox.js';
import type { ExportCandidate } from './export-candidate.js';

export type ExportState = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'PARTIALLY_FAILED' | 'FAILED';
export type ItemState = 'PENDING' | 'IN_PROGRESS' | 'CREATED' | 'UPDATED' | 'SKIPPED_ALREADY_EXPORTED' | 'FAILED';

export interface ExportTarget {
  job_id: string | null;
  job_remote_id: string | null;
  stage_remote_id: string | null;
  project_remote_ids: string[];
}

export interface ExportOptions {
  include_previously_exported: boolean;
  generate_placeholder_emails: boolean;
  placeholder_email_domain: string | null;
}

/** An export's key: its connection (the distribution column) and its id. */
export interface ExportKey {
  connection_id: string;
  id: string;
}

export interface ExportRow {
  id: string;
  connection_id: string;
  state: ExportState;
  target: ExportTarget;
  options: ExportOptions;
  total: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

export interface ItemRow {
  position: number;
  external_id: string;
  candidate: ExportCandidate;
  state: ItemState;
  attempts: number;
  candidate_remote_id: string | null;
  application_remote_id: string | null;
  error_code: string | null;
  error_message: string | null;
  warnings: string[];
}

export interface Identity {
  external_id: string;
  candidate_remote_id: string;
  placeholder_email: string | null;
  applied_job_remote_ids: string[];
}

export interface ItemOutcome {
  state: Exclude<ItemState, 'PENDING' | 'IN_PROGRESS'>;
  candidate_remote_id: string | null;
  application_remote_id: string | null;
  error_code: string | null;
  error_message: string | null;
  warnings: string[];
  /** Recorded with the outcome, in the same transaction, so a crash never loses which candidate it became. */
  identity: { candidate_remote_id: string; placeholder_email: string | null; applied_job_remote_id: string | null } | null;
}

/** All SQL on exports, their items and the external-id identities; every statement names the connection or the export. */
export class ExportsRepository {
  constructor(private readonly db: pg.Pool) {}

  /** The export and all its items in one transaction (one statement for the items). */
  async create(connectionId: string, target: ExportTarget, options: ExportOptions, candidates: ExportCandidate[]): Promise<ExportRow> {
    return inTransaction(this.db, async (client) => {
      const { rows } = await client.query<ExportRow>(
        `INSERT INTO ats_exports (connection_id, state, target, options, total) VALUES ($1, 'QUEUED', $2, $3, $4) RETURNING *`,
        [connectionId, target, options, candidates.length],
      );
      await client.query(
        `INSERT INTO ats_export_items (connection_id, export_id, position, external_id, candidate)
         SELECT $1, $2, ordinality - 1, c ->> 'external_id', c FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS t(c, ordinality)`,
        [connectionId, rows[0].id, JSON.stringify(candidates)],
      );
      return rows[0];
    });
  }

  async get(connectionId: string, id: string): Promise<ExportRow | null> {
    const { rows } = await this.db.query<ExportRow>(`SELECT * FROM ats_exports WHERE connection_id = $1 AND id = $2`, [connectionId, id]);
    return rows[0] ?? null;
  }

  async getByKey(key: ExportKey): Promise<ExportRow | null> {
    return this.get(key.connection_id, key.id);
  }

  /** Exports not finished: queued, or left RUNNING by a process that died. */
  async unfinished(): Promise<ExportKey[]> {
    const { rows } = await this.db.query<ExportKey>(`SELECT connection_id, id FROM ats_exports WHERE state IN ('QUEUED', 'RUNNING') ORDER BY created_at`);
    return rows;
  }

  async setState(key: ExportKey, state: ExportState, error: string | null = null): Promise<void> {
    await this.db.query(
      `UPDATE ats_exports SET state = $2, error = $3,
         started_at = CASE WHEN $2 = 'RUNNING' THEN coalesce(started_at, now()) ELSE started_at END,
         finished_at = CASE WHEN $2 IN ('COMPLETED', 'PARTIALLY_FAILED', 'FAILED') THEN now() ELSE NULL END
       WHERE connection_id = $4 AND id = $1`,
      [key.id, state, error, key.connection_id],
    );
  }

  /**
   * The export's end and its `export.completed` event in one transaction: the event goes out exactly
   * when the state is stored, once (keyed on the export), whichever process finished it.
   */
  async finishExport(row: ExportRow, provider: string, state: 'COMPLETED' | 'PARTIALLY_FAILED', counts: Record<string, number>): Promise<void> {
    await inTransaction(this.db, async (client) => {
      const { rows } = await client.query<{ finished_at: Date }>(
        `UPDATE ats_exports SET state = $3, error = NULL, finished_at = now() WHERE connection_id = $1 AND id = $2 RETURNING finished_at`,
        [row.connection_id, row.id, state],
      );
      await emit(client, {
        type: 'export.completed',
        connectionId: row.connection_id,
        sourceKey: `export:${row.id}:completed`,
        data: {
          integration_id: row.connection_id,
          integration_tool: provider,
          integration_category: 'ATS',
          export_id: row.id,
          state,
          total: row.total,
          counts,
          finished_at: rows[0].finished_at.toISOString(),
        },
      });
    });
  }

  /** The next open items (pending, or in progress when a process died) in order. */
  async openItems(key: ExportKey, limit: number): Promise<ItemRow[]> {
    const { rows } = await this.db.query<ItemRow>(
      `SELECT position, external_id, candidate, state, attempts, candidate_remote_id, application_remote_id, error_code, error_message, warnings
       FROM ats_export_items WHERE connection_id = $1 AND export_id = $2 AND state IN ('PENDING', 'IN_PROGRESS') ORDER BY position LIMIT $3`,
      [key.connection_id, key.id, limit],
    );
    return rows;
  }

  /** Marks items as started before any partner call: one that stays IN_PROGRESS may have reached the ATS. */
  async start(key: ExportKey, positions: number[]): Promise<void> {
    await this.db.query(`UPDATE ats_export_items SET state = 'IN_PROGRESS', attempts = attempts + 1 WHERE connection_id = $1 AND export_id = $2 AND position = ANY($3::int[])`, [key.connection_id, key.id, positions]);
  }

  async identities(connectionId: string, externalIds: string[]): Promise<Map<string, Identity>> {
    const { rows } = await this.db.query<Identity>(
      `SELECT external_id, candidate_remote_id, placeholder_email, applied_job_remote_ids FROM ats_export_identities WHERE connection_id = $1 AND external_id = ANY($2::text[])`,
      [connectionId, externalIds],
    );
    return new Map(rows.map((r) => [r.external_id, r]));
  }

  /** An item's outcome and the identity it established, together. */
  async finish(key: ExportKey, item: ItemRow, outcome: ItemOutcome): Promise<void> {
    const { connection_id: connectionId, id: exportId } = key;
    await inTransaction(this.db, async (client) => {
      if (outcome.identity) {
        await client.query(
          `INSERT INTO ats_export_identities (connection_id, external_id, candidate_remote_id, placeholder_email, applied_job_remote_ids, first_export_id)
           VALUES ($1, $2, $3, $4, CASE WHEN $5::text IS NULL THEN '{}'::text[] ELSE ARRAY[$5::text] END, $6)
           ON CONFLICT (connection_id, external_id) DO UPDATE SET candidate_remote_id = EXCLUDED.candidate_remote_id,
             placeholder_email = coalesce(ats_export_identities.placeholder_email, EXCLUDED.placeholder_email),
             applied_job_remote_ids = CASE WHEN $5::text IS NULL OR $5::text = ANY(ats_export_identities.applied_job_remote_ids)
               THEN ats_export_identities.applied_job_remote_ids ELSE ats_export_identities.applied_job_remote_ids || $5::text END,
             updated_at = now()`,
          [connectionId, item.external_id, outcome.identity.candidate_remote_id, outcome.identity.placeholder_email, outcome.identity.applied_job_remote_id, exportId],
        );
      }
      await client.query(
        `UPDATE ats_export_items SET state = $3, candidate_remote_id = $4, application_remote_id = $5, error_code = $6, error_message = $7,
           warnings = $8, finished_at = now()
         WHERE connection_id = $9 AND export_id = $1 AND position = $2`,
        [exportId, item.position, outcome.state, outcome.candidate_remote_id, outcome.application_remote_id, outcome.error_code, outcome.error_message, JSON.stringify(outcome.warnings), connectionId],
      );
    });
  }

  /** Exported candidates not yet added to the export's projects. */
  async awaitingProjects(key: ExportKey): Promise<{ position: number; candidate_remote_id: string }[]> {
    const { rows } = await this.db.query<{ position: number; candidate_remote_id: string }>(
      `SELECT position, candidate_remote_id FROM ats_export_items
       WHERE connection_id = $1 AND export_id = $2 AND state IN ('CREATED', 'UPDATED') AND NOT projects_done AND candidate_remote_id IS NOT NULL ORDER BY position`,
      [key.connection_id, key.id],
    );
    return rows;
  }

  async projectsDone(key: ExportKey, positions: number[]): Promise<void> {
    await this.db.query(`UPDATE ats_export_items SET projects_done = true WHERE connection_id = $1 AND export_id = $2 AND position = ANY($3::int[])`, [key.connection_id, key.id, positions]);
  }

  async addWarning(key: ExportKey, positions: number[], warning: string): Promise<void> {
    await this.db.query(`UPDATE ats_export_items SET warnings = warnings || to_jsonb($4::text) WHERE connection_id = $1 AND export_id = $2 AND position = ANY($3::int[])`, [key.connection_id, key.id, positions, warning]);
  }

  async counts(key: ExportKey): Promise<Record<string, number>> {
    const { rows } = await this.db.query<{ state: ItemState; n: number }>(`SELECT state, count(*)::int AS n FROM ats_export_items WHERE connection_id = $1 AND export_id = $2 GROUP BY state`, [key.connection_id, key.id]);
    const by = Object.fromEntries(rows.map((r) => [r.state, r.n])) as Partial<Record<ItemState, number>>;
    return {
      created: by.CREATED ?? 0,
      updated: by.UPDATED ?? 0,
      skipped_already_exported: by.SKIPPED_ALREADY_EXPORTED ?? 0,
      failed: by.FAILED ?? 0,
      pending: (by.PENDING ?? 0) + (by.IN_PROGRESS ?? 0),
    };
  }

  /** One page of per-candidate results, by position. */
  async items(key: ExportKey, after: number, limit: number): Promise<ItemRow[]> {
    const { rows } = await this.db.query<ItemRow>(
      `SELECT position, external_id, state, attempts, candidate_remote_id, application_remote_id, error_code, error_message, warnings
       FROM ats_export_items WHERE connection_id = $1 AND export_id = $2 AND position > $3 ORDER BY position LIMIT $4`,
      [key.connection_id, key.id, after, limit],
    );
    return rows;
  }

  /** Does the mirror show an application of this candidate to this job? (A resumed item must not apply twice.) */
  async hasApplication(connectionId: string, candidateId: string, jobId: string): Promise<boolean> {
    const { rows } = await this.db.query(
      `SELECT 1 FROM ats_applications WHERE connection_id = $1 AND candidate_id = $2 AND job_id = $3 AND remote_deleted_at IS NULL LIMIT 1`,
      [connectionId, candidateId, jobId],
    );
    return rows.length > 0;
  }
}
