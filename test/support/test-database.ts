import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { migrate } from '../../src/app/bootstrap.js';
import { createPool } from '../../src/database/pool.js';

export interface TestDatabase {
  url: string;
  /** A plain pg client on the test database, for assertions that must not go through the app. */
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.ATS_SYNC_TEST_SERVER_URL;
  if (!url) throw new Error('ATS_SYNC_TEST_SERVER_URL is not set: run the tests through `npm test` (jest globalSetup)');
  return url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh database on the test server, migrated unless `migrated: false`. `cLocale` makes it with
 * LC_CTYPE C, as the embedded server's are (lower() then folds ASCII only).
 */
export async function createTestDatabase(options: { migrated?: boolean; cLocale?: boolean } = {}): Promise<TestDatabase> {
  const name = `ats_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(options.cLocale ? `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl(), name);
  if (options.migrated !== false) await migrate(url, pino({ level: 'silent' }));

  const pool = createPool(url, { max: 2 });
  return {
    url,
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    drop: async () => {
      await pool.end();
      const client = new pg.Client({ connectionString: serverUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
