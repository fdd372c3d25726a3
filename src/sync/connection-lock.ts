import type pg from 'pg';

export interface ConnectionLock {
  release(): Promise<void>;
}

/**
 * One sync per connection across every ats-sync process: a PostgreSQL session advisory lock held
 * on a dedicated client for the whole run. If the process dies, its database session ends and the
 * lock goes with it, so a crashed run never blocks the connection.
 */
export function tryLockConnection(pool: pg.Pool, connectionId: string): Promise<ConnectionLock | null> {
  return tryAdvisoryLock(pool, `ats-sync:connection:${connectionId}`);
}

/** A session advisory lock on any key (e.g. one export), held on a dedicated client until released. */
export async function tryAdvisoryLock(pool: pg.Pool, key: string): Promise<ConnectionLock | null> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [key]);
    if (!rows[0].ok) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release();
    throw error;
  }
  return {
    async release() {
      try {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]);
        client.release();
      } catch (error) {
        // A broken client is discarded, which also ends its session and so the lock.
        client.release(error as Error);
      }
    },
  };
}
