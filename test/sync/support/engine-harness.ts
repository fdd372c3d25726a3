import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { SyncRunner, type SyncRunnerOptions } from '../../../src/sync/sync-runner.js';
import { SyncRuns, type SyncRun, type SyncType } from '../../../src/sync/sync-runs.repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { FakeAts } from './fake-ats.js';
import { fakeConnector } from './fake-connector.js';

import { FAST_PATIENCE, FAST_RETRY } from './engine-harness-constants.js';
import { createPool } from '../../../src/database/pool.js';
import { insertConnectionRow } from '../../support/connection-row.js';

export { FAST_RETRY };

/** A migrated database, a FakeAts over HTTP, a connection to it, and a runner that knows the fake provider. */
export class EngineHarness {
  readonly secrets: SecretBox;
  readonly encryptionKey = randomBytes(32);
  pool!: pg.Pool;
  db!: TestDatabase;
  fake!: FakeAts;
  connectionId!: string;
  runner!: SyncRunner;

  constructor(private readonly size: number) {
    this.secrets = new SecretBox(this.encryptionKey);
  }

  async start(runnerOptions: Partial<SyncRunnerOptions> = {}): Promise<this> {
    this.db = await createTestDatabase();
    this.pool = createPool(this.db.url, { max: 6 });
    this.fake = new FakeAts('fake-key', this.size);
    await this.fake.start();
    this.connectionId = await this.addConnection(this.fake.url);
    this.runner = this.makeRunner(runnerOptions);
    return this;
  }

  makeRunner(options: Partial<SyncRunnerOptions> = {}): SyncRunner {
    return new SyncRunner({
      pool: this.pool,
      secrets: this.secrets,
      logger: pino({ level: 'silent' }),
      resolveConnector: (provider) => (provider === 'fake' ? fakeConnector : undefined),
      http: { retry: FAST_RETRY },
      patience: FAST_PATIENCE,
      batchSize: 100,
      ...options,
    });
  }

  async addConnection(baseUrl: string, apiKey = 'fake-key'): Promise<string> {
    return insertConnectionRow(this.pool, this.secrets, { provider: 'fake', baseUrl, apiKey });
  }

  async sync(type: SyncType, connectionId = this.connectionId): Promise<SyncRun> {
    const run = await SyncRuns.create(this.pool, connectionId, type, 'MANUAL');
    expect(await this.runner.execute(run.id)).toBe('FINISHED');
    return (await SyncRuns.get(this.pool, run.id))!;
  }

  /** Every row of a table for the connection, with its physical row version (xmin changes on any write). */
  async rows(table: string, connectionId = this.connectionId) {
    return (
      await this.pool.query(
        `SELECT remote_id, changed_at, remote_deleted_at, content_hash, xmin::text AS version FROM ${table}
         WHERE connection_id = $1 ORDER BY remote_id`,
        [connectionId],
      )
    ).rows as { remote_id: string; changed_at: Date; remote_deleted_at: Date | null; content_hash: string; version: string }[];
  }

  async stop(): Promise<void> {
    await this.fake.stop();
    await this.pool.end();
    await this.db.drop();
  }
}
