import type pg from 'pg';
import type { MappedPage } from '../ats/normalized.js';
import { contentHash } from './content-hash.js';
import { JOIN_TABLES, MODEL_TABLES } from './model-tables.js';
import type { RunCounts } from './record-writer.js';
import type { SyncStream } from '../connectors/connector.js';

/**
 * A FULL over unchanged data need not map, hash and compare every record again: each page's raw
 * records are hashed as they arrive, and a page whose hash equals the one stored for the same place
 * in the last FULL maps to exactly the rows that FULL wrote. Such a page is only marked seen (its
 * stored ids go into sync_seen, in SQL) and counted unchanged.
 *
 * The stored hashes hold only while nothing else wrote the stream's tables since the run that stored
 * them finished (a DELTA, a write-through, a webhook): then the stream's newest changed_at is after
 * that run's end and the whole stream is compared record by record, as without this.
 */
export type SeenIds = Record<string, string[]>;

export interface PageMark {
  page: number;
  hash: string;
  seen: SeenIds;
}

/** The ids a mapped page covers, per model and join: what marking it seen inserts. */
export function seenIds(mapped: MappedPage): SeenIds | null {
  const seen: SeenIds = {};
  for (const [model, records] of Object.entries(mapped.records)) (seen[model] ??= []).push(...(records ?? []).map((r) => r.remote_id));
  for (const set of mapped.joins ?? []) (seen[set.join] ??= []).push(...set.members.map((m) => `${set.parent.remote_id}:${m.member.remote_id}`));
  // A page with a record that failed to map is always recomputed, so the failure is reported each run.
  if ((mapped.failures ?? []).length > 0) return null;
  return seen;
}

export class UnchangedPages {
  private constructor(private readonly hashes: Map<number, string>) {}

  /** The stored page hashes of a stream, or none when something wrote its tables since they were stored. */
  static async load(db: pg.Pool | pg.ClientBase, connectionId: string, stream: SyncStream): Promise<UnchangedPages> {
    const tables = [...stream.models.map((m) => MODEL_TABLES[m].table), ...(stream.joins ?? []).map((j) => JOIN_TABLES[j].table)];
    const newest = tables.map((t) => `(SELECT max(changed_at) FROM ${t} WHERE connection_id = $1)`).join(', ');
    const { rows } = await db.query<{ page: number; hash: string }>(
      `SELECT p.page, p.hash FROM sync_page_hashes p
       JOIN sync_runs r ON r.id = p.run_id AND r.finished_at IS NOT NULL
       WHERE p.connection_id = $1 AND p.stream = $2
         AND r.finished_at >= coalesce(greatest(${newest}), '-infinity')`,
      [connectionId, stream.name],
    );
    return new UnchangedPages(new Map(rows.map((r) => [r.page, r.hash])));
  }

  static hash(records: unknown[]): string {
    return contentHash(records);
  }

  isUnchanged(page: number, hash: string): boolean {
    return this.hashes.get(page) === hash;
  }
}

/** True when none of the stream's tables holds a row of the connection (its first FULL). */
export async function isFirstFull(db: pg.Pool | pg.ClientBase, connectionId: string, stream: SyncStream): Promise<boolean> {
  const tables = [...stream.models.map((m) => MODEL_TABLES[m].table), ...(stream.joins ?? []).map((j) => JOIN_TABLES[j].table)];
  const { rows } = await db.query<{ empty: boolean }>(
    `SELECT NOT (${tables.map((t) => `EXISTS (SELECT 1 FROM ${t} WHERE connection_id = $1)`).join(' OR ')}) AS empty`,
    [connectionId],
  );
  return rows[0].empty;
}

/** Stores the hashes and seen ids of the pages a batch wrote (same transaction as their rows). */
export async function rememberPages(client: pg.ClientBase, connectionId: string, stream: string, runId: string, marks: PageMark[]): Promise<void> {
  if (marks.length === 0) return;
  await client.query(
    `INSERT INTO sync_page_hashes (connection_id, stream, page, hash, run_id, seen)
     SELECT $1, $2, m.page, m.hash, $3, m.seen FROM jsonb_to_recordset($4::jsonb) AS m(page int, hash text, seen jsonb)
     ON CONFLICT (connection_id, stream, page) DO UPDATE SET hash = EXCLUDED.hash, run_id = EXCLUDED.run_id, seen = EXCLUDED.seen`,
    [connectionId, stream, runId, JSON.stringify(marks)],
  );
}

/**
 * Marks the ids of skipped pages seen for this run's sweep, moves the pages to this run, and returns
 * those new to the run counted as fetched and unchanged.
 */
export async function markPagesSeen(client: pg.ClientBase, connectionId: string, stream: string, runId: string, pages: number[]): Promise<RunCounts> {
  if (pages.length === 0) return {};
  const { rows } = await client.query<{ model: string; n: number }>(
    `WITH ids AS (
       SELECT m.key AS model, jsonb_array_elements_text(m.value) AS remote_id
       FROM sync_page_hashes p, jsonb_each(p.seen) m
       WHERE p.connection_id = $1 AND p.stream = $2 AND p.page = ANY($4::int[])
     ), marked AS (
       INSERT INTO sync_seen (connection_id, run_id, model, remote_id) SELECT $1, $3, model, remote_id FROM ids ON CONFLICT DO NOTHING
       RETURNING model
     ), moved AS (
       UPDATE sync_page_hashes SET run_id = $3 WHERE connection_id = $1 AND stream = $2 AND page = ANY($4::int[])
     )
     -- Only ids new to this run count: one already seen (a tag on many candidates) was counted then.
     SELECT model, count(*)::int AS n FROM marked GROUP BY model`,
    [connectionId, stream, runId, pages],
  );
  const counts: RunCounts = {};
  for (const { model, n } of rows) counts[model] = { fetched: n, created: 0, updated: 0, unchanged: n, deleted: 0, failed: 0 };
  return counts;
}
