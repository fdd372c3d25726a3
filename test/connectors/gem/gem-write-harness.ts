import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { stableId } from '../../../src/ats/stable-id.js';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { createPool } from '../../../src/database/pool.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import type { SyncRun, SyncType } from '../../../src/sync/sync-runs.repository.js';
import { syncOnce } from '../../support/sync-once.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { FAST_RETRY } from '../../sync/support/engine-harness-constants.js';
import { API_KEY, control, gemAll, startSandbox } from './gem-test-kit.js';

export interface GemStats {
  requests: number;
  by_endpoint: Record<string, number>;
  records: Record<string, number>;
}

/** The partner requests that change something, from the sandbox's own counters. */
export const writeRequests = (stats: GemStats): number =>
  Object.entries(stats.by_endpoint)
    .filter(([endpoint]) => !endpoint.startsWith('GET '))
    .reduce((sum, [, n]) => sum + n, 0);

/**
 * The real app over HTTP with the real Gem connector, against the Gem sandbox (real HTTP), behind a
 * connection created through the API with a default Gem user, and synced once (FULL).
 */
export class GemWriteHarness {
  t!: TestApp;
  sandbox!: RunningSandbox;
  connectionId!: string;
  otherConnectionId!: string;
  baseUrl!: string;
  defaultUser!: string;
  pool!: ReturnType<typeof createPool>;
  private runner!: SyncRunner;

  /** `limits` lifts the connector's own rate limit for bulk tests (the sandbox is roomy by default). */
  async start(candidates = 80, limits?: { requestsPerSecond: number; concurrency: number }): Promise<this> {
    this.sandbox = await startSandbox({ candidates, seed: 11 });
    this.t = await startTestApp({}, { connectorHttp: { retry: FAST_RETRY, timeoutMs: 500, ...(limits ? { limits } : {}) } });
    await this.t.app.listen(0, '127.0.0.1');
    this.baseUrl = `http://127.0.0.1:${(this.t.app.getHttpServer().address() as AddressInfo).port}/v1`;
    this.defaultUser = (await gemAll<{ id: string }>(this.sandbox.url, '/ats/v0/users'))[0].id;
    this.connectionId = await this.connect({ default_user_remote_id: this.defaultUser });
    this.otherConnectionId = await this.connect({});
    this.pool = createPool(this.t.db.url, { max: 3 });
    const secrets = new SecretBox(this.t.config.encryptionKey);
    this.runner = new SyncRunner({ pool: this.pool, secrets, logger: pino({ level: 'silent' }), http: { retry: FAST_RETRY, limits: { requestsPerSecond: 10_000, concurrency: 8 } } });
    await this.sync('FULL');
    return this;
  }

  private async connect(settings: Record<string, unknown>): Promise<string> {
    const res = await this.t.http().post('/v1/connections').set(this.t.admin).send({ provider: 'gem', credentials: { api_key: API_KEY }, base_url: this.sandbox.url, settings });
    expect(res.status).toBe(201);
    return res.body.data.id as string;
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

  stats(): Promise<GemStats> {
    return control<GemStats>(this.sandbox.url, 'GET', 'stats');
  }

  faults(settings: Record<string, unknown> | null): Promise<unknown> {
    return settings ? control(this.sandbox.url, 'POST', 'faults', settings) : control(this.sandbox.url, 'DELETE', 'faults');
  }

  async close(): Promise<void> {
    await this.pool?.end();
    await this.t?.close();
    await this.sandbox?.close();
  }
}
