import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { SECRET_BOX } from '../app/tokens.js';
import type { SecretBox } from '../common/crypto/secret-box.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { InboundSecrets } from '../events/inbound/inbound-secrets.js';
import { ConnectPageController } from './connect-page.controller.js';
import { ConnectController } from './connect.controller.js';
import { ConnectService } from './connect.service.js';

/**
 * InboundSecrets speaks pg's `{rows}`; the app's TypeORM pool answers its two statements (an
 * INSERT without RETURNING, a SELECT) as row arrays. Sharing that pool spares a pool of its own
 * per process (database connections are the scarce thing when many processes share a server).
 */
function rowsPool(db: DataSource): pg.Pool {
  return { query: async (sql: string, params?: unknown[]) => ({ rows: await db.query(sql, params) }) } as unknown as pg.Pool;
}

/** Kombo Connect: links, the page they open, and the token exchange. */
@Module({
  imports: [ConnectionsModule],
  controllers: [ConnectController, ConnectPageController],
  providers: [
    { provide: InboundSecrets, inject: [getDataSourceToken(), SECRET_BOX], useFactory: (db: DataSource, secrets: SecretBox) => new InboundSecrets(rowsPool(db), secrets) },
    ConnectService,
  ],
  exports: [ConnectService],
})
export class ConnectModule {}
