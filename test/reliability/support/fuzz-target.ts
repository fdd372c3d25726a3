import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import type { RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { createPool } from '../../../src/database/pool.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import { SyncRuns } from '../../../src/sync/sync-runs.repository.js';
import { API_KEY, startSandbox } from '../../connectors/ashby/ashby-test-support.js';
import { FAST_RETRY } from '../../sync/support/engine-harness-constants.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The real app on real PostgreSQL, listening, with one connection synced from the Ashby sandbox. */
export interface FuzzTarget {
  t: TestApp;
  url: string;
  sandbox: RunningAshbySandbox;
  connectionId: string;
  scopedKey: string;
  apiKeyId: string;
  /** Ids of records of the connection, by model table, for path parameters that exist. */
  ids: Record<string, string[]>;
  close(): Promise<void>;
}

export async function startFuzzTarget(): Promise<FuzzTarget> {
  const sandbox = await startSandbox(30, 11);
  const t = await startTestApp({ logLevel: 'info' });
  await t.app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const created = await t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', name: 'fuzzed', credentials: { api_key: API_KEY }, base_url: sandbox.url });
  if (created.status !== 201) throw new Error(`connection not created: ${JSON.stringify(created.body)}`);
  const connectionId: string = created.body.data.id;
  const pool = createPool(t.db.url, { max: 4 });
  try {
    const runner = new SyncRunner({ pool, secrets: new SecretBox(t.config.encryptionKey), logger: pino({ level: 'silent' }), http: { retry: FAST_RETRY, limits: { requestsPerSecond: 10_000, concurrency: 8 } } });
    const run = await SyncRuns.create(pool, connectionId, 'FULL', 'MANUAL');
    await runner.execute(run.id);
    if ((await SyncRuns.get(pool, run.id))!.state !== 'SUCCEEDED') throw new Error('fuzz target sync did not succeed');
  } finally {
    await pool.end();
  }
  const key = await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: connectionId, name: 'fuzz' });
  const ids: Record<string, string[]> = {};
  for (const table of ['ats_candidates', 'ats_applications', 'ats_jobs', 'ats_users', 'ats_tags', 'ats_application_stages', 'ats_rejection_reasons', 'ats_interviews', 'ats_offers', 'ats_job_postings', 'sync_runs']) {
    ids[table] = (await t.db.query<{ id: string }>(`SELECT id FROM ${table} ORDER BY id LIMIT 3`)).map((r) => r.id);
  }
  return {
    t,
    url,
    sandbox,
    connectionId,
    scopedKey: key.body.data.key,
    apiKeyId: key.body.data.id,
    ids,
    close: async () => {
      await t.close();
      await sandbox.close();
    },
  };
}
