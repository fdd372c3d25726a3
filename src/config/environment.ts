import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateBy, validateSync } from 'class-validator';
import { parseTrustProxy, TRUST_PROXY_PROBLEM } from './trust-proxy.js';

/** The environment ats-sync reads, validated once at boot. Documented in config/example.env. */
export class EnvironmentVariables {
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/dbname' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number from 1 to 65535' })
  @Min(1, { message: 'must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'must be a whole number from 1 to 65535' })
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a host name or address to listen on, such as 0.0.0.0' })
  HOST?: string;

  @IsOptional()
  @ValidateBy({ name: 'trustProxy', validator: { validate: (value) => typeof value === 'string' && parseTrustProxy(value) !== null, defaultMessage: () => TRUST_PROXY_PROBLEM } })
  ATS_SYNC_TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'must be 32 random bytes in base64 (44 characters ending in =), as `openssl rand -base64 32` prints',
  })
  ATS_SYNC_ENCRYPTION_KEY?: string;

  @IsOptional()
  @Matches(/^\S{24,}$/, { message: 'must be at least 24 characters without spaces, e.g. `openssl rand -hex 24`' })
  ATS_SYNC_ADMIN_KEY?: string;

  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be a directory path' })
  ATS_SYNC_DATA_DIR?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number from 1 to 65535' })
  @Min(1, { message: 'must be a whole number from 1 to 65535' })
  @Max(65535, { message: 'must be a whole number from 1 to 65535' })
  ATS_SYNC_EMBEDDED_PG_PORT?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number from 0 to 32 (sync jobs this process runs at once; 0 = none)' })
  @Min(0, { message: 'must be a whole number from 0 to 32 (sync jobs this process runs at once; 0 = none)' })
  @Max(32, { message: 'must be a whole number from 0 to 32 (sync jobs this process runs at once; 0 = none)' })
  ATS_SYNC_WORKERS?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of megabytes from 64 to 16384 (the heap cap of each sync worker process)' })
  @Min(64, { message: 'must be a whole number of megabytes from 64 to 16384 (the heap cap of each sync worker process)' })
  @Max(16384, { message: 'must be a whole number of megabytes from 64 to 16384 (the heap cap of each sync worker process)' })
  ATS_SYNC_WORKER_HEAP_MB?: number;

  @IsOptional()
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  ATS_SYNC_SCHEDULER?: string;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of seconds from 5 to 3600' })
  @Min(5, { message: 'must be a whole number of seconds from 5 to 3600' })
  @Max(3600, { message: 'must be a whole number of seconds from 5 to 3600' })
  ATS_SYNC_SCHEDULER_INTERVAL_SECONDS?: number;

  @IsOptional()
  @IsInt({ message: 'must be a whole number of minutes from 1 to 1440' })
  @Min(1, { message: 'must be a whole number of minutes from 1 to 1440' })
  @Max(1440, { message: 'must be a whole number of minutes from 1 to 1440' })
  ATS_SYNC_PARTNER_PATIENCE_MINUTES?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL?: string;
}

const ENV_KEYS: readonly (keyof EnvironmentVariables)[] = [
  'DATABASE_URL',
  'PORT',
  'HOST',
  'ATS_SYNC_TRUST_PROXY',
  'ATS_SYNC_ENCRYPTION_KEY',
  'ATS_SYNC_ADMIN_KEY',
  'ATS_SYNC_DATA_DIR',
  'ATS_SYNC_EMBEDDED_PG_PORT',
  'ATS_SYNC_WORKERS',
  'ATS_SYNC_WORKER_HEAP_MB',
  'ATS_SYNC_SCHEDULER',
  'ATS_SYNC_SCHEDULER_INTERVAL_SECONDS',
  'ATS_SYNC_PARTNER_PATIENCE_MINUTES',
  'LOG_LEVEL',
];
const NUMERIC = new Set<keyof EnvironmentVariables>([
  'PORT',
  'ATS_SYNC_EMBEDDED_PG_PORT',
  'ATS_SYNC_WORKERS',
  'ATS_SYNC_WORKER_HEAP_MB',
  'ATS_SYNC_SCHEDULER_INTERVAL_SECONDS',
  'ATS_SYNC_PARTNER_PATIENCE_MINUTES',
]);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the raw environment; throws a ConfigError whose message is one line naming the variable. */
export function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const raw: Record<string, unknown> = {};
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value === undefined || value === '') continue;
    raw[key] = NUMERIC.has(key) && /^\d+$/.test(value) ? Number(value) : value;
  }
  const parsed = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(parsed, { whitelist: true, stopAtFirstError: true });
  if (errors.length > 0) {
    const first = errors[0];
    const why = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(`${first.property} ${why}`);
  }
  return parsed;
}
