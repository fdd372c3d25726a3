import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { stableId } from '../../../src/ats/stable-id.js';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { createPool } from '../../../src/database/pool.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import type { SyncRun, SyncType } from '../../../src/sync/sync-runs.repository.js';
import { syncOnce } from '../../support/sync-once.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import type { AppConfig } from '../../../src/config/app-config.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { FAST_RETRY } from '../../sync/support/engine-harness-constants.js';
import { API_KEY, control, startSandbox } from './jazzhr-test-kit.js';

export interface JazzStats {
  requests: number;
  by_endpoint: Record<string, number>;
  records: Record<string, number>;
  dropped: number;
}

/** The partner requests that change something, from the sandbox's own counters. */
export const writeRequests = (stats: JazzStats): number =>
  Object.entries(stats.by_endpoint)
    .filter(([endpoint]) => !endpoint.startsWith('GET '))
    .reduce((sum, [, n]) => sum + n, 0);

/**
 * The real app over HTTP with the real JazzHR connector, against the JazzHR sandbox (real HTTP),
 * behind a connection created through the API and synced once (FULL). The app's partner calls keep
 * the connector's pacing off (the sandbox's limit is lifted too) so the suite runs in seconds.
 */
export class JazzWriteHarness {
  t!: TestApp;
  sandbox!: RunningSandbox;
  connectionId!: string;
  pool!: ReturnType<typeof createPool>;
  private runner!: SyncRunner;

  async start(candidates = 60, config: Partial<AppConfig> = {}): Promise<this> {
    this.sandbox = await startSandbox({ candidates, seed: 13 });
    const http = { retry: FAST_RETRY, timeoutMs: 1000, limits: { requestsPerSecond: 10_000, concurrency: 4 } };
    this.t = await startTestApp(config, { connectorHttp: http });
    await this.t.app.listen(0, '127.0.0.1');
    const res = await this.t.http().post('/v1/connections').set(this.t.admin).send({ provider: 'jazzhr', credentials: { api_key: API_KEY }, base_url: this.sandbox.url });
    expect(res.status).toBe(201);
    this.connectionId = res.body.data.id as string;
    this.pool = createPool(this.t.db.url, { max: 3 });
    this.runner = new SyncRunner({ pool: this.pool, secrets: new SecretBox(this.t.config.encryptionKey), logger: pino({ level: 'silent' }), http });
    await this.sync('FULL');
    return this;
  }

  get port(): number {
    return (this.t.app.getHttpServer().address() as AddressInfo).port;
  }

  sync(type: SyncType): Promise<SyncRun> {
    return syncOnce(this.runner, this.pool, this.connectionId, type);
  }

  id(model: string, remoteId: string): string {
    return stableId(this.connectionId, model, remoteId);
  }

  /** Headers of the admin key acting on the connection (Kombo's X-Integration-Id). */
  as(extra: Record<string, string> = {}): Record<string, string> {
    return { ...this.t.admin, 'X-Integration-Id': this.connectionId, ...extra };
  }

  stats(): Promise<JazzStats> {
    return control<JazzStats>(this.sandbox.url, 'GET', 'stats');
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
