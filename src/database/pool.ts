import pg from 'pg';
import type { Logger } from 'pino';

export interface PoolOptions {
  max?: number;
  applicationName?: string;
  logger?: Logger;
}

/**
 * A pg pool that survives its idle clients being cut off (a database restart, a failover, a
 * dropped test database): see `surviveCutSessions`.
 */
export function createPool(connectionString: string, options: PoolOptions = {}): pg.Pool {
  return surviveCutSessions(new pg.Pool({ connectionString, max: options.max ?? 10, application_name: options.applicationName }), options.logger);
}

/**
 * pg emits a cut session as 'error' on the pool (idle clients) or on the client (checked-out ones),
 * which without a listener would crash the process. The pool replaces such clients on the next
 * checkout.
 */
export function surviveCutSessions(pool: pg.Pool, logger?: Logger): pg.Pool {
  pool.on('error', (error) => logger?.warn({ err: error }, 'an idle database connection failed; it will be replaced'));
  // A client checked out between two queries (one holding an advisory lock for a whole sync) has
  // no listener of pg-pool's: its cut session would be an unhandled 'error' and end the process.
  // Its next query fails instead, and the holder releases it as broken.
  pool.on('connect', (client) => client.on('error', (error) => logger?.debug({ err: error }, 'a database session in use was cut')));
  return pool;
}
