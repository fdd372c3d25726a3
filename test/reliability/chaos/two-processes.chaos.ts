import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import type { RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { createPool } from '../../../src/database/pool.js';
import { API_KEY, startSandbox } from '../../connectors/ashby/ashby-test-support.js';
import { insertConnectionRow } from '../../support/connection-row.js';
import { freePort } from '../../support/free-port.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { recordFigure } from '../support/chaos-figures.js';

/**
 * Two `ats-sync serve` processes on one database, 50 connections whose first sync is due at once:
 * every due sync runs once, no connection ever has two runs at the same time, and both processes work.
 */
const CONNECTIONS = 50;
const CLI = join(process.cwd(), 'bin/ats-sync.js');

describe('two server processes × 50 connections due at once', () => {
  let db: TestDatabase;
  let sandbox: RunningAshbySandbox;
  const servers: ChildProcess[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox(15, 21);
    db = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((resolve) => (s.exitCode !== null ? resolve(null) : s.on('exit', resolve)))));
    await db?.drop();
    await sandbox?.close();
  });

  it('every due sync runs once, never two at a time per connection, spread over both processes', async () => {
    const encryptionKey = randomBytes(32);
    const pool = createPool(db.url, { max: 2 });
    const secrets = new SecretBox(encryptionKey);
    for (let i = 0; i < CONNECTIONS; i++) await insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: sandbox.url, apiKey: API_KEY });
    const { PATH, HOME } = process.env;
    for (let i = 0; i < 2; i++) {
      servers.push(
        spawn(process.execPath, [CLI, 'serve'], {
          env: { PATH, HOME, DATABASE_URL: db.url, ATS_SYNC_ENCRYPTION_KEY: encryptionKey.toString('base64'), ATS_SYNC_ADMIN_KEY: 'a'.repeat(32), PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ATS_SYNC_WORKERS: '2', ATS_SYNC_SCHEDULER: 'on', ATS_SYNC_SCHEDULER_INTERVAL_SECONDS: '5' },
          stdio: 'ignore',
        }),
      );
    }
    const began = Date.now();
    let done = 0;
    for (const end = Date.now() + 300_000; Date.now() < end; await delay(1000)) {
      const [{ n, open }] = (await pool.query(`SELECT count(DISTINCT connection_id) FILTER (WHERE state = 'SUCCEEDED')::int AS n, count(*) FILTER (WHERE state IN ('QUEUED','RUNNING'))::int AS open FROM sync_runs`)).rows;
      done = n;
      if (n === CONNECTIONS && open === 0) break;
    }
    const seconds = (Date.now() - began) / 1000;
    // A few more scheduler ticks of both processes: nothing is due again, so nothing more runs.
    await delay(12_000);
    const { rows: runs } = await pool.query<{ connection_id: string; state: string; worker: string; started_at: Date; finished_at: Date }>(`SELECT connection_id, state, worker, started_at, finished_at FROM sync_runs ORDER BY connection_id, started_at`);
    await pool.end();
    const perConnection = new Map<string, typeof runs>();
    for (const run of runs) perConnection.set(run.connection_id, [...(perConnection.get(run.connection_id) ?? []), run]);
    let overlaps = 0;
    for (const list of perConnection.values()) {
      for (let i = 1; i < list.length; i++) if (list[i].started_at < list[i - 1].finished_at) overlaps += 1;
    }
    const workers = new Set(runs.map((r) => r.worker.split(':').pop()));
    recordFigure('two-processes', { connections: CONNECTIONS, runs: runs.length, succeeded: runs.filter((r) => r.state === 'SUCCEEDED').length, overlaps, processes: workers.size, seconds });
    expect(done).toBe(CONNECTIONS);
    expect(runs.length).toBe(CONNECTIONS);
    expect(runs.every((r) => r.state === 'SUCCEEDED')).toBe(true);
    expect(overlaps).toBe(0);
    expect(workers.size).toBe(2);
  }, 600_000);
});
