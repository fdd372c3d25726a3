import pg from 'pg';
import { pino } from 'pino';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import type { RunningAshbySandbox } from '../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { createPool } from '../../src/database/pool.js';
import { stagingDdl } from '../../src/sync/copy-staging.js';
import { JOIN_TABLES, MODEL_TABLES } from '../../src/sync/model-tables.js';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { SyncRuns, type SyncType } from '../../src/sync/sync-runs.repository.js';
import { readClient } from '../ats-api/support/read-client.js';
import { API_KEY, control, startSandbox } from '../connectors/ashby/ashby-test-support.js';
import { FAST_RETRY } from '../sync/support/engine-harness-constants.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { StatementCapture, unscopedScans, type CapturedStatement } from './statement-capture.js';

/**
 * Ready for a database distributed by connection_id (issue 15, item 6): every statement the sync
 * writer, its deletion sweep and the read API send to a synced ats_* table is tied to one
 * connection. Each captured statement is planned (EXPLAIN, with the values it was sent with) and
 * every scan of an ats_* table in the plan must carry a connection_id condition of its own or be
 * joined on connection_id. Citus itself cannot be installed here; this is the property it needs.
 */
const TABLES = new Set([...Object.values(MODEL_TABLES), ...Object.values(JOIN_TABLES)].map((t) => t.table));
/** The sweep compares a table with the ids the run saw (marked, or listed by its pages): that side is checked too. */
const CHECKED = new Set([...TABLES, 'sync_seen', 'sync_page_hashes']);
const mentions = (s: CapturedStatement) => [...TABLES].filter((t) => new RegExp(`\\b${t}\\b`).test(s.text));

let sandbox: RunningAshbySandbox;
let t: TestApp;
let connectionId: string;
let explainer: pg.Client;
const capture = new StatementCapture().install();

async function sync(pool: pg.Pool, type: SyncType): Promise<void> {
  const runner = new SyncRunner({ pool, secrets: new SecretBox(t.config.encryptionKey), logger: pino({ level: 'silent' }), http: { retry: FAST_RETRY, limits: { requestsPerSecond: 10_000, concurrency: 8 } } });
  const run = await SyncRuns.create(pool, connectionId, type, 'MANUAL');
  await runner.execute(run.id);
  expect((await SyncRuns.get(pool, run.id))!.state).toBe('SUCCEEDED');
}

/** Unscoped scans in the plan of one statement, or the planner's complaint. */
async function check(s: CapturedStatement): Promise<string[]> {
  const { rows } = await explainer.query(`EXPLAIN (FORMAT JSON) ${s.text}`, s.values);
  return unscopedScans(rows[0]['QUERY PLAN'][0].Plan, CHECKED);
}

beforeAll(async () => {
  sandbox = await startSandbox(60, 9);
  t = await startTestApp();
  const created = await t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', credentials: { api_key: API_KEY }, base_url: sandbox.url });
  expect(created.status).toBe(201);
  connectionId = created.body.data.id;
  explainer = new pg.Client({ connectionString: t.db.url });
  await explainer.connect();
  // The bulk writer's statements read a session's staging tables (its input, like an unnested
  // array): the explaining session gets its own, empty, so those statements can be planned.
  for (const spec of [...Object.values(MODEL_TABLES), ...Object.values(JOIN_TABLES)]) await explainer.query(stagingDdl(spec));
}, 120_000);
afterAll(async () => {
  capture.uninstall();
  await explainer?.end();
  await t?.close();
  await sandbox?.close();
});

