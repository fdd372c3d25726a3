import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { stableId } from '../../../src/ats/stable-id.js';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import type { RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { createPool } from '../../../src/database/pool.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import type { SyncRun, SyncType } from '../../../src/sync/sync-runs.repository.js';
import { syncOnce } from '../../support/sync-once.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { FAST_RETRY } from '../../sync/support/engine-harness-constants.js';
import { API_KEY, control, rpc, startSandbox } from './ashby-test-support.js';

const LIMITS = { requestsPerSecond: 10_000, concurrency: 8 };

/**
 * The real app over HTTP with an Ashby connection to the Ashby sandbox (real HTTP too), made through
 * POST /v1/connections and synced (FULL) by the real engine, for the write path's tests.
 * Partner calls time out after 2.5 s (room for a loaded machine), so the sandbox's
 * writes_time_out_after_commit fault (held longer) is felt as a timeout.
 */
export class AshbyWriteHarness {
  t!: TestApp;
  sandbox!: RunningAshbySandbox;
  connectionId!: string;
  baseUrl!: string;
  pool!: ReturnType<typeof createPool>;
  private runner!: SyncRunner;

  /** `seed` runs against the sandbox before the first sync (records the sync should see). */
  async start(options: { candidates?: number; seed?: number; before?: (h: AshbyWriteHarness) => Promise<void> } = {}): Promise<this> {
    this.sandbox = await startSandbox(options.candidates ?? 80, options.seed ?? 5);
    await options.before?.(this);
    this.t = await startTestApp({}, { connectorHttp: { retry: FAST_RETRY, limits: LIMITS, timeoutMs: 2_500 } });
    await this.t.app.listen(0, '127.0.0.1');
    this.baseUrl = `http://127.0.0.1:${(this.t.app.getHttpServer().address() as AddressInfo).port}/v1`;
    this.connectionId = await this.connect();
    this.pool = createPool(this.t.db.url, { max: 3 });
    this.runner = new SyncRunner({ pool: this.pool, secrets: new SecretBox(this.t.config.encryptionKey), logger: pino({ level: 'silent' }), http: { retry: FAST_RETRY, limits: LIMITS } });
    await this.sync('FULL');
    return this;
  }

  /** A new Ashby connection to the sandbox, through the API (its credential check included). */
  async connect(): Promise<string> {
    const res = await this.t.http().post('/v1/connections').set(this.t.admin).send({ provider: 'ashby', credentials: { api_key: API_KEY }, base_url: this.sandbox.url });
    expect(res.status).toBe(201);
    return res.body.data.id;
  }

  async sync(type: SyncType, connectionId = this.connectionId): Promise<SyncRun> {
    return syncOnce(this.runner, this.pool, connectionId, type);
  }

  id(model: string, remoteId: string, connectionId = this.connectionId): string {
    return stableId(connectionId, model, remoteId);
  }

  /** Headers of the admin key acting on a connection (Kombo's X-Integration-Id). */
  as(connectionId = this.connectionId, extra: Record<string, string> = {}): Record<string, string> {
    return { ...this.t.admin, 'X-Integration-Id': connectionId, ...extra };
  }

  /** An Ashby call made directly to the sandbox (what Ashby itself holds). */
  async ashby(endpoint: string, body: Record<string, unknown> = {}): Promise<any> {
    const res = await rpc(this.sandbox, endpoint, body);
    expect(res.body.success).toBe(true);
    return res.body.results;
  }

  stats(): Promise<any> {
    return control(this.sandbox, 'stats');
  }

  faults(change: Record<string, unknown>): Promise<any> {
    return control(this.sandbox, 'faults', change);
  }

  /** Requests the sandbox was sent, all endpoints together. */
  async partnerRequests(): Promise<number> {
    return (await this.stats()).requests;
  }

  async close(): Promise<void> {
    await this.pool?.end();
    await this.t?.close();
    await this.sandbox?.close();
  }
}
