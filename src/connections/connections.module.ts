import { Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { CONNECTOR_HTTP, CONNECTOR_RESOLVER, LOGGER, SECRET_BOX } from '../app/tokens.js';
import type { SecretBox } from '../common/crypto/secret-box.js';
import { Connection } from './connection.entity.js';
import { ConnectionsController } from './connections.controller.js';
import { ConnectionsService } from './connections.service.js';
import { ConnectorOpener, type ConnectorOpenerOptions, type ConnectorResolver } from './open-connector.js';

@Module({
  imports: [TypeOrmModule.forFeature([Connection])],
  controllers: [ConnectionsController],
  providers: [
    ConnectionsService,
    {
      provide: ConnectorOpener,
      inject: [getDataSourceToken(), SECRET_BOX, LOGGER, CONNECTOR_RESOLVER, CONNECTOR_HTTP],
      useFactory: (db: DataSource, secrets: SecretBox, logger: Logger, resolveConnector: ConnectorResolver, http: ConnectorOpenerOptions['http']) =>
        new ConnectorOpener({ db, secrets, logger, resolveConnector, http }),
    },
  ],
  exports: [ConnectionsService, ConnectorOpener],
})
export class ConnectionsModule {}
