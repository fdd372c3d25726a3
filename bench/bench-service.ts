import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { startService } from '../src/app/bootstrap.js';
import type { AppConfig } from '../src/config/app-config.js';

/** The service as a benchmark runs it: DATABASE_URL's server (or the embedded one), a fresh admin key, no scheduler. */
export async function startBenchService(options: { workers: number; embeddedPgPort: number }) {
  const config: AppConfig = {
    databaseUrl: process.env.DATABASE_URL,
    port: 0,
    host: '127.0.0.1',
    encryptionKey: randomBytes(32),
    adminKey: `bench_${randomBytes(12).toString('hex')}`,
    adminKeyGenerated: false,
    dataDir: `${process.cwd()}/.data`,
    embeddedPgPort: options.embeddedPgPort,
    workers: options.workers,
    schedulerEnabled: false,
    schedulerIntervalSeconds: 60,
    logLevel: 'warn',
  };
  const service = await startService(config, pino({ level: 'warn' }));
  /** A call with the admin key (and X-Connection-Id when given); throws on a non-2xx answer. */
  const api = async <T>(method: string, path: string, body?: unknown, connection?: string): Promise<T> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${config.adminKey}`, 'Content-Type': 'application/json', ...(connection ? { 'X-Connection-Id': connection } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { service, config, api };
}
