import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { pino } from 'pino';
import { runSyncCommand } from '../../src/cli/sync-command.js';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { FakeAts } from './support/fake-ats.js';
import { fakeConnector } from './support/fake-connector.js';
import { FAST_RETRY } from './support/engine-harness-constants.js';
import { createPool } from '../../src/database/pool.js';
import { insertConnectionRow } from '../support/connection-row.js';

describe('ats-sync sync <connection-id>', () => {
  let t: TestApp;
  let fake: FakeAts;
  let pool: pg.Pool;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    fake = new FakeAts('fake-key', 150);
    await fake.start();
    fake.faults.latencyMs = 30;
    pool = createPool(t.db.url, { max: 4 });
  });
  afterAll(async () => {
    await pool.end();
    await fake.stop();
    await t.close();
  });

  it('queues the sync, shows progress per model and prints the summary', async () => {
    const secrets = new SecretBox(t.config.encryptionKey);
    const connectionId = await insertConnectionRow(pool, secrets, { provider: 'fake', baseUrl: fake.url, apiKey: 'fake-key' });
    // Stands in for a worker process that knows the fake provider.
    const runner = new SyncRunner({ pool, secrets, logger: pino({ level: 'silent' }), resolveConnector: () => fakeConnector, http: { retry: FAST_RETRY }, batchSize: 50 });
    const worker = (async () => {
      for (let i = 0; i < 200; i++) {
        const { rows } = await pool.query(`SELECT id FROM sync_runs WHERE connection_id = $1 AND state = 'QUEUED'`, [connectionId]);
        if (rows[0]) return runner.execute(rows[0].id);
        await delay(25);
      }
    })();

    const out = new PassThrough();
    let printed = '';
    out.on('data', (chunk) => (printed += chunk));
    const run = await runSyncCommand({ url, apiKey: t.adminKey, connectionId, type: 'FULL', out, pollMs: 50 });
    await worker;

    expect(run.state).toBe('SUCCEEDED');
    expect(printed).toContain(`sync ${run.id} (FULL) queued`);
    expect(printed).toMatch(/candidates\s+\[.*\] \d+\/\d+ records/);
    expect(printed).toContain(`sync ${run.id}: SUCCEEDED`);
    expect(printed).toContain('| candidates | 150 | 150 | 0 | 0 | 0 | 0 |');
    expect(printed).toContain('| applications | 150 | 150 | 0 | 0 | 0 | 0 |');
  });

  it('reports a refused request with its error code', async () => {
    await expect(
      runSyncCommand({ url, apiKey: t.adminKey, connectionId: randomUUID(), type: 'DELTA', out: new PassThrough() }),
    ).rejects.toThrow('PLATFORM.INTEGRATION_NOT_FOUND');
  });
});
