import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { Logger } from 'pino';
import { tryLockConnection } from './connection-lock.js';
import type { SyncRunner } from './sync-runner.js';

const QUEUE = 'ats-sync.sync-run';

interface SyncJob {
  runId: string;
}

export interface SyncQueueOptions {
  databaseUrl: string;
  pool: pg.Pool;
  runner: SyncRunner;
  logger: Logger;
  /** Jobs this process runs at once; 0 only enqueues. */
  workers: number;
  pollingIntervalSeconds?: number;
  /** A run that finds its connection busy waits this long before trying again. */
  busyRetrySeconds?: number;
}

/**
 * Sync runs travel through a PostgreSQL-backed queue (pg-boss), so any number of ats-sync processes
 * share the work. A job names a run; the runner's connection lock keeps one run per connection.
 */
export class SyncQueue {
  private readonly boss: PgBoss;
  private readonly inFlight = new Set<AbortController>();
  private started = false;

  constructor(private readonly options: SyncQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: 'pgboss',
      max: 4,
      application_name: 'ats-sync-queue',
    });
    this.boss.on('error', (error) => options.logger.error({ err: error }, 'queue error'));
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
    for (let i = 0; i < this.options.workers; i++) {
      await this.boss.work<SyncJob>(
        QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 },
        ([job]) => this.handle(job.data.runId),
      );
    }
    this.started = true;
  }

  async enqueue(runId: string, startAfterSeconds = 0): Promise<void> {
    await this.boss.send(QUEUE, { runId } satisfies SyncJob, startAfterSeconds > 0 ? { startAfter: startAfterSeconds } : {});
  }

  private async handle(runId: string): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const outcome = await this.options.runner.execute(runId, controller.signal);
      if (outcome === 'BUSY') await this.enqueue(runId, this.options.busyRetrySeconds ?? 5);
    } finally {
      this.inFlight.delete(controller);
    }
  }

  /** Interrupts running syncs (they resume from their last committed page) and stops polling. */
  async stop(): Promise<void> {
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
