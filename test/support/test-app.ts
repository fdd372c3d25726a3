import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import request from 'supertest';
import { createApp } from '../../src/app/bootstrap.js';
import { createLogger } from '../../src/common/logging/logger.js';
import type { AppOptions } from '../../src/app/app.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** Collects every log line the app writes, so tests can assert what never appears in logs. */
class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _: BufferEncoding, done: () => void): void {
    this.lines.push(chunk.toString('utf8'));
    done();
  }
  text(): string {
    return this.lines.join('');
  }
}

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  config: AppConfig;
  adminKey: string;
  logs: LogCapture;
  http(): ReturnType<typeof request>;
  /** `Authorization: Bearer <admin key>` */
  admin: { Authorization: string };
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    databaseUrl: undefined,
    port: 0,
    host: '127.0.0.1',
    encryptionKey: randomBytes(32),
    adminKey: `test_admin_${randomBytes(16).toString('hex')}`,
    adminKeyGenerated: false,
    dataDir: '/nonexistent',
    embeddedPgPort: 0,
    // Background syncs stay off unless a test turns them on.
    workers: 0,
    schedulerEnabled: false,
    schedulerIntervalSeconds: 60,
    logLevel: 'debug',
    ...overrides,
  };
}

/** The real app on a fresh, migrated database, driven over HTTP by supertest. */
export async function startTestApp(overrides: Partial<AppConfig> = {}, options: AppOptions = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig({ databaseUrl: db.url, ...overrides });
  const logs = new LogCapture();
  const app = await createApp(config, db.url, createLogger(config.logLevel, logs), options);
  return {
    app,
    db,
    config,
    adminKey: config.adminKey,
    logs,
    http: () => request(app.getHttpServer()),
    admin: { Authorization: `Bearer ${config.adminKey}` },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
