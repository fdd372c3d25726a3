import { createHash } from 'node:crypto';
import { buildPageQuery, type PageQuery } from './list-sql.js';
import type { ReadModel } from './read-model.js';

/** The row of a page statement: rows seen (page size + 1 means there is a next page), last id shown, the page's JSON. */
export interface PageRow {
  fetched: number;
  last_id: string | null;
  results: string;
}

/** A page statement as `pg` runs it: `name` set when each pooled connection may keep one prepared plan. */
export interface PageQueryConfig {
  name?: string;
  text: string;
  values: unknown[];
}

const names = new Map<string, string>();

/** The statement's name: a hash of its text, computed once per distinct text (there are a few dozen). */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `ats_read_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    if (names.size < 10_000) names.set(sql, name);
  }
  return name;
}

/**
 * The page statement for `query`, as the service sends it (the read bench runs the same through
 * `pg` alone, as the SQL-only limit). Plain paging and plan-stable filters run as named prepared
 * statements, so each pooled connection parses and plans them once. Other filtered pages are
 * planned on every call: a cached generic plan cannot see the filter's values.
 */
export function pageQueryConfig(model: ReadModel, query: PageQuery): PageQueryConfig {
  const { sql, values, reusablePlan } = buildPageQuery(model, query);
  return reusablePlan ? { name: statementName(sql), text: sql, values } : { text: sql, values };
}
