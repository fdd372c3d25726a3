import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SYNC_WORKER_HEAP_MB } from './defaults.js';
import { ConfigError, validateEnvironment } from './environment.js';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.js';

export { DEFAULT_SYNC_WORKER_HEAP_MB };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The typed configuration every part of ats-sync receives. */
export interface AppConfig {
  /** Unset means: start the embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  port: number;
  host: string;
  /** Express 'trust proxy' (ATS_SYNC_TRUST_PROXY); unset: off, req.ip is the TCP peer. */
  trustProxy?: TrustProxy;
  encryptionKey: Buffer;
  adminKey: string;
  /** True when the admin key came from dataDir rather than the environment (printed at start). */
  adminKeyGenerated: boolean;
  /** True only on the start that generated the admin key (the one start that prints it). */
  adminKeyCreated?: boolean;
  dataDir: string;
  /** Unset: 54329 when free, else any free port (so instances in two folders both start). */
  embeddedPgPort?: number;
  /** Sync jobs this process runs at once (0: this process only serves the API). */
  workers: number;
  /**
   * Heap cap (V8 old space, MB) of each sync worker process (default 128). Used when
   * syncWorkerProcesses is on; in-process workers share the process's heap.
   */
  syncWorkerHeapMb?: number;
  /**
   * Run the sync workers in child processes of their own (one per worker, each with the heap cap)
   * rather than inside this process. `ats-sync serve` turns it on; tests that bring fake
   * connectors run them in-process.
   */
  syncWorkerProcesses?: boolean;
  /** Whether this process enqueues scheduled syncs (only one process schedules per tick in any case). */
  schedulerEnabled: boolean;
  schedulerIntervalSeconds: number;
  /** How long a sync waits out a partner that keeps failing (429, 5xx) before the stream fails (default 15). */
  partnerPatienceMinutes?: number;
  logLevel: LogLevel;
}

interface StoredSecrets {
  encryptionKey: string;
  adminKey: string;
}

/**
 * Reads and validates the environment once. With DATABASE_URL set both keys are required; on the
 * embedded default, missing keys are generated once and kept in <dataDir>/secrets.json.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = validateEnvironment(env);
  const dataDir = resolve(vars.ATS_SYNC_DATA_DIR ?? '.data');
  let encryptionKey = vars.ATS_SYNC_ENCRYPTION_KEY;
  let adminKey = vars.ATS_SYNC_ADMIN_KEY;
  let adminKeyGenerated = false;
  let adminKeyCreated = false;

  if (vars.DATABASE_URL) {
    if (!encryptionKey) {
      throw new ConfigError(
        'ATS_SYNC_ENCRYPTION_KEY is required when DATABASE_URL is set: 32 random bytes in base64, as `openssl rand -base64 32` prints',
      );
    }
    if (!adminKey) {
      throw new ConfigError(
        'ATS_SYNC_ADMIN_KEY is required when DATABASE_URL is set: at least 24 characters, e.g. `openssl rand -hex 24`',
      );
    }
  } else if (!encryptionKey || !adminKey) {
    const { secrets: stored, created } = loadOrCreateSecrets(dataDir);
    encryptionKey ??= stored.encryptionKey;
    if (!adminKey) {
      adminKey = stored.adminKey;
      adminKeyGenerated = true;
      adminKeyCreated = created;
    }
  }

  return {
    databaseUrl: vars.DATABASE_URL,
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '0.0.0.0',
    trustProxy: parseTrustProxy(vars.ATS_SYNC_TRUST_PROXY) ?? undefined,
    encryptionKey: Buffer.from(encryptionKey!, 'base64'),
    adminKey: adminKey!,
    adminKeyGenerated,
    adminKeyCreated,
    dataDir,
    embeddedPgPort: vars.ATS_SYNC_EMBEDDED_PG_PORT,
    workers: vars.ATS_SYNC_WORKERS ?? 2,
    syncWorkerHeapMb: vars.ATS_SYNC_WORKER_HEAP_MB ?? DEFAULT_SYNC_WORKER_HEAP_MB,
    schedulerEnabled: (vars.ATS_SYNC_SCHEDULER ?? 'on') === 'on',
    schedulerIntervalSeconds: vars.ATS_SYNC_SCHEDULER_INTERVAL_SECONDS ?? 60,
    partnerPatienceMinutes: vars.ATS_SYNC_PARTNER_PATIENCE_MINUTES ?? 15,
    logLevel: (vars.LOG_LEVEL ?? 'info') as LogLevel,
  };
}

function loadOrCreateSecrets(dataDir: string): { secrets: StoredSecrets; created: boolean } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
    // The file's values go through the same rules as the environment's.
    validateEnvironment({ ATS_SYNC_ENCRYPTION_KEY: stored.encryptionKey, ATS_SYNC_ADMIN_KEY: stored.adminKey });
    return { secrets: stored, created: false };
  }
  const secrets: StoredSecrets = {
    encryptionKey: randomBytes(32).toString('base64'),
    adminKey: `ats_admin_${randomBytes(24).toString('hex')}`,
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return { secrets, created: true };
}
