import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { stableId } from '../../../src/ats/stable-id.js';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { JOIN_TABLES, MODEL_TABLES } from '../../../src/sync/model-tables.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import { SyncRuns, type SyncRun, type SyncType } from '../../../src/sync/sync-runs.repository.js';
import { FAST_RETRY } from '../../sync/support/engine-harness-constants.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { createPool } from '../../../src/database/pool.js';
import { insertConnectionRow } from '../../support/connection-row.js';

/** Every table a sync writes: the models and the join tables, by model name. */
export const ALL_TABLES: Record<string, string> = Object.fromEntries([
  ...Object.entries(MODEL_TABLES).map(([model, spec]) => [model, spec.table]),
  ...Object.entries(JOIN_TABLES).map(([join, spec]) => [join, spec.table]),
]);

export interface RowVersion {
  changed_at: string;
  remote_deleted_at: string | null;
  /** xmin: the writing transaction; equal means the row was not rewritten. */
  version: string;
}

/** remote_id → version, per model (and join) name. */
export type Snapshot = Record<string, Map<string, RowVersion>>;

/**
 * A migrated database, a connection of a real provider pointed at a sandbox, and the real
 * SyncRunner with the registry's connector (partner limits lifted, short retries).
 */
export class E2eHarness {
  readonly secrets = new SecretBox(randomBytes(32));
  db!: TestDatabase;
  pool!: pg.Pool;
  connectionId!: string;
  runner!: SyncRunner;

  constructor(
    private readonly provider: string,
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  async start(): Promise<this> {
    this.db = await createTestDatabase();
    this.pool = createPool(this.db.url, { max: 6 });
    this.connectionId = await insertConnectionRow(this.pool, this.secrets, { provider: this.provider, baseUrl: this.baseUrl, apiKey: this.apiKey });
    this.runner = new SyncRunner({
      pool: this.pool,
      secrets: this.secrets,
      logger: pino({ level: 'silent' }),
      http: { retry: FAST_RETRY, limits: { requestsPerSecond: 10_000, concurrency: 8 } },
    });
    return this;
  }

  /** Runs one sync to its end and expects it to succeed without errors. */
  async sync(type: SyncType): Promise<SyncRun> {
    const created = await SyncRuns.create(this.pool, this.connectionId, type, 'MANUAL');
    expect(await this.runner.execute(created.id)).toBe('FINISHED');
    const run = (await SyncRuns.get(this.pool, created.id))!;
    expect({ state: run.state, errors: run.errors }).toEqual({ state: 'SUCCEEDED', errors: [] });
    return run;
  }

  id(model: string, remoteId: string): string {
    return stableId(this.connectionId, model, remoteId);
  }

  async query<T extends pg.QueryResultRow = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  /** Every row of a model (or join) of this connection, by remote id. */
  async rows(model: string): Promise<Map<string, Record<string, any>>> {
    const rows = await this.query(`SELECT * FROM ${ALL_TABLES[model]} WHERE connection_id = $1`, [this.connectionId]);
    return new Map(rows.map((r) => [r.remote_id as string, r]));
  }

  /** Remote ids of a model's rows: the live ones, or the ones marked deleted. */
  async remoteIds(model: string, which: 'live' | 'deleted' = 'live'): Promise<string[]> {
    const rows = await this.query<{ remote_id: string }>(
      `SELECT remote_id FROM ${ALL_TABLES[model]} WHERE connection_id = $1 AND remote_deleted_at IS ${which === 'live' ? '' : 'NOT'} NULL`,
      [this.connectionId],
    );
    return rows.map((r) => r.remote_id).sort();
  }

  /** A FULL over unchanged data: nothing created, updated or deleted, no row rewritten. Returns the snapshot from before it. */
  async fullWritesNothing(): Promise<Snapshot> {
    const before = await this.snapshot();
    const run = await this.sync('FULL');
    for (const [model, c] of Object.entries(run.counts)) {
      expect({ model, created: c!.created, updated: c!.updated, deleted: c!.deleted }).toEqual({ model, created: 0, updated: 0, deleted: 0 });
    }
    expect(diff(before, await this.snapshot())).toEqual({});
    return before;
  }

  async snapshot(): Promise<Snapshot> {
    const out: Snapshot = {};
    for (const [model, table] of Object.entries(ALL_TABLES)) {
      const rows = await this.query<{ remote_id: string } & RowVersion>(
        `SELECT remote_id, changed_at::text, remote_deleted_at::text, xmin::text AS version FROM ${table} WHERE connection_id = $1`,
        [this.connectionId],
      );
      out[model] = new Map(rows.map(({ remote_id, ...v }) => [remote_id, v]));
    }
    return out;
  }

  /**
   * For every row the foreign key columns point at an existing row of this connection: application
   * candidate/job/stage, join parents and members. Returns the dangling references (none expected).
   */
  async danglingReferences(): Promise<string[]> {
    const checks: [string, string, string][] = [
      ['ats_applications', 'candidate_id', 'ats_candidates'],
      ['ats_applications', 'job_id', 'ats_jobs'],
      ['ats_applications', 'current_stage_id', 'ats_application_stages'],
      ['ats_interviews', 'application_id', 'ats_applications'],
      ['ats_interviews', 'stage_id', 'ats_application_stages'],
      ['ats_offers', 'application_id', 'ats_applications'],
      ['ats_job_postings', 'job_id', 'ats_jobs'],
    ];
    for (const spec of Object.values(JOIN_TABLES)) {
      checks.push([spec.table, spec.parentColumn, MODEL_TABLES[spec.parentModel].table]);
      checks.push([spec.table, spec.memberColumn, MODEL_TABLES[spec.memberModel].table]);
    }
    const dangling: string[] = [];
    for (const [table, column, target] of checks) {
      const rows = await this.query<{ remote_id: string }>(
        `SELECT t.remote_id FROM ${table} t LEFT JOIN ${target} x ON x.id = t."${column}" AND x.connection_id = t.connection_id
         WHERE t.connection_id = $1 AND t."${column}" IS NOT NULL AND x.id IS NULL`,
        [this.connectionId],
      );
      dangling.push(...rows.map((r) => `${table}.${column} of ${r.remote_id} → no row in ${target}`));
    }
    return dangling;
  }

  async stop(): Promise<void> {
    await this.pool?.end();
    await this.db?.drop();
  }
}

/** What moved between two snapshots, per model: rows created, rewritten, and newly marked deleted. */
export function diff(before: Snapshot, after: Snapshot) {
  const out: Record<string, { created: string[]; changed: string[]; deleted: string[]; rewritten: string[] }> = {};
  for (const model of Object.keys(after)) {
    const d = { created: [] as string[], changed: [] as string[], deleted: [] as string[], rewritten: [] as string[] };
    for (const [id, row] of after[model]) {
      const old = before[model]?.get(id);
      if (!old) d.created.push(id);
      else {
        if (old.changed_at !== row.changed_at) d.changed.push(id);
        if (old.remote_deleted_at === null && row.remote_deleted_at !== null) d.deleted.push(id);
        if (old.version !== row.version) d.rewritten.push(id);
      }
    }
    for (const list of Object.values(d)) list.sort();
    if (Object.values(d).some((l) => l.length > 0)) out[model] = d;
  }
  for (const model of Object.keys(before)) {
    for (const id of before[model].keys()) if (!after[model]?.has(id)) throw new Error(`${model} ${id} vanished`);
  }
  return out;
}

export const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort();
