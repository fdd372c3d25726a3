import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * The ceiling the sync writer is compared with: the same normalized rows, already on disk, loaded with
 * COPY into tables shaped exactly like ours (same indexes, unique keys included). Only the load is timed.
 */
export async function copyBaseline(client: pg.PoolClient, connectionId: string, tables: string[]): Promise<{ rows: number; seconds: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ats-sync-copy-'));
  try {
    for (const table of tables) {
      await client.query(`DROP TABLE IF EXISTS bench_copy_${table}`);
      await client.query(`CREATE TABLE bench_copy_${table} (LIKE ${table} INCLUDING ALL)`);
      await pipeline(
        client.query(copyTo(`COPY (SELECT * FROM ${table} WHERE connection_id = '${connectionId}') TO STDOUT`)),
        createWriteStream(join(dir, table)),
      );
    }
    let rows = 0;
    const started = process.hrtime.bigint();
    for (const table of tables) {
      const stream = client.query(copyFrom(`COPY bench_copy_${table} FROM STDIN`));
      await pipeline(createReadStream(join(dir, table)), stream);
      rows += Number(stream.rowCount);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const table of tables) await client.query(`DROP TABLE bench_copy_${table}`);
    return { rows, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
