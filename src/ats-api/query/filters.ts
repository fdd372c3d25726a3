import { DEFAULT_PAGE_SIZE, type ListQueryDto } from './list-query.dto.js';

/**
 * The filters of one list request in canonical form: lists sorted and de-duplicated, emails and
 * names lower-cased, times as ISO strings. The cursor carries this object, and two requests have the
 * same filters exactly when their canonical forms are equal.
 */
export interface Filters {
  include_deleted: boolean;
  updated_after?: string;
  ids?: string[];
  remote_ids?: string[];
  email?: string[];
  first_name?: string[];
  last_name?: string[];
  job_ids?: string[];
  candidate_ids?: string[];
  outcomes?: string[];
  current_stage_ids?: string[];
  statuses?: string[];
  name_contains?: string;
  confidential?: boolean;
  application_ids?: string[];
  emails?: string[];
}

type ListKey = Exclude<keyof Filters, 'include_deleted' | 'updated_after' | 'name_contains' | 'confidential'>;
const LOWER_CASED: ReadonlySet<ListKey> = new Set(['email', 'emails', 'first_name', 'last_name', 'ids', 'job_ids', 'candidate_ids', 'current_stage_ids', 'application_ids']);
const LIST_KEYS: readonly ListKey[] = [
  'ids', 'remote_ids', 'email', 'first_name', 'last_name', 'job_ids', 'candidate_ids', 'outcomes',
  'current_stage_ids', 'statuses', 'application_ids', 'emails',
];
/** Query parameters that are not filters: paging and Kombo's no-op flag. */
const NOT_FILTERS = new Set(['cursor', 'page_size', 'ignore_unsupported_filters']);

export interface ListRequest {
  filters: Filters;
  /** True when the request named any filter; with a cursor, they must then equal the cursor's. */
  filtersGiven: boolean;
  pageSize: number;
  cursor?: string;
}

export function toListRequest(query: ListQueryDto): ListRequest {
  const q = query as ListQueryDto & Record<string, unknown>;
  const filters: Filters = { include_deleted: query.include_deleted ?? false };
  if (query.updated_after) filters.updated_after = query.updated_after.toISOString();
  for (const key of LIST_KEYS) {
    const values = q[key] as string[] | undefined;
    if (!values || values.length === 0) continue;
    const canonical = LOWER_CASED.has(key) ? values.map((v) => v.toLowerCase()) : values;
    filters[key] = [...new Set(canonical)].sort();
  }
  if (typeof q.name_contains === 'string') filters.name_contains = q.name_contains.toLowerCase();
  if (typeof q.confidential === 'boolean') filters.confidential = q.confidential;
  return {
    filters,
    filtersGiven: Object.keys(q).some((key) => q[key] !== undefined && !NOT_FILTERS.has(key)),
    pageSize: query.page_size ?? DEFAULT_PAGE_SIZE,
    cursor: query.cursor,
  };
}

export function sameFilters(a: Filters, b: Filters): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(filters: Filters): string {
  const entries = Object.entries(filters).filter(([, v]) => v !== undefined).sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify(entries);
}
