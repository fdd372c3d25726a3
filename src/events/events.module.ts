import { Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { APP_CONFIG, CONNECTOR_RESOLVER, DATABASE_URL, LOGGER, SECRET_BOX } from '../app/tokens.js';
import type { SecretBox } from '../common/crypto/secret-box.js';
import type { AppConfig } from '../config/app-config.js';
import { AtsApiModule } from '../ats-api/ats-api.module.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { ConnectorOpener, type ConnectorResolver } from '../connections/open-connector.js';
import { createPool } from '../database/pool.js';
import { EVENTS_POOL } from './events.tokens.js';
import { InboundEvents } from './inbound/inbound-events.repository.js';
import { InboundProcessor } from './inbound/inbound-processor.js';
import { InboundQueue } from './inbound/inbound-queue.js';
import { InboundReceiverController } from './inbound/inbound-receiver.controller.js';
import { InboundReceiver } from './inbound/inbound-receiver.js';
import { InboundSecrets } from './inbound/inbound-secrets.js';
import { InboundSetupController } from './inbound/inbound-setup.controller.js';
import { InboundSetup } from './inbound/inbound-setup.js';
import { hiresAndOutbox } from './inbound/inbound-effects.js';
import { HiresController } from './hires/hires.controller.js';
import { EventsPoller } from './events-poller.js';
import { WebhookEndpointsController } from './outbound/webhook-endpoints.controller.js';
import { WebhookEndpoints } from './outbound/webhook-endpoints.repository.js';
import { WebhookSender } from './outbound/webhook-sender.js';

/** Inbound partner webhooks (receiver, processing), the hires feed and outbound webhooks. */
@Module({
  imports: [ConnectionsModule, AtsApiModule],
  controllers: [InboundReceiverController, InboundSetupController, HiresController, WebhookEndpointsController],
  providers: [
    {
      provide: EVENTS_POOL,
      inject: [DATABASE_URL, LOGGER],
      useFactory: (url: string, logger: Logger) => createPool(url, { max: 6, applicationName: 'ats-sync-events', logger }),
    },
    { provide: InboundSecrets, inject: [EVENTS_POOL, SECRET_BOX], useFactory: (pool: pg.Pool, secrets: SecretBox) => new InboundSecrets(pool, secrets) },
    { provide: InboundEvents, inject: [EVENTS_POOL], useFactory: (pool: pg.Pool) => new InboundEvents(pool) },
    {
      provide: InboundQueue,
      inject: [DATABASE_URL, InboundEvents, LOGGER, APP_CONFIG],
      useFactory: (databaseUrl: string, events: InboundEvents, logger: Logger, config: AppConfig) =>
        new InboundQueue({ databaseUrl, events, logger, workers: config.workers > 0 ? 2 : 0 }),
    },
    {
      provide: InboundReceiver,
      inject: [InboundSecrets, InboundEvents, CONNECTOR_RESOLVER, InboundQueue, LOGGER],
      useFactory: (secrets: InboundSecrets, events: InboundEvents, resolve: ConnectorResolver, queue: InboundQueue, logger: Logger) =>
        new InboundReceiver(secrets, events, resolve, (id) => queue.enqueue(id), logger),
    },
    {
      provide: InboundSetup,
      inject: [InboundSecrets, InboundEvents, ConnectorOpener, LOGGER],
      useFactory: (secrets: InboundSecrets, events: InboundEvents, opener: ConnectorOpener, logger: Logger) => new InboundSetup(secrets, events, opener, logger),
    },
    {
      provide: InboundProcessor,
      inject: [EVENTS_POOL, InboundEvents, ConnectorOpener, LOGGER, InboundQueue],
      useFactory: (pool: pg.Pool, events: InboundEvents, opener: ConnectorOpener, logger: Logger, queue: InboundQueue) =>
        new InboundProcessor({ pool, events, opener, logger, effects: [hiresAndOutbox], requeue: (id, after) => queue.enqueue(id, after) }),
    },
    { provide: WebhookEndpoints, inject: [EVENTS_POOL, SECRET_BOX], useFactory: (pool: pg.Pool, secrets: SecretBox) => new WebhookEndpoints(pool, secrets) },
    {
      provide: WebhookSender,
      inject: [EVENTS_POOL, SECRET_BOX, LOGGER],
      useFactory: (pool: pg.Pool, secrets: SecretBox, logger: Logger) => new WebhookSender({ pool, secrets, logger: logger.child({ component: 'webhooks' }) }),
    },
    { provide: EventsPoller, inject: [EVENTS_POOL, LOGGER], useFactory: (pool: pg.Pool, logger: Logger) => new EventsPoller(pool, logger) },
  ],
})
export class EventsModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly queue: InboundQueue,
    private readonly processor: InboundProcessor,
    private readonly sender: WebhookSender,
    private readonly poller: EventsPoller,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENTS_POOL) private readonly pool: pg.Pool,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.start(this.processor);
    // Background work runs where workers run (ATS_SYNC_WORKERS=0 makes an API-only process).
    if (this.config.workers > 0) {
      await this.sender.start();
      this.poller.start();
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.poller.stop();
    await this.sender.stop();
    await this.queue.stop();
    await this.pool.end();
  }
}
