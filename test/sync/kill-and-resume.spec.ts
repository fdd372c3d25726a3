import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { EngineHarness } from './support/engine-harness.js';

const WORKER = new URL('./support/worker-process.ts', import.meta.url).pathname;
const WORKER_APP = 'kill-and-resume-worker';

/** A sync worker in its own process, its database sessions named so a test can find them. */
function worker(h: EngineHarness, runId: string, batchSize: number) {
  const url = new URL(h.db.url);
  url.searchParams.set('application_name', WORKER_APP);
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: url.toString(), ENCRYPTION_KEY: h.encryptionKey.toString('base64'), RUN_ID: runId, BATCH_SIZE: String(batchSize) },
    stdio: 'pipe',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ? -1 : code)));
  return { child, exited };
}

/** Runs a killed run again; the dead worker's session (and with it the connection lock) ends a moment after the kill. */
async function resume(h: EngineHarness, runId: string) {
  let outcome = await h.runner.execute(runId);
  for (let i = 0; outcome === 'BUSY' && i < 100; i++) {
    await delay(50);
    outcome = await h.runner.execute(runId);
  }
  return outcome;
}

/**
 * Runs `runId` in a worker until it writes the candidates stream's SUCCEEDED mark and holds that
 * write (a trigger sleeps in it); then `whileHeld`, then the worker is killed and its sessions ended,
 * as if the process had gone before sending the write: everything before it committed, it did not.
 */
