import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { PinoNestLogger } from '../common/logging/logger.js';
import { requestLog } from '../common/logging/request-log.js';
import { MAX_BODY_MB, rejectHostileBodies } from '../common/validation/input-limits.js';
import type { AppConfig } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres.js';
import { AppModule, type AppOptions } from './app.module.js';
import { mountOpenApi } from './openapi.js';
import { loggedPath } from './log-paths.js';
import { securityHeaders } from './security-headers.js';

/** Applies every pending migration; the same set runs on the embedded and on an external server. */
export async function migrate(databaseUrl: string, logger: Logger, direction: 'up' | 'down' = 'up'): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    if (direction === 'up') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      for (const m of applied) logger.info({ migration: m.name }, 'migration applied');
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      logger.info('last migration reverted');
    }
  } finally {
    await dataSource.destroy();
  }
}

/** The Nest application, configured but not listening (tests drive it through supertest). */
export async function createApp(config: AppConfig, databaseUrl: string, logger: Logger, options: AppOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl, logger, options), {
    logger: new PinoNestLogger(logger),
    bodyParser: true,
  });
  app.use(securityHeaders);
  // Inbound partner webhooks are verified over the exact bytes sent: that route gets the raw body (before the JSON parser).
  app.use('/v1/inbound', express.raw({ type: () => true, limit: '5mb' }));
  // Writes carry files as base64 (Kombo's attachments); 100 kB, Express's default, is too small for a CV.
  app.useBodyParser('json', { limit: `${MAX_BODY_MB}mb` });
  // Nesting and NUL limits for every body, before routes, guards or decorators read it.
  app.use(rejectHostileBodies);
  // One line per request (id, method, path without query string or token, status, time); not for health checks and scrapes.
  app.use(requestLog(logger, { path: loggedPath, ignore: (url) => url === '/health' || url === '/metrics' }));
  // Responses are fresh reads of changing data; hashing every body for an ETag costs CPU for nothing.
  app.getHttpAdapter().getInstance().set('etag', false);
  // req.ip (the dashboard's sign-in limit) honours X-Forwarded-For only from the proxies ATS_SYNC_TRUST_PROXY names.
  app.getHttpAdapter().getInstance().set('trust proxy', config.trustProxy ?? false);
  mountOpenApi(app);
  await app.init();
  return app;
}

export interface RunningService {
  app: INestApplication;
  url: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Database (embedded unless DATABASE_URL), migrations, HTTP listener. close() undoes all three, in reverse. */
export async function startService(config: AppConfig, logger: Logger): Promise<RunningService> {
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger);
    databaseUrl = embedded.url;
  }
  try {
    await migrate(databaseUrl, logger);
    const app = await createApp(config, databaseUrl, logger);
    await app.listen(config.port, config.host);
    const { port } = app.getHttpServer().address() as AddressInfo;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    logger.info({ url, database: embedded ? 'embedded' : 'external' }, 'ats-sync is serving');
    return {
      app,
      url,
      databaseUrl,
      close: async () => {
        await app.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
