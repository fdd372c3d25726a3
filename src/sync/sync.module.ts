import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { APP_CONFIG, CONNECTOR_RESOLVER, DATABASE_URL, LOGGER, SECRET_BOX } from '../app/tokens.js';
import type { ConnectorResolver } from '../connections/open-connector.js';
import type { SecretBox } from '../common/crypto/secret-box.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { METRICS_REGISTRY } from '../metrics/metrics.tokens.js';
import { SyncQueue } from './sync-queue.js';
import { syncWorkerSettings } from './sync-worker-process.js';
import { SyncRunner } from './sync-runner.js';
import { SyncScheduler } from './sync-scheduler.js';
import { SyncMetrics } from './sync.metrics.js';
import { SyncsController } from './syncs.controller.js';
import { SyncsService } from './syncs.service.js';
import { SYNC_POOL } from './sync.tokens.js';
import { createPool } from '../database/pool.js';

@Module({
  imports: [ScheduleModule.forRoot(), ConnectionsModule],
  controllers: [SyncsController],
  providers: [
    {
      provide: SYNC_POOL,
      inject: [DATABASE_URL, LOGGER],
      useFactory: (url: string, logger: Logger) => createPool(url, { max: 10, applicationName: 'ats-sync-sync', logger }),
    },
    { provide: SyncMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new SyncMetrics(registry) },
    {
      provide: SyncRunner,
      inject: [SYNC_POOL, SECRET_BOX, LOGGER, SyncMetrics, CONNECTOR_RESOLVER, APP_CONFIG],
      useFactory: (pool: pg.Pool, secrets: SecretBox, logger: Logger, metrics: SyncMetrics, resolveConnector: ConnectorResolver, config: AppConfig) =>
        new SyncRunner({ pool, secrets, logger, metrics, resolveConnector, patience: { windowMs: (config.partnerPatienceMinutes ?? 15) * 60_000 } }),
    },
    {
      provide: SyncQueue,
      inject: [DATABASE_URL, SYNC_POOL, SyncRunner, LOGGER, APP_CONFIG, SyncMetrics],
      useFactory: (databaseUrl: string, pool: pg.Pool, runner: SyncRunner, logger: Logger, config: AppConfig, metrics: SyncMetrics) =>
        new SyncQueue({ databaseUrl, pool, runner, logger, workers: config.workers, workerProcesses: config.syncWorkerProcesses ? { settings: syncWorkerSettings(config, databaseUrl), metrics } : undefined }),
    },
    SyncsService,
    SyncScheduler,
  ],
  exports: [SyncsService, SyncQueue, SyncRunner, SYNC_POOL],
})
export class SyncModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly queue: SyncQueue,
    @Inject(SYNC_POOL) private readonly pool: pg.Pool,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.stop();
    await this.pool.end();
  }
}
