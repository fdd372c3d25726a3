import type pg from 'pg';
import type { MappedPage } from '../ats/normalized.js';
import { contentHash } from './content-hash.js';
import { JOIN_TABLES, MODEL_TABLES } from './model-tables.js';
import type { RunCounts } from './record-writer.js';
import type { SyncStream } from '../connectors/connector.js';

/**
 * A FULL over unchanged data need not map, hash and compare every record again: each page's raw
 * records are hashed as they arrive, and a page whose hash equals the one stored for the same place
 * in the last FULL maps to exactly the rows that FULL wrote. Such a page is only moved to this run
 * (confirmPages): the sweep keeps the ids the run's pages list, and the stream's end counts them.
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

/** The ids a mapped page covers, per model and join: what a later FULL that confirms the page keeps from its sweep. */
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
 * Moves skipped pages to this run, and nothing else: the run's sweep reads their ids from the pages
 * themselves (sweepUnseen), and they are counted once, when the stream ends (countConfirmed). A
 * sync_seen row per record of each skipped page was most of an unchanged FULL's SQL.
 */
export async function confirmPages(client: pg.ClientBase, connectionId: string, stream: string, runId: string, pages: number[]): Promise<void> {
  if (pages.length === 0) return;
  await client.query(`UPDATE sync_page_hashes SET run_id = $3 WHERE connection_id = $1 AND stream = $2 AND page = ANY($4::int[])`, [connectionId, stream, runId, pages]);
}

/** The distinct ids, per model and join, of the stream's pages written or confirmed in this run. */
const RUN_PAGE_IDS = `
  SELECT DISTINCT m.key AS model, e.remote_id
  FROM sync_page_hashes p, jsonb_each(p.seen) m, jsonb_array_elements_text(m.value) e(remote_id)
  WHERE p.connection_id = $1 AND p.stream = $2 AND p.run_id = $3`;

function asUnchanged(rows: { model: string; n: number }[]): RunCounts {
  const counts: RunCounts = {};
  for (const { model, n } of rows) if (n > 0) counts[model] = { fetched: n, created: 0, updated: 0, unchanged: n, deleted: 0, failed: 0 };
  return counts;
}

/**
 * At the end of a FULL stream: the ids of its pages in this run that no written record marked seen
 * (those on confirmed pages only), counted fetched and unchanged. Each id counts once however many
 * pages carry it (a tag on many candidates); one a written page also carried was counted there.
 * The caller commits these counts with the stream's completion, so a run never counts them twice.
 */
export async function countConfirmed(client: pg.ClientBase, connectionId: string, stream: string, runId: string): Promise<RunCounts> {
  const { rows } = await client.query<{ model: string; n: number }>(
    `WITH ids AS (${RUN_PAGE_IDS})
     SELECT model, count(*)::int AS n FROM ids
     WHERE NOT EXISTS (SELECT 1 FROM sync_seen s WHERE s.connection_id = $1 AND s.run_id = $3 AND s.model = ids.model AND s.remote_id = ids.remote_id)
     GROUP BY model`,
    [connectionId, stream, runId],
  );
  return asUnchanged(rows);
}

/**
 * A FULL stream that failed: its confirmed pages' ids are counted now, and marked seen so that the
 * stream, run again when the run resumes, counts them neither at its end nor when it meets them.
 */
export async function markConfirmedSeen(client: pg.ClientBase, connectionId: string, stream: string, runId: string): Promise<RunCounts> {
  const { rows } = await client.query<{ model: string; n: number }>(
    `WITH marked AS (
       INSERT INTO sync_seen (connection_id, run_id, model, remote_id) SELECT $1, $3, model, remote_id FROM (${RUN_PAGE_IDS}) ids
       ON CONFLICT DO NOTHING RETURNING model
     )
     SELECT model, count(*)::int AS n FROM marked GROUP BY model`,
    [connectionId, stream, runId],
  );
  return asUnchanged(rows);
}
