import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { createPool, surviveCutSessions } from '../../src/database/pool.js';
import { createRawTextPool } from '../../src/database/raw-text-pool.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A database that goes away (a Ctrl-C reaching the embedded PostgreSQL, a failover) cuts every
 * session. A client checked out between two queries — one holding a connection's advisory lock
 * for a whole sync — must not take the process down with an unhandled 'error' event.
 */
describe('pool clients whose session is cut', () => {
  let db: TestDatabase;
  beforeAll(async () => (db = await createTestDatabase({ migrated: false })));
  afterAll(() => db.drop());

  // The read API's pages pool parses with its own protocol parser; it gets the same guards.
  const pools: [string, () => pg.Pool][] = [
    ['createPool', () => createPool(db.url, { max: 2, applicationName: 'ats-sync-pool-errors-spec' })],
    ['the pages-as-bytes pool', () => surviveCutSessions(createRawTextPool({ connectionString: db.url, max: 2 }, ['results']))],
  ];

  it.each(pools)('%s: a checked-out client cut between queries fails its next query, and the process lives on', async (_name, makePool) => {
    const pool = makePool();
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const held = await pool.connect();
      const { rows } = await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      await delay(500);
      expect(uncaught).toEqual([]);
      await expect(held.query('SELECT 1')).rejects.toThrow();
      held.release(true);
      // The pool hands out a fresh session afterwards.
      expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
    } finally {
      process.removeListener('uncaughtException', onUncaught);
      await admin.end();
      await pool.end();
    }
  });
});
