import type pg from 'pg';
import { JOIN_TABLES, MODEL_TABLES } from '../../../src/sync/model-tables.js';

/**
 * What a connection holds, independent of its ids (which differ per connection by design): per
 * model the remote ids with a hash of the partner record and whether it is deleted; per join table
 * the live pairs of remote ids.
 */
export async function contentOf(db: pg.Pool | pg.Client, connectionId: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [model, { table }] of Object.entries(MODEL_TABLES)) {
    const { rows } = await db.query<{ r: string }>(
      `SELECT remote_id || ' ' || md5(coalesce(remote_data::text, '')) || ' ' || (remote_deleted_at IS NULL) AS r FROM ${table} WHERE connection_id = $1 ORDER BY 1`,
      [connectionId],
    );
    out[model] = rows.map((x) => x.r);
  }
  for (const [join, { table }] of Object.entries(JOIN_TABLES)) {
    const { rows } = await db.query<{ r: string }>(`SELECT remote_id AS r FROM ${table} WHERE connection_id = $1 AND remote_deleted_at IS NULL ORDER BY 1`, [connectionId]);
    out[join] = rows.map((x) => x.r);
  }
  return out;
}
