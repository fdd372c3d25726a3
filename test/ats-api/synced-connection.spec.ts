import { Kombo } from '@kombo-api/sdk';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { API_KEY as ASHBY_KEY, startSandbox as startAshby } from '../connectors/ashby/ashby-test-support.js';
import { API_KEY as GEM_KEY, startSandbox as startGem } from '../connectors/gem/gem-test-kit.js';
import { FAST_RETRY } from '../sync/support/engine-harness-constants.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { readClient } from './support/read-client.js';
import { createPool } from '../../src/database/pool.js';
import { KOMBO_LIST_OPERATIONS } from './support/kombo-operations.js';

/**
 * The drop-in promise on real data: each provider's sandbox is synced (FULL) by the real sync
 * engine, then Kombo's SDK pages through every model it knows, validating every response against
 * Kombo's schemas, and gets exactly the records plain HTTP lists.
 */
const providers = [
  { provider: 'ashby', key: ASHBY_KEY, start: () => startAshby(60, 5) },
  { provider: 'gem', key: GEM_KEY, start: () => startGem({ candidates: 60 }) },
] as const;


describe.each(providers)('Kombo SDK on a synced $provider connection', ({ provider, key, start }) => {
  let t: TestApp;
  let sandbox: { url: string; close(): Promise<void> };
  let connectionId: string;
  let kombo: Kombo;

  beforeAll(async () => {
    sandbox = await start();
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const created = await t.http().post('/v1/connections').set(t.admin).send({ provider, credentials: { api_key: key }, base_url: sandbox.url });
    expect(created.status).toBe(201);
    connectionId = created.body.data.id;

    const pool = createPool(t.db.url, { max: 4 });
    try {
      const runner = new SyncRunner({ pool, secrets: new SecretBox(t.config.encryptionKey), logger: pino({ level: 'silent' }), http: { retry: FAST_RETRY, limits: { requestsPerSecond: 10_000, concurrency: 8 } } });
      const run = await SyncRuns.create(pool, connectionId, 'FULL', 'MANUAL');
      await runner.execute(run.id);
      expect((await SyncRuns.get(pool, run.id))!.state).toBe('SUCCEEDED');
    } finally {
      await pool.end();
    }
    kombo = new Kombo({ api_key: t.adminKey, integration_id: connectionId, server_url: `http://127.0.0.1:${port}/v1` });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it.each(KOMBO_LIST_OPERATIONS)('ats.%s validates and matches plain HTTP', async (operation, path) => {
    const ats = kombo.ats as unknown as Record<string, (r: object) => Promise<AsyncIterable<any>>>;
    const viaSdk: string[] = [];
    for await (const page of await ats[operation].call(kombo.ats, { page_size: 50 })) {
      viaSdk.push(...page.result.data.results.map((r: { id: string }) => r.id));
    }
    const plain = await readClient(t, connectionId).ids(path, { page_size: 250 });
    expect(viaSdk).toEqual(plain);
  });

  it('synced the core models', async () => {
    const read = readClient(t, connectionId);
    for (const path of ['users', 'jobs', 'candidates', 'applications']) expect((await read.ids(path)).length).toBeGreaterThan(0);
    const [candidate] = (await read.page<any>('candidates', { page_size: 1 })).results;
    expect(candidate.applications.length).toBeGreaterThan(0);
  });
});
