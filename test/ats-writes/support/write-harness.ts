import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { stableId } from '../../../src/ats/stable-id.js';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { createPool } from '../../../src/database/pool.js';
import type { Connector } from '../../../src/connectors/connector.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import type { SyncRun, SyncType } from '../../../src/sync/sync-runs.repository.js';
import { syncOnce } from '../../support/sync-once.js';
import { insertConnectionRow } from '../../support/connection-row.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { FAST_RETRY } from '../../sync/support/engine-harness-constants.js';
import { WritableAts } from './writable-ats.js';
import { readOnlyConnector, writableConnector } from './writable-connector.js';

const CONNECTORS: Record<string, Connector> = { writable: writableConnector, readonly: readOnlyConnector };

/**
 * The real app over HTTP, with the writable fake partner (real HTTP too) behind a connection,
 * synced once so the mirror knows its jobs, stages and candidates.
 */
export class WriteHarness {
  t!: TestApp;
  ats!: WritableAts;
  connectionId!: string;
  readOnlyId!: string;
  baseUrl!: string;
  private runner!: SyncRunner;

  async start(): Promise<this> {
    this.ats = new WritableAts('partner-key');
    const partnerUrl = await this.ats.start();
    this.t = await startTestApp({}, { resolveConnector: (p) => CONNECTORS[p], connectorHttp: { retry: FAST_RETRY, timeoutMs: 500 } });
    await this.t.app.listen(0, '127.0.0.1');
    this.baseUrl = `http://127.0.0.1:${(this.t.app.getHttpServer().address() as AddressInfo).port}/v1`;
    const secrets = new SecretBox(this.t.config.encryptionKey);
    const pool = createPool(this.t.db.url, { max: 3 });
    this.connectionId = await insertConnectionRow(pool, secrets, { provider: 'writable', baseUrl: partnerUrl, apiKey: 'partner-key' });
    this.readOnlyId = await insertConnectionRow(pool, secrets, { provider: 'readonly', baseUrl: partnerUrl, apiKey: 'partner-key' });
    this.runner = new SyncRunner({ pool, secrets, logger: pino({ level: 'silent' }), resolveConnector: (p) => CONNECTORS[p], http: { retry: FAST_RETRY } });
    this.pool = pool;
    await this.sync('FULL', this.connectionId);
    await this.sync('FULL', this.readOnlyId);
    return this;
  }

  pool!: ReturnType<typeof createPool>;

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

  async close(): Promise<void> {
    await this.pool.end();
    await this.t.close();
    await this.ats.stop();
  }
}
