// A sync worker process (forked by SyncWorkerProcesses, see sync-worker-process.ts): one pg-boss
// work loop running SyncRunner, with the heap cap the parent started it with. Stops when the parent
// says so, or when the parent is gone.
import 'reflect-metadata';
import { getHeapStatistics } from 'node:v8';
import { SecretBox } from '../common/crypto/secret-box.js';
import { createLogger } from '../common/logging/logger.js';
import type { LogLevel } from '../config/app-config.js';
import { createPool } from '../database/pool.js';
import { SyncQueue } from './sync-queue.js';
import { RequestTally } from './request-tally.js';
import { SyncRunner } from './sync-runner.js';
import type { SyncMetrics } from './sync.metrics.js';
import type { ParentMessage, SyncWorkerSettings, WorkerMessage } from './sync-worker-process.js';

const heapLimitMb = () => Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);

function send(message: WorkerMessage): void {
  if (process.connected) process.send!(message);
}

// Partner requests go to the parent as sums (src/sync/request-tally.ts).
const requests = new RequestTally((provider, status, n) => send({ type: 'metric', method: 'request', args: [provider, status, n] }));
/**
 * The runner's metrics, forwarded to the parent's registry (the one /metrics serves). Same methods
 * as SyncMetrics, without loading prom-client here.
 */
const forwardedMetrics: Pick<SyncMetrics, 'run' | 'counts' | 'request'> = {
  run: (provider, type, state, seconds) => {
    requests.flush();
    send({ type: 'metric', method: 'run', args: [provider, type, state, seconds] });
  },
  counts: (provider, counts) => send({ type: 'metric', method: 'counts', args: [provider, counts] }),
  request: (provider, status) => requests.add(provider, status),
};

async function run(settings: SyncWorkerSettings): Promise<void> {
  const logger = createLogger(settings.logLevel as LogLevel).child({ component: 'sync-worker' });
  const pool = createPool(settings.databaseUrl, { max: 6, applicationName: 'ats-sync-worker', logger });
  const runner = new SyncRunner({
    pool,
    secrets: new SecretBox(Buffer.from(settings.encryptionKey, 'base64')),
    logger,
    metrics: forwardedMetrics as SyncMetrics,
    patience: { windowMs: (settings.partnerPatienceMinutes ?? 15) * 60_000 },
    http: settings.runner?.http,
    streams: settings.runner?.streams,
  });
  const queue = new SyncQueue({
    databaseUrl: settings.databaseUrl,
    pool,
    runner,
    logger,
    workers: 1,
    pollingIntervalSeconds: settings.pollingIntervalSeconds,
    onJob: (job) => {
      requests.flush();
      send({ type: 'job', report: { ...job, maxRssMb: process.resourceUsage().maxRSS / 1024, heapLimitMb: heapLimitMb() } });
    },
  });

  let stopping: Promise<void> | undefined;
  const stop = (why: string) =>
    (stopping ??= (async () => {
      logger.info({ why }, 'sync worker stopping');
      try {
        await queue.stop();
        requests.flush();
        await pool.end();
      } finally {
        process.exit(0);
      }
    })());
  process.on('message', (message: ParentMessage) => message.type === 'stop' && void stop('asked by ats-sync serve'));
  // The parent died (even by SIGKILL): nobody supervises this worker any more.
  process.on('disconnect', () => void stop('the serve process is gone'));
  // Ctrl-C and `systemctl stop` signal the whole group; the parent's stop message follows, and is
  // waited for a moment so a shutdown runs in one order. A signal to this process alone stops it too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => setTimeout(() => void stop(signal), 5_000).unref());
  }

  await queue.start();
  send({ type: 'ready', pid: process.pid, heapLimitMb: heapLimitMb() });
}

if (!process.send) {
  process.stderr.write('sync-worker-main: started by ats-sync serve only (it needs the IPC channel)\n');
  process.exit(64);
}
process.once('message', (message: ParentMessage) => {
  if (message.type !== 'init') return;
  run(message.settings).catch((error: unknown) => {
    process.stderr.write(`ats-sync sync worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
});
send({ type: 'hello' });
