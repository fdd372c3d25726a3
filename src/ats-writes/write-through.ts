import type pg from 'pg';
import type { Logger } from 'pino';
import { stableId } from '../ats/stable-id.js';
import type { RemoteRef } from '../ats/normalized.js';
import type { OpenedConnector } from '../connections/open-connector.js';
import { inTransaction } from '../database/transaction.js';
import { writeBatch } from '../sync/record-writer.js';
import { MODEL_TABLES } from '../sync/model-tables.js';

/**
 * After a write: re-read what it created or changed from the partner (fetchByIds) and upsert it
 * through the sync writer in one transaction, so the read API shows it at once and the next sync
 * finds those rows unchanged (same mapper, same content hash). Returns warnings, never throws: the
 * write itself has already happened.
 */
export async function writeThrough(pool: pg.Pool, opened: OpenedConnector, refs: readonly RemoteRef[], logger: Logger): Promise<string[]> {
  const unique = [...new Map(refs.map((r) => [`${r.model}:${r.remote_id}`, r])).values()];
  if (unique.length === 0) return [];
  const { connector, context, connection } = opened;
  if (!connector.fetchByIds) return [`${connector.displayName} cannot re-read records one by one: the change shows in the read API after the next sync.`];
  let fetched;
  try {
    fetched = await connector.fetchByIds(context, unique);
  } catch (error) {
    logger.warn({ err: error, connectionId: connection.id }, 'write-through re-read failed');
    return [`The write succeeded, but re-reading it from ${connector.displayName} failed (${(error as Error).message}); it shows in the read API after the next sync.`];
  }
  await inTransaction(pool, async (client) => {
    const now = new Date();
    await writeBatch(client, [fetched], { connectionId: connection.id, seenRunId: null, now });
    for (const gone of fetched.missing ?? []) {
      await client.query(
        `UPDATE ${MODEL_TABLES[gone.model].table} SET remote_deleted_at = $3, changed_at = $3 WHERE connection_id = $1 AND id = $2 AND remote_deleted_at IS NULL`,
        [connection.id, stableId(connection.id, gone.model, gone.remote_id), now],
      );
    }
  });
  return [];
}
