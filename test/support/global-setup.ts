import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
// Jest loads globalSetup through its CommonJS path, where the moduleNameMapper that turns `.js`
// imports into `.ts` files does not apply: these two imports must stay extensionless.
// The sources they load import each other as `./x.js` (NodeNext); this hook, loaded first, resolves
// those to the `.ts` files beside them, as the moduleNameMapper does for the tests.
// @ts-expect-error TS2835, see above
import './ts-resolve-hook';
// @ts-expect-error TS2835 (extensionless import under NodeNext), see above
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';
// @ts-expect-error TS2835, see above
import { freePort } from './free-port';

declare global {
  // Shared between globalSetup and globalTeardown (same process).
  var __ATS_SYNC_EMBEDDED__: EmbeddedDatabase | undefined;
}

/**
 * Tests need a PostgreSQL server: DATABASE_URL when set (CI points it at the machine's server),
 * otherwise a throw-away embedded one. Each test file then makes its own database on that server.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.ATS_SYNC_TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ats-sync-test-pg-'));
  const embedded = await startEmbeddedPostgres(dataDir, await freePort(), pino({ level: 'warn' }));
  globalThis.__ATS_SYNC_EMBEDDED__ = embedded;
  process.env.ATS_SYNC_TEST_SERVER_URL = embedded.url;
}
