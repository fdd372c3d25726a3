import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type pg from 'pg';
import type { Logger } from 'pino';
import { APP_CONFIG, LOGGER } from '../app/tokens.js';
import type { AppConfig } from '../config/app-config.js';
import { findDueSyncs } from './sync-schedule.js';
import { SyncQueue } from './sync-queue.js';
import { SyncsService } from './syncs.service.js';
import { SYNC_POOL } from './sync.tokens.js';

const TICK = 'ats-sync.scheduler';
// One scheduling pass at a time across all processes sharing the database.
const SCHEDULER_LOCK = 'ats-sync:scheduler';

/** Only enqueues: due DELTA/FULL runs per connection settings, and runs orphaned by a dead process. */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private ticking?: Promise<void>;

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly syncs: SyncsService,
    private readonly queue: SyncQueue,
    @Inject(SYNC_POOL) private readonly pool: pg.Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulerEnabled) return;
    const interval = setInterval(() => void this.tick(), this.config.schedulerIntervalSeconds * 1000);
    this.registry.addInterval(TICK, interval);
    void this.tick();
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', TICK)) this.registry.deleteInterval(TICK);
  }

  /** One scheduling pass; a call while one is under way in this process joins it. */
  tick(): Promise<void> {
    this.ticking ??= this.schedule().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async schedule(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS ok', [SCHEDULER_LOCK]);
      if (!rows[0].ok) return;
      for (const due of await findDueSyncs(client)) await this.syncs.enqueue(due.connectionId, due.type, 'SCHEDULED');
      await this.queue.recoverOrphans();
    } catch (error) {
      this.logger.error({ err: error }, 'scheduler tick failed');
    } finally {
      await client.query('COMMIT').catch(() => undefined);
      client.release();
    }
  }
}
