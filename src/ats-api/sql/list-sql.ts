import type { Filters } from '../query/filters.js';
import type { ReadModel } from './read-model.js';
import { SqlParams } from './sql-params.js';

export interface PageQuery {
  connectionId: string;
  filters: Filters;
  /** The id of the last record of the previous page; none for the first page. */
  afterId?: string;
  pageSize: number;
}

/**
 * One statement per page. It returns the page as one JSON text (`results`), how many rows it saw
 * (page size + 1 means there is a next page) and the last id shown.
 *
 * Order: by `id` alone, never by `(changed_at, id)`. A reader follows `next` while a sync writes:
 * - keyed on (changed_at, id), a record updated after the reader passed it gets a newer changed_at,
 *   moves behind the cursor again and is returned twice in the same pass; and capping the pass at its
 *   start time to avoid that would instead drop records updated before the reader reached them.
 * - keyed on id, a record's position never changes (ids are stable, derived from the remote id), so
 *   each record present for the whole pass is returned exactly once, changed or not. A record
 *   created mid-pass is returned if its id sorts after the cursor, else by the next delta, which asks
 *   for `updated_after` = the time this pass started.
 * Each page is an index range scan on (connection_id, id) from the cursor: page 10,000 costs what
 * page 1 costs. `updated_after` narrows to the changed ids first (through the changed_at and deleted
 * indexes), then pages through those in the same id order.
 */
export interface PageStatement {
  sql: string;
  values: unknown[];
  /**
   * True for plain paging (and the model's plan-stable filters): its best plan does not depend on
   * the values, so a prepared statement may reuse one plan. Other filtered pages are planned per
   * call: a generic plan cannot see how selective a time, a name or an id list is.
   */
  reusablePlan: boolean;
}

export function buildPageQuery(model: ReadModel, query: PageQuery): PageStatement {
  const p = new SqlParams(query.connectionId);
  const f = query.filters;
  const after = query.afterId ? p.add(query.afterId, '::uuid') : undefined;
  const where = ['r.connection_id = $1'];
  if (after) where.push(`r.id > ${after}`);
  if (!f.include_deleted) where.push('r.remote_deleted_at IS NULL');
  if (f.ids) where.push(`r.id = ANY(${p.add(f.ids, '::uuid[]')})`);
  if (f.remote_ids) where.push(`r.remote_id = ANY(${p.add(f.remote_ids, '::text[]')})`);
  let driver: string | undefined;
  if (f.updated_after) {
    const since = p.add(f.updated_after, '::timestamptz');
    driver = [
      `SELECT id FROM ${model.table} WHERE connection_id = $1 AND changed_at > ${since}`,
      `SELECT id FROM ${model.table} WHERE connection_id = $1 AND remote_deleted_at > ${since}`,
      ...(model.nestedChanges?.(since) ?? []),
    ].join(' UNION ALL ');
  } else {
    driver = model.driver?.(f, p);
  }
  const modelFilters = model.filters?.(f, p) ?? [];
  where.push(...modelFilters);
  // Literals, not parameters (the page size is a checked integer): a plan then knows how few rows a
  // page has, also a reused one.
  const limit = String(Math.trunc(query.pageSize) + 1);
  const shown = String(Math.trunc(query.pageSize));

  // Without a driver: one range scan of (connection_id, id) from the cursor. With one: the matching
  // ids (index-only, already past the cursor) sorted, then each row fetched in that order until the
  // page is full, so a page costs the size of the matching set's ids plus one page of rows.
  const page = driver
    ? `SELECT r.* FROM (SELECT DISTINCT d.id FROM (${driver}) d(id)${after ? ` WHERE d.id > ${after}` : ''} ORDER BY d.id) c
         CROSS JOIN LATERAL (SELECT * FROM ${model.table} r WHERE r.id = c.id AND ${where.join(' AND ')}) r
         ORDER BY c.id LIMIT ${limit}`
    : `SELECT r.* FROM ${model.table} r WHERE ${where.join(' AND ')} ORDER BY r.id LIMIT ${limit}`;

  // Every CTE is MATERIALIZED: each nested query then runs once per page. Inlined, a planner without
  // statistics yet (fresh tables) re-ran them once per row of the page.
  const nested = model.nested ?? [];
  const sql = `
WITH page AS MATERIALIZED (${page}),
shown AS MATERIALIZED (SELECT * FROM page ORDER BY id LIMIT ${shown})${nested.map((n) => `, ${n.name} AS MATERIALIZED (${n.sql})`).join('')}
SELECT (SELECT count(*) FROM page)::int AS fetched,
       (SELECT id FROM shown ORDER BY id DESC LIMIT 1) AS last_id,
       coalesce(json_agg(${model.shape} ORDER BY r.id), '[]')::text AS results
FROM shown r${nested.filter((n) => n.joined !== false).map((n) => ` LEFT JOIN ${n.name} ON ${n.name}.parent_id = r.id`).join('')}`;
  // One id (a GET by id) is a primary-key lookup whatever the id: one plan serves them all, and
  // planning this statement costs more than running it (~4–10 ms against ~1.5 ms on the 1M bench).
  const stable = new Set<string>(['include_deleted', ...(f.ids?.length === 1 ? ['ids'] : []), ...(model.planStableFilters ?? [])]);
  const reusablePlan = Object.entries(f).every(([key, value]) => value === undefined || stable.has(key));
  return { sql, values: p.values, reusablePlan };
}

/** The SQL-escaped LIKE pattern for "contains", e.g. for `name_contains`. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
