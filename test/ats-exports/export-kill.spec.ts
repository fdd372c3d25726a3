import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { API_KEY, gemAll, gemGet, startSandbox } from '../connectors/gem/gem-test-kit.js';
import { freePort } from '../support/free-port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

// The compiled service, as `npm start` runs it (npm test builds it first; tsx emits no decorator metadata).
const BIN = new URL('../../bin/ats-sync.js', import.meta.url).pathname;

/** The real service in its own process (so it can be SIGKILLed), on the test database. */
async function serve(db: TestDatabase, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URL: db.url, PORT: String(port), ATS_SYNC_WORKERS: '0', ATS_SYNC_SCHEDULER: 'off', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
    if (up) return child;
    await delay(100);
  }
  child.kill('SIGKILL');
  throw new Error('the service did not start');
}

describe('an export killed mid-way (SIGKILL)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let child: ChildProcess | undefined;
  const env = { ATS_SYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ATS_SYNC_ADMIN_KEY: `admin_${randomBytes(16).toString('hex')}` };
  const auth = { Authorization: `Bearer ${env.ATS_SYNC_ADMIN_KEY}`, 'Content-Type': 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase();
    // Gem's own 20 requests a second: the export takes long enough to be killed in the middle.
    sandbox = await startSandbox({ candidates: 20, seed: 5, rateLimit: { perSecond: 20, capacity: 20 } });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await sandbox.close();
    await db.drop();
  });

  it('resumes on restart and every candidate is in Gem exactly once', async () => {
    const port = await freePort();
    child = await serve(db, port, env);
    const api = `http://127.0.0.1:${port}/v1`;
    const user = (await gemAll<{ id: string }>(sandbox.url, '/ats/v0/users'))[0].id;
    const connection = ((await (
      await fetch(`${api}/connections`, { method: 'POST', headers: auth, body: JSON.stringify({ provider: 'gem', credentials: { api_key: API_KEY }, base_url: sandbox.url, settings: { default_user_remote_id: user }, verify_credentials: false }) })
    ).json()) as { data: { id: string } }).data;
    const candidates = Array.from({ length: 120 }, (_, i) => ({ external_id: `kill-${i}`, first_name: `Kill${i}`, last_name: 'Test', email_addresses: [`kill.${i}@export-kill.example.com`] }));
    const created = await fetch(`${api}/ats/exports`, { method: 'POST', headers: { ...auth, 'X-Connection-Id': connection.id }, body: JSON.stringify({ candidates }) });
    expect(created.status).toBe(202);
    const exportId = ((await created.json()) as { data: { id: string } }).data.id;

    for (let i = 0; i < 400; i++) {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ats_export_items WHERE export_id = $1 AND state = 'CREATED'`, [exportId]);
      if (n >= 30) break;
      await delay(25);
    }
    const exited = new Promise((resolve) => child!.once('exit', (_c, signal) => resolve(signal)));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const [{ done }] = await db.query(`SELECT count(*)::int AS done FROM ats_export_items WHERE export_id = $1 AND state = 'CREATED'`, [exportId]);
    expect(done).toBeGreaterThanOrEqual(30);
    expect(done).toBeLessThan(120);

    child = await serve(db, port, env);
    let view: { state: string; counts: Record<string, number> } | undefined;
    for (let i = 0; i < 600; i++) {
      view = ((await (await fetch(`${api}/ats/exports/${exportId}`, { headers: { ...auth, 'X-Connection-Id': connection.id } })).json()) as { data: typeof view }).data;
      if (!['QUEUED', 'RUNNING'].includes(view!.state)) break;
      await delay(100);
    }
    expect(view).toMatchObject({ state: 'COMPLETED', counts: { created: 120, failed: 0, pending: 0 } });
    const inGem: string[] = [];
    for (let page = 1; ; page++) {
      const { body } = await gemGet<{ emails: { email_address: string }[] }[]>(sandbox.url, `/v0/candidates?page=${page}&page_size=100`);
      inGem.push(...body.flatMap((c) => c.emails.map((e) => e.email_address)).filter((e) => e.endsWith('@export-kill.example.com')));
      if (body.length < 100) break;
    }
    expect(inGem).toHaveLength(120);
    expect(new Set(inGem).size).toBe(120);
  });
});
