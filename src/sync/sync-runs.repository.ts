import type { PatienceWait } from './partner-patience.js';
import type pg from 'pg';
import type { RunCounts } from './record-writer.js';

export type SyncType = 'FULL' | 'DELTA';
export type SyncTrigger = 'MANUAL' | 'SCHEDULED';
export type SyncState = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'PARTIALLY_FAILED' | 'FAILED' | 'CANCELLED';
export const FINAL_STATES: readonly SyncState[] = ['SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED'];

export interface StreamReport {
  state: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  mode: SyncType;
  pages: number;
  started_at: string;
  finished_at?: string;
  error?: string;
  /** Why a DELTA fetched everything (no saved position, expired token…). */
  note?: string;
  /** Each wait for a partner that kept failing (429, 5xx…), the latest last, and their total. */
  waits?: PatienceWait[];
  waited_seconds?: number;
  /** The stream's first FULL on this connection: no seen set kept, no sweep. */
  first_full?: boolean;
}

export interface SyncError {
  stream?: string;
  code: string;
  message: string;
  remote_id?: string | null;
}

export interface SyncRun {
  id: string;
  connection_id: string;
  type: SyncType;
  trigger: SyncTrigger;
  state: SyncState;
  counts: RunCounts;
  streams: Record<string, StreamReport>;
  errors: SyncError[];
  worker: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

type Db = pg.Pool | pg.ClientBase;

/** Every sync_runs query takes the connection (or run) it concerns. */
export const SyncRuns = {
  async create(db: Db, connectionId: string, type: SyncType, trigger: SyncTrigger): Promise<SyncRun> {
    const { rows } = await db.query<SyncRun>(
      'INSERT INTO sync_runs (connection_id, type, trigger) VALUES ($1, $2, $3) RETURNING *',
      [connectionId, type, trigger],
    );
    return rows[0];
  },

  async get(db: Db, runId: string): Promise<SyncRun | undefined> {
    const { rows } = await db.query<SyncRun>('SELECT * FROM sync_runs WHERE id = $1', [runId]);
    return rows[0];
  },

  async listForConnection(db: Db, connectionId: string, limit: number, before?: Date): Promise<SyncRun[]> {
    const { rows } = await db.query<SyncRun>(
      `SELECT * FROM sync_runs WHERE connection_id = $1 AND ($3::timestamptz IS NULL OR created_at < $3)
       ORDER BY created_at DESC, id DESC LIMIT $2`,
      [connectionId, limit, before ?? null],
    );
    return rows;
  },

  /** The open (queued or running) run of this type, if any. */
  async findOpen(db: Db, connectionId: string, type?: SyncType): Promise<SyncRun | undefined> {
    const { rows } = await db.query<SyncRun>(
      `SELECT * FROM sync_runs WHERE connection_id = $1 AND state IN ('QUEUED', 'RUNNING')
       AND ($2::text IS NULL OR type = $2) ORDER BY created_at LIMIT 1`,
      [connectionId, type ?? null],
    );
    return rows[0];
  },

  async start(db: Db, runId: string, worker: string): Promise<void> {
    await db.query(
      `UPDATE sync_runs SET state = 'RUNNING', worker = $2, started_at = coalesce(started_at, now()) WHERE id = $1`,
      [runId, worker],
    );
  },

  async progress(db: Db, runId: string, counts: RunCounts, streams: Record<string, StreamReport>, errors: SyncError[]): Promise<void> {
    await db.query('UPDATE sync_runs SET counts = $2, streams = $3, errors = $4 WHERE id = $1', [
      runId,
      JSON.stringify(counts),
      JSON.stringify(streams),
      JSON.stringify(errors),
    ]);
  },

  async finish(db: Db, runId: string, state: SyncState): Promise<void> {
    await db.query('UPDATE sync_runs SET state = $2, finished_at = now() WHERE id = $1', [runId, state]);
    // The seen set only serves the run's deletion sweep.
    await db.query('DELETE FROM sync_seen WHERE run_id = $1', [runId]);
  },
};
