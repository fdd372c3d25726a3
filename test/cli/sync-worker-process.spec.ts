import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { findSandbox } from '../../src/sandbox/sandbox-registry.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { alive, healthy, serve, waitUntil, type ServeProcess } from '../reliability/support/serve-process.js';
import { freePort } from '../support/free-port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// `ats-sync serve` (the compiled CLI: `npx nest build` first) runs its sync workers in child
// processes with a capped heap, supervises them, and stops them with itself.

const CANDIDATES = 600;
const HEAP_MB = 96;

interface LogLine {
  msg?: string;
  workerPid?: number;
  heapLimitMb?: number;
  runId?: string;
  outcome?: string;
  maxRssMb?: number;
}

function logLines(p: ServeProcess): LogLine[] {
  return p
    .output()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** A sample's value in Prometheus text: the line of that name carrying every one of the labels. */
function metric(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** The worker processes' pids: serve's children, read from /proc. */
function children(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

function cmdline(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

describe('ats-sync serve: sync workers in child processes', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let service: ServeProcess;
  let key: string;
  let connectionId: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'ats-worker-proc-'));
  const apiKey = `sandbox-${randomBytes(4).toString('hex')}`;

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: T }).data;
  };
  const faults = (body: Record<string, unknown>) =>
    fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const runState = async (id: string) => (await db.query<{ state: string; worker: string | null }>('SELECT state, worker FROM sync_runs WHERE id = $1', [id]))[0];
  const finalState = async (id: string, ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; await delay(250)) {
      const { state } = await runState(id);
      if (!['QUEUED', 'RUNNING'].includes(state)) return state;
    }
    return (await runState(id)).state;
  };
  const candidates = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ats_candidates WHERE connection_id = $1', [connectionId]))[0].n;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await findSandbox('ashby')!.start({ port: await freePort(), host: '127.0.0.1', seed: 7, candidates: CANDIDATES, apiKey });
    key = `test_admin_${randomBytes(16).toString('hex')}`;
    service = serve(dataDir, await freePort(), {
      DATABASE_URL: db.url,
      ATS_SYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ATS_SYNC_ADMIN_KEY: key,
      ATS_SYNC_WORKERS: '1',
      ATS_SYNC_WORKER_HEAP_MB: String(HEAP_MB),
      LOG_LEVEL: 'info',
    });
    await healthy(service);
    connectionId = (await api<{ id: string }>('POST', '/v1/connections', { provider: 'ashby', name: 'worker-proc', base_url: sandbox.url, credentials: { api_key: apiKey } })).id;
  }, 180_000);

  afterAll(async () => {
    if (service?.child.exitCode === null) process.kill(-service.child.pid!, 'SIGKILL');
    await sandbox?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs a FULL in a worker process started with the heap cap, and its metrics reach /metrics', async () => {
    const [worker] = children(service.child.pid!);
    expect(children(service.child.pid!)).toHaveLength(1);
    expect(cmdline(worker)).toContain(`--max-old-space-size=${HEAP_MB}`);
    // The worker's own V8 reports the cap (old space plus the young generation's semi-spaces).
    const ready = logLines(service).find((l) => l.msg === 'sync worker ready' && l.workerPid === worker)!;
    expect(ready.heapLimitMb).toBeGreaterThanOrEqual(HEAP_MB);
    expect(ready.heapLimitMb).toBeLessThan(HEAP_MB + 64);

    const run = await api<{ id: string }>('POST', `/v1/connections/${connectionId}/sync`, { type: 'FULL' });
    expect(await finalState(run.id, 120_000)).toBe('SUCCEEDED');
    expect(await candidates()).toBe(CANDIDATES);
    // Executed by the worker process, not by serve: the run names its worker (host:pid).
    expect((await runState(run.id)).worker).toMatch(new RegExp(`:${worker}$`));
    expect(await waitUntil(() => logLines(service).some((l) => l.msg === 'sync job done in its worker' && l.runId === run.id), 10_000)).toBe(true);
    const done = logLines(service).find((l) => l.msg === 'sync job done in its worker' && l.runId === run.id)!;
    expect(done).toMatchObject({ outcome: 'FINISHED', workerPid: worker, heapLimitMb: ready.heapLimitMb });
    expect(done.maxRssMb).toBeGreaterThan(0);

    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    expect(metric(metrics, 'ats_sync_run_duration_seconds_count', { provider: 'ashby', type: 'FULL', state: 'SUCCEEDED' })).toBe(1);
    expect(metric(metrics, 'ats_sync_records_total', { provider: 'ashby', model: 'candidates', outcome: 'created' })).toBe(CANDIDATES);
    expect(metric(metrics, 'ats_sync_partner_requests_total', { provider: 'ashby', status: '200' })).toBeGreaterThan(0);
  }, 180_000);

  it('starts another worker when one dies mid-run, and the run it left finishes (each record once)', async () => {
    const [first] = children(service.child.pid!);
    await faults({ latency_ms: 300 });
    const run = await api<{ id: string }>('POST', `/v1/connections/${connectionId}/sync`, { type: 'FULL' });
    for (const end = Date.now() + 60_000; Date.now() < end && (await runState(run.id)).state !== 'RUNNING'; ) await delay(100);
    expect((await runState(run.id)).state).toBe('RUNNING');
    process.kill(first, 'SIGKILL');
    expect(await waitUntil(() => !alive(first), 10_000)).toBe(true);
    expect((await runState(run.id)).state).toBe('RUNNING'); // killed mid-run
    await faults({ reset: true });

    // serve is still up, with a new worker that has the same cap.
    // Its ready line, not the process list: a child read between fork and exec still shows serve's command line.
    const readyAgain = () => logLines(service).find((l) => l.msg === 'sync worker ready' && l.workerPid !== first);
    expect(await waitUntil(() => readyAgain() !== undefined, 30_000)).toBe(true);
    const second = readyAgain()!.workerPid as number;
    expect(children(service.child.pid!)).toEqual([second]);
    expect(cmdline(second)).toContain(`--max-old-space-size=${HEAP_MB}`);
    expect((await fetch(`${service.url}/health`)).status).toBe(200);

    expect(await finalState(run.id, 120_000)).toBe('SUCCEEDED');
    expect((await runState(run.id)).worker).toMatch(new RegExp(`:${second}$`));
    const [{ counts }] = await db.query<{ counts: { candidates: { created: number; updated: number; unchanged: number } } }>('SELECT counts FROM sync_runs WHERE id = $1', [run.id]);
    // The first FULL created them all; this one saw each exactly once across the two workers.
    expect(counts.candidates.created).toBe(0);
    expect(counts.candidates.updated + counts.candidates.unchanged).toBe(CANDIDATES);
    expect(await candidates()).toBe(CANDIDATES);
    expect(logLines(service).some((l) => l.msg === 'sync worker exited; starting another' && l.workerPid === first)).toBe(true);
  }, 240_000);

  it('stops its workers with itself on SIGTERM: a running sync is interrupted (to resume), the exit is clean', async () => {
    const [worker] = children(service.child.pid!);
    await faults({ latency_ms: 300 });
    const run = await api<{ id: string }>('POST', `/v1/connections/${connectionId}/sync`, { type: 'FULL' });
    for (const end = Date.now() + 60_000; Date.now() < end && (await runState(run.id)).state !== 'RUNNING'; ) await delay(100);
    expect((await runState(run.id)).state).toBe('RUNNING');
    process.kill(service.child.pid!, 'SIGTERM');
    expect(await service.exited).toBe(0);
    expect(alive(worker)).toBe(false);
    // Interrupted, not failed: it stays RUNNING and the next process resumes it from its last page.
    expect((await runState(run.id)).state).toBe('RUNNING');
    await faults({ reset: true });
  }, 120_000);
});
