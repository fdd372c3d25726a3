import type { TestDatabase } from '../../support/test-database.js';

/**
 * What a request must not change: every row of every table of the app's schema, hashed per table.
 * Left out: api_keys.last_used_at (a documented usage hint, written at most every few minutes by any
 * authenticated call), the write audit log and the inbound delivery log (they record every attempt,
 * refused ones too, by design).
 */
const VOLATILE: Record<string, string[]> = { api_keys: ['last_used_at'] };
const NOT_STATE = new Set(['migrations', 'ats_write_actions', 'inbound_events']);

export async function fingerprintQuery(db: TestDatabase): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const parts = [];
  for (const { table_name: table } of tables) {
    if (NOT_STATE.has(table)) continue;
    const row = VOLATILE[table]
      ? `(to_jsonb(t) - ARRAY[${VOLATILE[table].map((c) => `'${c}'`).join(',')}]::text[])::text`
      : 't::text';
    parts.push(`'${table}', (SELECT count(*) || ':' || coalesce(md5(string_agg(${row}, '|' ORDER BY ${row})), '') FROM "${table}" t)`);
  }
  return `SELECT json_build_object(${parts.join(', ')})::text AS f`;
}

/** A function that returns the current fingerprint (one statement). */
export async function fingerprinter(db: TestDatabase): Promise<() => Promise<string>> {
  const sql = await fingerprintQuery(db);
  return async () => (await db.query<{ f: string }>(sql))[0].f;
}

/** The tables whose hash differs between two fingerprints. */
export function changedTables(before: string, after: string): string[] {
  const a = JSON.parse(before) as Record<string, string>;
  const b = JSON.parse(after) as Record<string, string>;
  return Object.keys(b).filter((k) => a[k] !== b[k]);
}
