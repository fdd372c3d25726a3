import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { API_KEY, startSandbox } from '../../connectors/ashby/ashby-test-support.js';
import { freePort } from '../../support/free-port.js';
import { recordFigure } from '../support/chaos-figures.js';
import { contentOf } from '../support/content-snapshot.js';
import { adminKey, alive, embeddedUrl, healthy, postmaster, serve, waitUntil, type ServeProcess } from '../support/serve-process.js';

/**
 * SIGKILL at random points of FULL and DELTA runs of `ats-sync serve` on its embedded PostgreSQL,
 * killing either the server alone (its PostgreSQL left running, as after an out-of-memory kill) or
 * the whole process group; then the same command again. Every run must finish SUCCEEDED with the
 * content of a clean run, its counts not doubled.
 */
const KILLS_FULL = Number(process.env.CHAOS_KILLS_FULL ?? 20);
const KILLS_DELTA = Number(process.env.CHAOS_KILLS_DELTA ?? 10);

interface RunView {
  id: string;
  state: string;
  duration_seconds: number | null;
  counts: Record<string, { fetched: number }>;
}

describe('SIGKILL at random points of a sync, then the same command again', () => {
  let sandbox: RunningAshbySandbox;
  let dir: string;
  let dataDir: string;
  let port: number;
  let server: ServeProcess;
  let key: string;
  let seed = 20261202;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return (json as { data: T }).data;
  };
  const start = async () => {
    server = serve(dataDir, port, { ATS_SYNC_WORKERS: '2', ATS_SYNC_SCHEDULER: 'on', ATS_SYNC_SCHEDULER_INTERVAL_SECONDS: '5' });
    await healthy(server);
  };
  const finished = async (runId: string): Promise<RunView> => {
    for (const end = Date.now() + 180_000; Date.now() < end; await delay(250)) {
      const run = await api<RunView>('GET', `/v1/syncs/${runId}`);
      if (['SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED'].includes(run.state)) return run;
    }
    throw new Error(`run ${runId} did not finish`);
  };
  const connection = async (name: string) =>
    (await api<{ id: string }>('POST', '/v1/connections', { provider: 'ashby', name, credentials: { api_key: API_KEY }, base_url: sandbox.url, settings: { sync_paused: true } })).id;
  const sync = async (id: string, type: 'FULL' | 'DELTA') => (await api<RunView>('POST', `/v1/connections/${id}/sync`, { type })).id;

  /** A connection's content without internal ids, read from the embedded database. */
  async function content(connectionId: string): Promise<Record<string, string[]>> {
    const client = new pg.Client({ connectionString: embeddedUrl(dataDir) });
    await client.connect();
    try {
      return await contentOf(client, connectionId);
    } finally {
      await client.end();
    }
  }

  /** One kill at a random point of a run, a restart, and the run's end. */
  async function killDuring(runId: string, within: number, how: 'server' | 'group'): Promise<{ midRun: boolean; run: RunView }> {
    // A random point of the run itself: after a worker took it, before its clean duration is up.
    for (let i = 0; i < 600 && (await api<RunView>('GET', `/v1/syncs/${runId}`)).state === 'QUEUED'; i++) await delay(50);
    await delay(random() * within);
    const before = await api<RunView>('GET', `/v1/syncs/${runId}`);
    const midRun = before.state === 'RUNNING' || before.state === 'QUEUED';
    const pgPid = postmaster(dataDir).pid;
    if (how === 'server') server.child.kill('SIGKILL');
    else process.kill(-server.child.pid!, 'SIGKILL');
    await server.exited;
    if (how === 'group') await waitUntil(() => !alive(pgPid));
    await start();
    return { midRun, run: await finished(runId) };
  }

  beforeAll(async () => {
    sandbox = await startSandbox(400, 9);
    // Slower pages, so a run lasts long enough for kills to land inside it.
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ latency_ms: 25 }) });
    dir = mkdtempSync(join(tmpdir(), 'ats-sync-chaos-'));
    chmodSync(dir, 0o755);
    dataDir = join(dir, 'data');
    port = await freePort();
    await start();
    key = adminKey(dataDir);
  }, 120_000);
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`FULL: ${KILLS_FULL} kills at random points, each run resumed to exactly a clean run's content`, async () => {
    const reference = await connection('reference');
    const clean = await finished(await sync(reference, 'FULL'));
    const cleanMs = (clean.duration_seconds ?? 1) * 1000;
    expect(clean.state).toBe('SUCCEEDED');
    const expected = await content(reference);
    let midRun = 0;
    const failures: string[] = [];
    for (let i = 0; i < KILLS_FULL; i++) {
      const id = await connection(`full-${i}`);
      const runId = await sync(id, 'FULL');
      const outcome = await killDuring(runId, cleanMs, i % 2 === 0 ? 'server' : 'group');
      if (outcome.midRun) midRun += 1;
      if (outcome.run.state !== 'SUCCEEDED') failures.push(`${i}: ${outcome.run.state}`);
      if (JSON.stringify(await content(id)) !== JSON.stringify(expected)) failures.push(`${i}: content differs`);
      for (const [model, c] of Object.entries(clean.counts)) {
        if (outcome.run.counts[model]?.fetched !== c.fetched) failures.push(`${i}: ${model} fetched ${outcome.run.counts[model]?.fetched} vs ${c.fetched}`);
      }
    }
    recordFigure('kill-restart', { type: 'FULL', kills: KILLS_FULL, midRun, failures: failures.length, cleanSeconds: cleanMs / 1000 });
    expect(failures).toEqual([]);
    // Most kills land inside the run (a kill after its end proves less).
    expect(midRun).toBeGreaterThanOrEqual(KILLS_FULL / 2);
  }, 1_800_000);

  it(`DELTA: ${KILLS_DELTA} kills at random points after changes in the partner, each equal to the same DELTA run cleanly`, async () => {
    const [reference, chaotic] = [await connection('delta-reference'), await connection('delta-chaotic')];
    expect((await finished(await sync(reference, 'FULL'))).state).toBe('SUCCEEDED');
    expect((await finished(await sync(chaotic, 'FULL'))).state).toBe('SUCCEEDED');
    let midRun = 0;
    const failures: string[] = [];
    for (let i = 0; i < KILLS_DELTA; i++) {
      const mutated = await fetch(`${sandbox.url}/_sandbox/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ update: 20, create: 5, delete: 2 }) });
      expect(mutated.status).toBeLessThan(300);
      const clean = await finished(await sync(reference, 'DELTA'));
      const outcome = await killDuring(await sync(chaotic, 'DELTA'), (clean.duration_seconds ?? 0.5) * 1000, i % 2 === 0 ? 'server' : 'group');
      if (outcome.midRun) midRun += 1;
      if (clean.state !== 'SUCCEEDED' || outcome.run.state !== 'SUCCEEDED') failures.push(`${i}: ${clean.state}/${outcome.run.state}`);
      if (JSON.stringify(await content(chaotic)) !== JSON.stringify(await content(reference))) failures.push(`${i}: content differs`);
    }
    recordFigure('kill-restart', { type: 'DELTA', kills: KILLS_DELTA, midRun, failures: failures.length });
    expect(failures).toEqual([]);
  }, 1_800_000);
});
