import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { pino } from 'pino';
import { SyncQueue } from '../../src/sync/sync-queue.js';
import { FINAL_STATES, SyncRuns, type SyncRun } from '../../src/sync/sync-runs.repository.js';
import { EngineHarness } from './support/engine-harness.js';

const WORKER = new URL('./support/queue-worker-process.ts', import.meta.url).pathname;

function startWorker(h: EngineHarness): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: h.db.url, ENCRYPTION_KEY: h.encryptionKey.toString('base64') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

describe('two ats-sync processes on one database', () => {
  let h: EngineHarness;
  let workers: ChildProcess[] = [];
  beforeAll(async () => {
    h = await new EngineHarness(300).start();
  });
  afterAll(async () => {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
    await h.stop();
  });

  it('share the queue but never run two syncs of one connection at once', async () => {
    // More connections than one process has workers, so both processes get work.
    const connections = [h.connectionId, await h.addConnection(h.fake.url), await h.addConnection(h.fake.url), await h.addConnection(h.fake.url)];
    // The queue's own schema is created by the first process to start.
    const producer = new SyncQueue({ databaseUrl: h.db.url, pool: h.pool, runner: h.runner, logger: pino({ level: 'silent' }), workers: 0 });
    await producer.start();
    workers = [await startWorker(h), await startWorker(h)];
    h.fake.faults.latencyMs = 20; // each run takes a while, so the runs contend

    const runs: SyncRun[] = [];
    for (const type of ['FULL', 'DELTA', 'FULL'] as const) {
      for (const connectionId of connections) {
        const run = await SyncRuns.create(h.pool, connectionId, type, 'MANUAL');
        await producer.enqueue(run.id);
        runs.push(run);
      }
    }

    let done: SyncRun[] = [];
    for (let i = 0; i < 600; i++) {
      done = await Promise.all(runs.map(async (r) => (await SyncRuns.get(h.pool, r.id))!));
      if (done.every((r) => FINAL_STATES.includes(r.state))) break;
      await delay(100);
    }
    await producer.stop();

    expect(done.map((r) => r.state)).toEqual(runs.map(() => 'SUCCEEDED'));
    // Both processes did work…
    expect(new Set(done.map((r) => r.worker)).size).toBeGreaterThanOrEqual(2);
    // …and per connection, no two runs overlapped in time.
    for (const connectionId of connections) {
      const spans = done
        .filter((r) => r.connection_id === connectionId)
        .map((r) => [r.started_at!.getTime(), r.finished_at!.getTime()])
        .sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
    }
    // Across connections, runs did overlap: the lock is per connection, not global.
    const all = done.map((r) => [r.started_at!.getTime(), r.finished_at!.getTime(), r.connection_id] as const);
    const parallel = all.some(([s1, e1, c1]) => all.some(([s2, , c2]) => c1 !== c2 && s2 > s1 && s2 < e1));
    expect(parallel).toBe(true);
  });
});
