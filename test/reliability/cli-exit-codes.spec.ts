import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { createPool } from '../../src/database/pool.js';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { insertConnectionRow } from '../support/connection-row.js';
import { freePort } from '../support/free-port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FAST_PATIENCE, FAST_RETRY } from '../sync/support/engine-harness-constants.js';
import { FakeAts } from '../sync/support/fake-ats.js';
import { fakeConnector } from '../sync/support/fake-connector.js';

// The compiled CLI, as `npx ats-sync` runs it (`npm test` builds first).
const CLI = join(process.cwd(), 'bin/ats-sync.js');

function runCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const { PATH, HOME } = process.env;
  // Configuration the CLI loads before it looks at the command; the sync talks only HTTP.
  const env = { PATH, HOME, DATABASE_URL: 'postgres://u@127.0.0.1:1/db', ATS_SYNC_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'), ATS_SYNC_ADMIN_KEY: 'x'.repeat(32) };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('`ats-sync sync` exit codes: 0 succeeded, 2 partially failed, 1 failed', () => {
  let t: TestApp;
  let fake: FakeAts;
  let pool: pg.Pool;
  let url: string;
  let runner: SyncRunner;
  let secrets: SecretBox;
  let working = true;
  let worker: Promise<void>;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    fake = new FakeAts('fake-key', 120);
    await fake.start();
    pool = createPool(t.db.url, { max: 4 });
    secrets = new SecretBox(t.config.encryptionKey);
    // Stands in for a worker process that knows the fake provider: runs whatever is queued.
    runner = new SyncRunner({ pool, secrets, logger: pino({ level: 'silent' }), resolveConnector: () => fakeConnector, http: { retry: FAST_RETRY }, patience: FAST_PATIENCE, batchSize: 50 });
    worker = (async () => {
      while (working) {
        const { rows } = await pool.query(`SELECT id FROM sync_runs WHERE state = 'QUEUED' ORDER BY created_at LIMIT 1`);
        if (rows[0]) await runner.execute(rows[0].id);
        else await delay(25);
      }
    })();
  });
  afterAll(async () => {
    working = false;
    await worker;
    await pool.end();
    await fake.stop();
    await t.close();
  });

  const connection = () => insertConnectionRow(pool, secrets, { provider: 'fake', baseUrl: fake.url, apiKey: 'fake-key' });

  it('SUCCEEDED → 0, with the wall time', async () => {
    fake.faults = {};
    const result = await runCli(['sync', await connection(), '--full', '--url', url, '--key', t.adminKey]);
    expect(result.stdout).toMatch(/: SUCCEEDED in \d+\.\d s/);
    expect(result.status).toBe(0);
  });

  it('PARTIALLY_FAILED → 2', async () => {
    fake.faults = { failPages: [{ list: 'candidates', page: 1, status: 500 }] };
    const result = await runCli(['sync', await connection(), '--full', '--url', url, '--key', t.adminKey]);
    expect(result.stdout).toMatch(/: PARTIALLY_FAILED in \d+\.\d s/);
    expect(result.status).toBe(2);
  });

  it('FAILED → 1, and the time is printed even for a run that never started a stream', async () => {
    fake.faults = { revoked: true };
    const result = await runCli(['sync', await connection(), '--full', '--url', url, '--key', t.adminKey]);
    expect(result.stdout).toMatch(/: FAILED in \d+\.\d s/);
    expect(result.stdout).not.toContain('? s');
    expect(result.status).toBe(1);
  });

  it('an unreachable service → 1, one line naming the URL and the cause', async () => {
    const port = await freePort();
    const result = await runCli(['sync', await connection(), '--delta', '--url', `http://127.0.0.1:${port}`, '--key', t.adminKey]);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`http://127.0.0.1:${port}/v1/connections/`);
    expect(lines[0]).toContain('ECONNREFUSED');
    expect(lines[0]).not.toContain('fetch failed');
  });
});
