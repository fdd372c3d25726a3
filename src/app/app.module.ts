import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { AtsApiModule } from '../ats-api/ats-api.module.js';
import { AtsWritesModule } from '../ats-writes/ats-writes.module.js';
import { AtsExportsModule } from '../ats-exports/ats-exports.module.js';
import { ConnectModule } from '../connect/connect.module.js';
import { GeneralApiModule } from '../general-api/general-api.module.js';
import { DashboardModule } from '../dashboard/dashboard.module.js';
import { ApiKeyGuard } from '../common/auth/api-key.guard.js';
import { SecretBox } from '../common/crypto/secret-box.js';
import { ErrorEnvelopeFilter } from '../common/errors/error-envelope.filter.js';
import { createValidationPipe } from '../common/validation/validation.pipe.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectionsModule } from '../connections/connections.module.js';
import { EventsModule } from '../events/events.module.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { HealthModule } from '../health/health.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SyncModule } from '../sync/sync.module.js';
import { findConnector } from '../connectors/connector-registry.js';
import type { ConnectorOpenerOptions, ConnectorResolver } from '../connections/open-connector.js';
import { APP_CONFIG, CONNECTOR_HTTP, CONNECTOR_RESOLVER, DATABASE_URL, LOGGER, SECRET_BOX } from './tokens.js';

export interface AppOptions {
  /** Which connector serves a provider; the registry unless a test brings its own (test fakes). */
  resolveConnector?: ConnectorResolver;
  /** Retry policy and timeout of the API's partner calls (tests shorten them). */
  connectorHttp?: ConnectorOpenerOptions['http'];
}

/** Values made before Nest starts (config, logger), available everywhere. */
@Global()
@Module({})
class CoreModule {
  static register(config: AppConfig, databaseUrl: string, logger: Logger, options: AppOptions): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: config },
      { provide: CONNECTOR_RESOLVER, useValue: options.resolveConnector ?? findConnector },
      { provide: CONNECTOR_HTTP, useValue: options.connectorHttp ?? {} },
      { provide: DATABASE_URL, useValue: databaseUrl },
      { provide: LOGGER, useValue: logger },
      { provide: SECRET_BOX, useValue: new SecretBox(config.encryptionKey) },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({})
export class AppModule {
  /** databaseUrl is the resolved one: the configured server or the embedded one. */
  static register(config: AppConfig, databaseUrl: string, logger: Logger, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, databaseUrl, logger, options),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        MetricsModule,
        HealthModule,
        ConnectionsModule,
        ApiKeysModule,
        AtsApiModule,
        SyncModule,
        AtsWritesModule,
        EventsModule,
        AtsExportsModule,
        ConnectModule,
        GeneralApiModule,
        DashboardModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useFactory: () => new ErrorEnvelopeFilter(logger) },
      ],
    };
  }
}
