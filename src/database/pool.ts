import pg from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  max?: number;
  applicationName?: string;
  logger?: Logger;
}

/**
 * A pg pool that survives its idle clients being cut off (a database restart, a failover, a
 * dropped test database): pg emits those as 'error' on the pool, which without a listener would
 * crash the process. The pool replaces such clients on the next checkout.
 */
export function createPool(connectionString: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: options.applicationName });
  pool.on('error', (error) => options.logger?.warn({ err: error }, 'an idle database connection failed; it will be replaced'));
  return pool;
}
