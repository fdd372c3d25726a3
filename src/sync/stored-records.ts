import type pg from 'pg';
import type { AtsModel } from '../ats/normalized.js';
import type { StoredLookup } from '../connectors/connector.js';
import { MODEL_TABLES } from './model-tables.js';

/**
 * FetchRequest.stored: the live stored rows of some records, so a stream can reuse what a detail
 * call gave last time for a record its list says did not change.
 */
export async function storedRecords(
  db: pg.Pool,
  connectionId: string,
  model: AtsModel,
  remoteIds: string[],
  columns: string[],
  options?: StoredLookup,
): Promise<Map<string, Record<string, unknown>>> {
  const spec = MODEL_TABLES[model];
  for (const c of columns) if (!spec.columns.some((col) => col.name === c)) throw new Error(`${spec.table} has no column "${c}"`);
  if (remoteIds.length === 0) return new Map();
  const { rows } = await db.query<Record<string, unknown>>(
    `SELECT remote_id, remote_updated_at${columns.map((c) => `, "${c}"`).join('')} FROM ${spec.table}
     WHERE connection_id = $1 AND ${options ? 'remote_data ->> $3' : 'remote_id'} = ANY($2::text[]) AND remote_deleted_at IS NULL`,
    options ? [connectionId, remoteIds, options.by] : [connectionId, remoteIds],
  );
  return new Map(rows.map((r) => [r.remote_id as string, r]));
}
