import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import type { RunningAshbySandbox } from '../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { createPool } from '../../src/database/pool.js';
import { JOIN_TABLES, MODEL_TABLES } from '../../src/sync/model-tables.js';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { API_KEY, startSandbox } from '../connectors/ashby/ashby-test-support.js';
import { FAST_RETRY } from '../sync/support/engine-harness-constants.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { recordFigure } from './support/chaos-figures.js';
import { contentOf } from './support/content-snapshot.js';
import { operationsOf, type Operation } from './support/openapi-operations.js';

/**
 * Every operation of /openapi.json, called with connection A's scoped key but naming connection B
 * every way a client can (path ids, X-Connection-Id / X-Integration-Id, B's cursor, B's ids in
 * filters and bodies): no response carries any of B's ids, and B's data is unchanged.
 */
describe('tenant matrix: a scoped key never reaches another connection', () => {
  let t: TestApp;
  let sandbox: RunningAshbySandbox;
  let url: string;
  const conn = { a: '', b: '' };
  const key = { a: '', b: '' };
  let foreignIds: string[] = [];
  let operations: Operation[];
  let bCursor: string;
  let bRun: string;
  let bKeyId: string;

  beforeAll(async () => {
    sandbox = await startSandbox(30, 13);
    t = await startTestApp({ logLevel: 'warn' });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const pool = createPool(t.db.url, { max: 4 });
    try {
      const runner = new SyncRunner({ pool, secrets: new SecretBox(t.config.encryptionKey), logger: pino({ level: 'silent' }), http: { retry: FAST_RETRY, limits: { requestsPerSecond: 10_000, concurrency: 8 } } });
      for (const side of ['a', 'b'] as const) {
        const created = await t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', name: side, credentials: { api_key: API_KEY }, base_url: sandbox.url });
        conn[side] = created.body.data.id;
        const run = await SyncRuns.create(pool, conn[side], 'FULL', 'MANUAL');
        await runner.execute(run.id);
        expect((await SyncRuns.get(pool, run.id))!.state).toBe('SUCCEEDED');
        if (side === 'b') bRun = run.id;
        const k = await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: conn[side] });
        key[side] = k.body.data.key;
        if (side === 'b') bKeyId = k.body.data.id;
      }
    } finally {
      await pool.end();
    }
    for (const { table } of [...Object.values(MODEL_TABLES), ...Object.values(JOIN_TABLES)]) {
      foreignIds.push(...(await t.db.query<{ id: string }>(`SELECT id::text FROM ${table} WHERE connection_id = $1`, [conn.b])).map((r) => r.id));
    }
    foreignIds = [...new Set([...foreignIds, conn.b, bRun, bKeyId])];
    const page = await t.http().get('/v1/ats/candidates?page_size=1').set({ Authorization: `Bearer ${key.b}` });
    bCursor = page.body.data.next;
    ({ operations } = operationsOf((await t.http().get('/openapi.json')).body));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it("every operation × B's ids, headers and cursor with A's key: 0 of B's records returned, B unchanged", async () => {
    expect(foreignIds.length).toBeGreaterThan(100);
    const pool = createPool(t.db.url, { max: 2 });
    const before = JSON.stringify(await contentOf(pool, conn.b));
    const sample = (n: number) => foreignIds.filter((_, i) => i % Math.max(1, Math.floor(foreignIds.length / n)) === 0).slice(0, n);
    const pathIds = [conn.b, bRun, bKeyId, ...sample(6)];
    let sent = 0;
    const leaks: string[] = [];
    const statuses: Record<number, number> = {};
    for (const op of operations.filter((o) => !o.open)) {
      const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const paths = names.length === 0 ? [op.path] : pathIds.map((id) => names.reduce((p, n) => p.replace(`{${n}}`, id), op.path));
      const queries = ['', `?cursor=${encodeURIComponent(bCursor)}`, `?ids=${sample(5).join(',')}`, `?connection_id=${conn.b}`];
      const headerSets: Record<string, string>[] = [{}, { 'x-connection-id': conn.b }, { 'x-integration-id': conn.b }];
      const body = op.method === 'get' || op.method === 'delete' ? undefined : JSON.stringify({ connection_id: conn.b, candidate_id: foreignIds[5], job_id: foreignIds[6], type: 'FULL', tag: { name: 'x' }, content: 'x', content_type: 'PLAIN_TEXT' });
      for (const path of paths) {
        for (const query of queries) {
          for (const headers of headerSets) {
            const response = await fetch(`${url}${path}${query}`, {
              method: op.method.toUpperCase(),
              headers: { authorization: `Bearer ${key.a}`, 'content-type': 'application/json', ...headers },
              body,
            });
            const text = await response.text();
            sent += 1;
            statuses[response.status] = (statuses[response.status] ?? 0) + 1;
            // An id the request itself named may be echoed in the error; any other of B's is a leak.
            const asked = `${path}${query}${JSON.stringify(headers)}${body ?? ''}`;
            const leaked = foreignIds.find((id) => text.includes(id) && !asked.includes(id));
            if (leaked) leaks.push(`${op.method.toUpperCase()} ${path}${query} ${JSON.stringify(headers)} → ${response.status} shows ${leaked}`);
          }
        }
      }
    }
    recordFigure('tenant-matrix', { requests: sent, operations: operations.filter((o) => !o.open).length, foreignRecordsReturned: leaks.length, statuses });
    process.stdout.write(`tenant matrix: ${sent} requests, ${leaks.length} foreign ids returned; statuses ${JSON.stringify(statuses)}\n`);
    expect(leaks.slice(0, 10)).toEqual([]);
    const after = JSON.stringify(await contentOf(pool, conn.b));
    await pool.end();
    expect(after).toBe(before);
  }, 600_000);
});
