// An ats-sync worker process (queue + runner) for the multi-process test. Run with `node --import tsx`.
import { pino } from 'pino';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { SyncQueue } from '../../../src/sync/sync-queue.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import { FAST_PATIENCE, FAST_RETRY } from './engine-harness-constants.js';
import { fakeConnector } from './fake-connector.js';
import { createPool } from '../../../src/database/pool.js';

const { DATABASE_URL, ENCRYPTION_KEY } = process.env;
const pool = createPool(DATABASE_URL!, { max: 6 });
const logger = pino({ level: 'silent' });
const runner = new SyncRunner({
  pool,
  secrets: new SecretBox(Buffer.from(ENCRYPTION_KEY!, 'base64')),
  logger,
  resolveConnector: (provider) => (provider === 'fake' ? fakeConnector : undefined),
  http: { retry: FAST_RETRY },
  patience: FAST_PATIENCE,
  batchSize: 50,
});
const queue = new SyncQueue({ databaseUrl: DATABASE_URL!, pool, runner, logger, workers: 2, pollingIntervalSeconds: 0.5, busyRetrySeconds: 1 });
await queue.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void queue.stop().then(() => pool.end()).then(() => process.exit(0));
});
