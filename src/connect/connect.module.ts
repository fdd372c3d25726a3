import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { DATABASE_URL, LOGGER, SECRET_BOX } from '../app/tokens.js';
import type { SecretBox } from '../common/crypto/secret-box.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { createPool } from '../database/pool.js';
import { InboundSecrets } from '../events/inbound/inbound-secrets.js';
import { ConnectPageController } from './connect-page.controller.js';
import { ConnectController } from './connect.controller.js';
import { ConnectService } from './connect.service.js';
import { CONNECT_POOL } from './connect.tokens.js';

/** Kombo Connect: links, the page they open, and the token exchange. */
@Module({
  imports: [ConnectionsModule],
  controllers: [ConnectController, ConnectPageController],
  providers: [
    {
      provide: CONNECT_POOL,
      inject: [DATABASE_URL, LOGGER],
      useFactory: (url: string, logger: Logger) => createPool(url, { max: 3, applicationName: 'ats-sync-connect', logger }),
    },
    { provide: InboundSecrets, inject: [CONNECT_POOL, SECRET_BOX], useFactory: (pool: pg.Pool, secrets: SecretBox) => new InboundSecrets(pool, secrets) },
    ConnectService,
  ],
  exports: [ConnectService],
})
export class ConnectModule implements OnModuleDestroy {
  constructor(@Inject(CONNECT_POOL) private readonly pool: pg.Pool) {}

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
