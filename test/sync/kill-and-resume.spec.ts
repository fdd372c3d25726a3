import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { EngineHarness } from './support/engine-harness.js';

const WORKER = new URL('./support/worker-process.ts', import.meta.url).pathname;

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
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: h.db.url, ENCRYPTION_KEY: h.encryptionKey.toString('base64'), RUN_ID: run.id, BATCH_SIZE: '50' },
      stdio: 'pipe',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal ? -1 : _code)));

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
    // The dead worker's database session (and with it the connection lock) ends a moment after the kill.
    let outcome = await h.runner.execute(run.id);
    for (let i = 0; outcome === 'BUSY' && i < 100; i++) {
      await delay(50);
      outcome = await h.runner.execute(run.id);
    }
    expect(outcome).toBe('FINISHED');
    const resumed = (await SyncRuns.get(h.pool, run.id))!;
    expect(resumed.state).toBe('SUCCEEDED');
    const pagesPerRun = 2 * (1000 / 50);
    expect(h.fake.requests - requestsBefore).toBeLessThan(pagesPerRun);

    // Content compared without internal ids (those differ per connection by design).
    const snapshot = async (connectionId: string) =>
      (
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
    const got = await snapshot(h.connectionId);
    expect(got).toHaveLength(3000);
    expect(got).toEqual(await snapshot(clean));
    expect(got.filter((r) => r.remote_deleted_at)).toEqual([]);
    // Nothing was counted twice across the two attempts.
    expect(resumed.counts.candidates).toMatchObject({ created: 1000, deleted: 0 });
  });
});