async function killAsCandidatesComplete(h: EngineHarness, runId: string, batchSize: number, whileHeld: () => Promise<void> = async () => {}) {
  await h.pool.query(`
    CREATE FUNCTION hold_stream_done() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_sleep(300); RETURN NEW; END $$`);
  await h.pool.query(`
    CREATE TRIGGER hold_stream_done BEFORE UPDATE ON sync_runs FOR EACH ROW
    WHEN (NEW.id = '${runId}' AND NEW.streams->'candidates'->>'state' = 'SUCCEEDED'
          AND OLD.streams->'candidates'->>'state' IS DISTINCT FROM 'SUCCEEDED')
    EXECUTE FUNCTION hold_stream_done()`);
  try {
    const { child, exited } = worker(h, runId, batchSize);
    let held = false;
    for (let i = 0; !held && i < 600; i++) {
      const { rows } = await h.pool.query(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'UPDATE sync_runs SET counts%' AND wait_event = 'PgSleep'`,
        [WORKER_APP],
      );
      held = rows.length > 0;
      if (!held) await delay(50);
    }
    expect(held).toBe(true);
    await whileHeld();
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    await h.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [WORKER_APP]);
    for (let i = 0; i < 100; i++) {
      const { rows } = await h.pool.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [WORKER_APP]);
      if (rows.length === 0) break;
      await delay(50);
    }
  } finally {
    await h.pool.query('DROP TRIGGER IF EXISTS hold_stream_done ON sync_runs');
    await h.pool.query('DROP FUNCTION IF EXISTS hold_stream_done()');
  }
}

/** A connection's content without internal ids (those differ per connection by design). */
async function snapshot(h: EngineHarness, connectionId: string) {
  return (
    await h.pool.query(
      `SELECT 'c' AS t, remote_id, content_hash AS content, remote_deleted_at FROM ats_candidates WHERE connection_id = $1
       UNION ALL
       SELECT 'a', a.remote_id, concat_ws('|', a.outcome, a.remote_data::text, c.remote_id), a.remote_deleted_at
         FROM ats_applications a LEFT JOIN ats_candidates c ON c.id = a.candidate_id WHERE a.connection_id = $1
       UNION ALL
       SELECT 't', remote_id, '', remote_deleted_at FROM ats_candidate_tags WHERE connection_id = $1
       ORDER BY 1, 2`,
      [connectionId],
    )
  ).rows;
}

describe('a run killed mid-way (SIGKILL)', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await new EngineHarness(1000).start();
  });
  afterAll(() => h.stop());

  it('resumes from its last committed page and ends with exactly what a clean run gives', async () => {
    // A reference: the same data synced cleanly into a second connection.
    const clean = await h.addConnection(h.fake.url);
    await h.sync('FULL', clean);

    h.fake.faults.latencyMs = 15;
    const run = await SyncRuns.create(h.pool, h.connectionId, 'FULL', 'MANUAL');
    const { child, exited } = worker(h, run.id, 50);

    // Kill it once some candidate pages are committed, but well before the end.
    for (let i = 0; i < 400; i++) {
      const [{ n }] = (await h.pool.query('SELECT count(*)::int AS n FROM ats_candidates WHERE connection_id = $1', [h.connectionId])).rows;
      if (n >= 200) break;
      await delay(25);
    }
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);

    const interrupted = (await SyncRuns.get(h.pool, run.id))!;
    expect(interrupted.state).toBe('RUNNING');
    const [{ committed }] = (await h.pool.query('SELECT count(*)::int AS committed FROM ats_candidates WHERE connection_id = $1', [h.connectionId])).rows;
    expect(committed).toBeGreaterThanOrEqual(200);
    expect(committed).toBeLessThan(1000);

    // Start it again: it resumes (fewer requests than a whole run) rather than starting over.
    h.fake.faults.latencyMs = 0;
    const requestsBefore = h.fake.requests;
    const outcome = await resume(h, run.id);
    expect(outcome).toBe('FINISHED');
    const resumed = (await SyncRuns.get(h.pool, run.id))!;
    expect(resumed.state).toBe('SUCCEEDED');
    const pagesPerRun = 2 * (1000 / 50);
    expect(h.fake.requests - requestsBefore).toBeLessThan(pagesPerRun);

    const got = await snapshot(h, h.connectionId);
    expect(got).toHaveLength(3000);
    expect(got).toEqual(await snapshot(h, clean));
    expect(got.filter((r) => r.remote_deleted_at)).toEqual([]);
    // Nothing was counted twice across the two attempts.
    expect(resumed.counts.candidates).toMatchObject({ created: 1000, deleted: 0 });
  });

  it('killed as a first FULL stream ends (its rows committed, its completion held): resumed, nothing counted twice', async () => {
    const clean = await h.addConnection(h.fake.url);
    await h.sync('FULL', clean);
    const fresh = await h.addConnection(h.fake.url);
    const run = await SyncRuns.create(h.pool, fresh, 'FULL', 'MANUAL');

    // The stream's last batch is committed by then; its completion (which commits with the held write) is not.
    await killAsCandidatesComplete(h, run.id, 100, async () => {
      const [{ done }] = (await h.pool.query('SELECT count(*)::int AS done FROM ats_candidates WHERE connection_id = $1', [fresh])).rows;
      expect(done).toBe(1000);
    });
    const interrupted = (await SyncRuns.get(h.pool, run.id))!;
    expect(interrupted.state).toBe('RUNNING');
    expect(interrupted.streams.candidates?.state).toBe('RUNNING');

    expect(await resume(h, run.id)).toBe('FINISHED');
    const resumed = (await SyncRuns.get(h.pool, run.id))!;
    expect(resumed.state).toBe('SUCCEEDED');
    expect(await snapshot(h, fresh)).toEqual(await snapshot(h, clean));
    // Every record fetched is accounted for once: a first FULL's records, met again on resuming, are
    // not mistaken for records of an earlier sync.
    for (const model of ['candidates', 'applications'] as const) {
      const counts = resumed.counts[model]!;
      expect(counts).toMatchObject({ fetched: 1000, created: 1000, updated: 0, deleted: 0 });
    }
  });
});

/**
 * A FULL over unchanged pages only confirms them (no sync_seen row per record) and counts their
 * records when the stream ends: a kill before that end, or as the end commits, must neither lose
 * those counts nor repeat them, and the sweep still keeps every record of the confirmed pages.
 */
describe('an unchanged FULL killed (SIGKILL)', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await new EngineHarness(1000).start();
  });
  afterAll(() => h.stop());

  const exact = (n: number, deleted = 0) => ({ fetched: n, created: 0, updated: 0, unchanged: n, deleted, failed: 0 });
  const confirmedPages = async (connectionId: string, runId: string) =>
    (await h.pool.query(`SELECT count(*)::int AS n FROM sync_page_hashes WHERE connection_id = $1 AND stream = 'candidates' AND run_id = $2`, [connectionId, runId])).rows[0].n as number;

  it('mid-way: resumed, its confirmed pages counted once, the record gone upstream swept', async () => {
    await h.sync('FULL');
    h.fake.remove('c0000999');
    const clean = await h.addConnection(h.fake.url);
    await h.sync('FULL', clean);

    h.fake.faults.latencyMs = 25;
    const run = await SyncRuns.create(h.pool, h.connectionId, 'FULL', 'MANUAL');
    // Batches of 10 records: an unchanged page of 50 weighs 5, so every second page commits.
    const { child, exited } = worker(h, run.id, 10);
    for (let i = 0; i < 400 && (await confirmedPages(h.connectionId, run.id)) < 4; i++) await delay(25);
    child.kill('SIGKILL');
    expect(await exited).toBe(-1);
    expect((await SyncRuns.get(h.pool, run.id))!.state).toBe('RUNNING');
    const confirmed = await confirmedPages(h.connectionId, run.id);
    expect(confirmed).toBeGreaterThanOrEqual(4);
    expect(confirmed).toBeLessThan(20);

    h.fake.faults.latencyMs = 0;
    expect(await resume(h, run.id)).toBe('FINISHED');
    const resumed = (await SyncRuns.get(h.pool, run.id))!;
    expect(resumed.state).toBe('SUCCEEDED');
    expect(resumed.counts.candidates).toEqual(exact(999, 1));
    expect(resumed.counts.applications).toEqual(exact(999, 1));
    expect(resumed.counts.candidate_tags).toEqual(exact(999, 1));
    const got = await snapshot(h, h.connectionId);
    expect(got.filter((r) => r.remote_deleted_at).map((r) => r.remote_id)).toEqual(['a0000999', 'c0000999', 'c0000999:t0']);
    expect(got.filter((r) => !r.remote_deleted_at)).toEqual(await snapshot(h, clean));
  });

  it('as the stream completes (its end held, then killed): resumed, nothing counted twice', async () => {
    const connection = await h.addConnection(h.fake.url);
    await h.sync('FULL', connection);
    const run = await SyncRuns.create(h.pool, connection, 'FULL', 'MANUAL');
    // The held write commits with the stream's sweep and the counts of its confirmed pages.
    await killAsCandidatesComplete(h, run.id, 10);
    expect((await SyncRuns.get(h.pool, run.id))!.streams.candidates?.state).toBe('RUNNING');

    expect(await resume(h, run.id)).toBe('FINISHED');
    const resumed = (await SyncRuns.get(h.pool, run.id))!;
    expect(resumed.state).toBe('SUCCEEDED');
    expect(resumed.counts.candidates).toEqual(exact(999));
    expect(resumed.counts.candidate_tags).toEqual(exact(999));
    expect(resumed.counts.applications).toEqual(exact(999));
    expect((await snapshot(h, connection)).filter((r) => r.remote_deleted_at)).toEqual([]);
  });
});