describe('keys of ats_* tables', () => {

  it('every primary and unique key leads with connection_id, the distribution column', async () => {
    const { rows } = await explainer.query<{ table: string; def: string }>(
      `SELECT c.conrelid::regclass::text AS table, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       WHERE c.contype IN ('p', 'u') AND c.conrelid::regclass::text LIKE 'ats\\_%' ORDER BY 1, 2`,
    );
    const tables = new Set(rows.map((r) => r.table));
    for (const table of TABLES) expect({ table, keyed: tables.has(table) }).toEqual({ table, keyed: true });
    const offenders = rows.filter((r) => !/^(PRIMARY KEY|UNIQUE) \(connection_id\b/.test(r.def));
    expect([...new Set(offenders.map((r) => r.table))]).toEqual([]);
    for (const table of TABLES) {
      expect(rows.filter((r) => r.table === table).map((r) => r.def).sort()).toEqual(['PRIMARY KEY (connection_id, id)', 'UNIQUE (connection_id, remote_id)']);
    }
    const [seen] = (await explainer.query<{ def: string }>(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'sync_seen'::regclass AND contype = 'p'`)).rows;
    expect(seen.def).toBe('PRIMARY KEY (connection_id, run_id, model, remote_id)');
  });
});

describe('statements against ats_* tables', () => {
  it('the checker itself flags a lookup by id alone and a join that drops the connection', async () => {
    const id = '00000000-0000-0000-0000-000000000001';
    expect(await check({ text: 'SELECT * FROM ats_candidates WHERE id = $1', values: [id] })).toEqual([expect.stringMatching(/Scan on ats_candidates ats_candidates$/)]);
    const join = await check({
      text: 'SELECT * FROM ats_applications a JOIN ats_candidates c ON c.id = a.candidate_id WHERE a.connection_id = $1',
      values: [connectionId],
    });
    expect(join.some((scan) => scan.includes('ats_candidates c'))).toBe(true);
    expect(await check({ text: 'SELECT * FROM ats_candidates WHERE connection_id = $1 AND id = $2', values: [connectionId, id] })).toEqual([]);
  });

  it('every statement of a FULL, a DELTA, a FULL that sweeps deletions, and the read API names the connection', async () => {
    const pool = createPool(t.db.url, { max: 4 });
    capture.start();
    try {
      await sync(pool, 'FULL');
      await control(sandbox, 'mutate', { update: 5, create: 3, delete: 2, hire: 1 });
      await sync(pool, 'DELTA');
      await sync(pool, 'FULL');

      const read = readClient(t, connectionId);
      const paths = ['users', 'jobs', 'job-postings', 'candidates', 'applications', 'application-stages', 'interviews', 'offers', 'rejection-reasons', 'tags'];
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const some: Record<string, { id: string; remote_id: string }[]> = {};
      for (const path of paths) {
        const first = await read.page<{ id: string; remote_id: string }>(path, { page_size: 3 });
        some[path] = first.results;
        if (first.next) await read.page(path, { cursor: first.next });
        await read.page(path, { include_deleted: true, page_size: 3 });
        await read.page(path, { updated_after: since, page_size: 3 });
        const ids = first.results.map((r) => r.id).join(',');
        if (ids) {
          await read.page(path, { ids });
          await read.page(path, { remote_ids: first.results.map((r) => r.remote_id).join(',') });
          expect((await read.get(`${path}/${first.results[0].id}`)).status).toBe(200);
        }
      }
      const [candidate] = await read.all<any>('candidates', { page_size: 1 }).then((all) => all.slice(0, 1));
      const job = some.jobs[0];
      const application = some.applications[0];
      await read.page('candidates', { email: candidate.email_addresses[0]?.email_address ?? 'nobody@example.com' });
      await read.page('candidates', { first_name: candidate.first_name ?? 'x', last_name: candidate.last_name ?? 'y' });
      await read.page('candidates', { job_ids: job.id });
      await read.page('applications', { job_ids: job.id, candidate_ids: candidate.id, outcomes: 'PENDING,HIRED' });
      await read.page('applications', { current_stage_ids: some['application-stages'][0].id });
      await read.page('jobs', { statuses: 'OPEN,CLOSED', name_contains: 'e', confidential: false });
      await read.page('interviews', { job_ids: job.id, application_ids: application.id });
      await read.page('users', { emails: 'someone@example.com' });
    } finally {
      capture.stop();
      await pool.end();
    }

    const statements = capture.statements.filter((s) => mentions(s).length > 0 && /^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b/i.test(s.text));
    // The workload reached every synced table, through writes and reads.
    expect([...TABLES].filter((table) => !statements.some((s) => mentions(s).includes(table)))).toEqual([]);
    // The sweep ran: its unseen ids (against the seen set and the run's pages), and their update.
    expect(statements.some((s) => /EXCEPT SELECT s\.remote_id FROM sync_seen/.test(s.text) && /sync_page_hashes/.test(s.text))).toBe(true);
    expect(statements.some((s) => /\bUPDATE ats_\w+ t SET remote_deleted_at/.test(s.text))).toBe(true);

    const distinct = [...new Map(statements.map((s) => [s.text, s])).values()];
    const offenders: { sql: string; scans: string[] }[] = [];
    for (const s of distinct) {
      const scans = await check(s);
      if (scans.length > 0) offenders.push({ sql: s.text.replace(/\s+/g, ' ').slice(0, 400), scans });
    }
    expect(offenders).toEqual([]);
    expect(distinct.length).toBeGreaterThan(40);
  }, 300_000);
});
