import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import { tryLockConnection } from './connection-lock.js';
import type { ExecuteOutcome, SyncRunner } from './sync-runner.js';
import type { SyncMetrics } from './sync.metrics.js';
import { SyncWorkerProcesses, type SyncWorkerSettings } from './sync-worker-process.js';

const QUEUE = 'ats-sync.sync-run';

interface SyncJob {
  runId: string;
}

export interface SyncQueueOptions {
  databaseUrl: string;
  pool: pg.Pool;
  /** Runs the jobs in this process; not needed when they run in workerProcesses. */
  runner?: SyncRunner;
  logger: Logger;
  /** Jobs this process runs at once; 0 only enqueues. */
  workers: number;
  pollingIntervalSeconds?: number;
  /** A run that finds its connection busy waits this long before trying again. */
  busyRetrySeconds?: number;
  /**
   * Run the `workers` in child processes, one each, with this heap cap and settings (`ats-sync
   * serve`); unset: in this process, with `runner`.
   */
  workerProcesses?: { settings: SyncWorkerSettings; metrics?: SyncMetrics; restartDelayMs?: number };
  /** Told after each job this process ran (a worker process reports it to its parent). */
  onJob?: (job: { runId: string; outcome: ExecuteOutcome | 'ERROR'; seconds: number }) => void;
}

/**
 * Sync runs travel through a PostgreSQL-backed queue (pg-boss), so any number of ats-sync processes
 * share the work. A job names a run; the runner's connection lock keeps one run per connection.
 */
export class SyncQueue {
  private readonly boss: PgBoss;
  private readonly inFlight = new Set<AbortController>();
  private started = false;
  /** The worker processes, when the work runs in them. */
  readonly processes?: SyncWorkerProcesses;

  constructor(private readonly options: SyncQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: 4,
      application_name: 'ats-sync-queue',
    });
    this.boss.on('error', (error) => options.logger.error({ err: error }, 'queue error'));
    if (!options.workerProcesses && options.workers > 0 && !options.runner) throw new Error('SyncQueue: workers in this process need a runner');
    if (options.workerProcesses && options.workers > 0) {
      this.processes = new SyncWorkerProcesses({
        count: options.workers,
        logger: options.logger,
        ...options.workerProcesses,
        // A dead worker's run is RUNNING with its lock gone (its session ended): run it again now,
        // not at the scheduler's next pass.
        onRestart: () => this.recoverOrphans(),
      });
    }
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(QUEUE, {
      name: QUEUE,
      policy: 'standard',
      retryLimit: 5,
      retryDelay: 30,
      retryBackoff: true,
      // Long FULL runs; a crashed worker's run is picked up earlier by SyncRecovery.
      expireInHours: 23,
    });
    if (this.processes) {
      await this.processes.start();
    } else {
      for (let i = 0; i < this.options.workers; i++) {
        await this.boss.work<SyncJob>(
          QUEUE,
          { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
          ([job]) => this.handle(job.data.runId),
        );
      }
    }
    this.started = true;
  }

  async enqueue(runId: string, startAfterSeconds = 0): Promise<void> {
    await this.boss.send(QUEUE, { runId } satisfies SyncJob, startAfterSeconds > 0 ? { startAfter: startAfterSeconds } : {});
  }

  private async handle(runId: string): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const started = process.hrtime.bigint();
    let outcome: ExecuteOutcome | 'ERROR' = 'ERROR';
    try {
      outcome = await this.options.runner!.execute(runId, controller.signal);
      if (outcome === 'BUSY') await this.enqueue(runId, this.options.busyRetrySeconds ?? 5);
    } finally {
      this.inFlight.delete(controller);
      this.options.onJob?.({ runId, outcome, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    }
  }

  /** Interrupts running syncs (they resume from their last committed page) and stops polling. */
  async stop(): Promise<void> {
    await this.processes?.stop();
    if (!this.started) return;
    for (const controller of this.inFlight) controller.abort(new Error('ats-sync is shutting down'));
    await this.boss.stop({ graceful: true, wait: true, timeout: 15_000 });
  }

  /**
   * Runs left behind by a dead process: RUNNING with nobody holding the connection lock, or QUEUED
   * for a while (their job may have been lost). Enqueued again; a duplicate job is harmless.
   */
  async recoverOrphans(): Promise<number> {
    const { rows } = await this.options.pool.query<{ id: string; connection_id: string; state: string }>(
      `SELECT id, connection_id, state FROM sync_runs
       WHERE state = 'RUNNING' OR (state = 'QUEUED' AND created_at < now() - interval '2 minutes')`,
    );
    let recovered = 0;
    for (const run of rows) {
      if (run.state === 'RUNNING') {
        const lock = await tryLockConnection(this.options.pool, run.connection_id);
        if (!lock) continue; // its worker is alive
        await lock.release();
      }
      await this.enqueue(run.id);
      recovered += 1;
    }
    if (recovered > 0) this.options.logger.info({ recovered }, 'orphaned sync runs re-enqueued');
    return recovered;
  }
}
