// One sync run in its own process, so its peak memory is measured alone. Prints one JSON line.
import 'reflect-metadata';
import { pino } from 'pino';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { SyncRuns, type SyncType } from '../../src/sync/sync-runs.repository.js';
import { createPool } from '../../src/database/pool.js';

const { DATABASE_URL, ENCRYPTION_KEY, CONNECTION_ID, SYNC_TYPE, STREAMS } = process.env;
const pool = createPool(DATABASE_URL!, { max: 6 });
const runner = new SyncRunner({
  pool,
  secrets: new SecretBox(Buffer.from(ENCRYPTION_KEY!, 'base64')),
  logger: pino({ level: 'warn' }),
  // The sandbox runs unthrottled: measure the engine, not the partner's rate limit.
  http: { limits: { requestsPerSecond: Number.POSITIVE_INFINITY, concurrency: 8 } },
  streams: STREAMS ? STREAMS.split(',') : undefined,
});
const run = await SyncRuns.create(pool, CONNECTION_ID!, SYNC_TYPE as SyncType, 'MANUAL');
const started = process.hrtime.bigint();
await runner.execute(run.id);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const done = (await SyncRuns.get(pool, run.id))!;
await pool.end();
process.stdout.write(
  JSON.stringify({ state: done.state, seconds, counts: done.counts, streams: done.streams, errors: done.errors.slice(0, 3), maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
