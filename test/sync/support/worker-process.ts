// A sync worker in its own process, so a test can SIGKILL it mid-run. Run with `node --import tsx`.
import { pino } from 'pino';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import { FAST_PATIENCE, FAST_RETRY } from './engine-harness-constants.js';
import { fakeConnector } from './fake-connector.js';
import { createPool } from '../../../src/database/pool.js';

const { DATABASE_URL, ENCRYPTION_KEY, RUN_ID, BATCH_SIZE } = process.env;
const pool = createPool(DATABASE_URL!, { max: 4 });
const runner = new SyncRunner({
  pool,
  secrets: new SecretBox(Buffer.from(ENCRYPTION_KEY!, 'base64')),
  logger: pino({ level: 'silent' }),
  resolveConnector: (provider) => (provider === 'fake' ? fakeConnector : undefined),
  http: { retry: FAST_RETRY },
  patience: FAST_PATIENCE,
  batchSize: Number(BATCH_SIZE ?? 50),
  prefetchPages: 1,
});
const outcome = await runner.execute(RUN_ID!);
process.stdout.write(`${outcome}\n`);
await pool.end();
