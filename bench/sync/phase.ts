// One sync run the way `ats-sync serve` runs it: enqueued on the pg-boss queue and executed by a
// sync worker process (src/sync/sync-worker-process.ts) started with the product's heap cap
// (ATS_SYNC_WORKER_HEAP_MB, default 128), so the peak RSS reported is that worker's, measured alone.
// Node flags given to this process (BENCH_PHASE_NODE_OPTIONS, e.g. --trace-gc) reach the worker too.
// Prints one JSON line.
import 'reflect-metadata';
import { pino } from 'pino';
import { DEFAULT_SYNC_WORKER_HEAP_MB } from '../../src/config/app-config.js';
import { validateEnvironment } from '../../src/config/environment.js';
import { createPool } from '../../src/database/pool.js';
import { SyncQueue } from '../../src/sync/sync-queue.js';
import { SyncRuns, type SyncType } from '../../src/sync/sync-runs.repository.js';
import type { SyncJobReport } from '../../src/sync/sync-worker-process.js';

const { DATABASE_URL, ENCRYPTION_KEY, CONNECTION_ID, SYNC_TYPE, STREAMS } = process.env;
const heapMb = validateEnvironment(process.env).ATS_SYNC_WORKER_HEAP_MB ?? DEFAULT_SYNC_WORKER_HEAP_MB;
const logger = pino({ level: 'warn' });
const pool = createPool(DATABASE_URL!, { max: 2 });
const queue = new SyncQueue({
  databaseUrl: DATABASE_URL!,
  pool,
  logger,
  workers: 1,
  workerProcesses: {
    settings: {
      heapMb,
      databaseUrl: DATABASE_URL!,
      encryptionKey: ENCRYPTION_KEY!,
      logLevel: 'warn',
      // The sandbox runs unthrottled: measure the engine, not the partner's rate limit.
      runner: { http: { limits: { requestsPerSecond: Number.POSITIVE_INFINITY, concurrency: 8 } }, streams: STREAMS ? STREAMS.split(',') : undefined },
    },
  },
});
await queue.start();
const run = await SyncRuns.create(pool, CONNECTION_ID!, SYNC_TYPE as SyncType, 'MANUAL');
const report = await new Promise<SyncJobReport>((resolve) => {
  // BUSY: the last phase's database session had not ended yet; the worker tries again.
  queue.processes!.on('job', (job: SyncJobReport) => job.runId === run.id && job.outcome !== 'BUSY' && resolve(job));
  void queue.enqueue(run.id);
});
await queue.stop();
const done = (await SyncRuns.get(pool, run.id))!;
await pool.end();
process.stdout.write(
  JSON.stringify({
    state: done.state,
    seconds: report.seconds,
    counts: done.counts,
    streams: done.streams,
    errors: done.errors.slice(0, 3),
    maxRssMb: report.maxRssMb,
    heapLimitMb: report.heapLimitMb,
  }) + '\n',
);
