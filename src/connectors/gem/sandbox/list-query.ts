import type { Request, Response } from 'express';
import { GemHttpError } from './gem-errors.js';

type Query = Request['query'];

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new GemHttpError(400, `${name} must be given once`, { [name]: { message: 'must be given once' } });
  return value;
}

function intParam(query: Query, name: string, fallback: number, min: number, max: number): number {
  const raw = single(query, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new GemHttpError(400, `${name} must be an integer in [${min} .. ${max}]`, { [name]: { message: `must be in [${min} .. ${max}]`, value: raw } });
  }
  return value;
}

export interface Page {
  page: number;
  size: number;
}

/** ATS paging: page (1-based) and per_page in [1 .. 500], default 100. */
export const atsPage = (query: Query): Page => ({ page: intParam(query, 'page', 1, 1, 1_000_000), size: intParam(query, 'per_page', 100, 1, 500) });

/** v0 paging: page and page_size in [1 .. 100]. */
export const v0Page = (query: Query): Page => ({ page: intParam(query, 'page', 1, 1, 1_000_000), size: intParam(query, 'page_size', 20, 1, 100) });

/** An ISO 8601 time filter of the ATS API, as epoch ms. */
export function isoParam(query: Query, name: string): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(ms)) {
    throw new GemHttpError(400, `${name} must be an ISO 8601 date-time`, { [name]: { message: 'not a valid date-time', value: raw } });
  }
  return ms;
}

/** A Unix-seconds time filter of the v0 API (compared in whole seconds, as v0 shows them). */
export function unixParam(query: Query, name: string): number | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new GemHttpError(400, `${name} must be Unix seconds`, { [name]: { message: 'must be an integer', value: raw } });
  return Number(raw);
}

export function boolParam(query: Query, name: string): boolean | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  if (raw !== 'true' && raw !== 'false') throw new GemHttpError(400, `${name} must be true or false`, { [name]: { value: raw } });
  return raw === 'true';
}

export const stringParam = single;

/** A list filter: one predicate per query parameter that was given. */
export type Predicate<T> = (item: T) => boolean;

/** Time filters on a field: `<prefix>_after` (strictly after) and `<prefix>_before` (strictly before). */
export function timeWindow<T>(query: Query, prefix: string, field: (item: T) => string | null | undefined): Predicate<T>[] {
  const after = isoParam(query, `${prefix}_after`);
  const before = isoParam(query, `${prefix}_before`);
  const out: Predicate<T>[] = [];
  if (after !== undefined) out.push((item) => { const v = field(item); return v != null && Date.parse(v) > after; });
  if (before !== undefined) out.push((item) => { const v = field(item); return v != null && Date.parse(v) < before; });
  return out;
}

/** Soft-deleted records only with include_deleted=true. */
export function deletedFilter<T extends { deleted_at: string | null }>(query: Query): Predicate<T>[] {
  return boolParam(query, 'include_deleted') ? [] : [(item) => item.deleted_at === null];
}

/**
 * The requested page of the items passing every predicate. Without `countAll` the scan stops once
 * the page is full; with it (v0's X-Pagination needs the total) it runs to the end.
 */
export function pageOf<T>(items: readonly T[], predicates: Predicate<T>[], { page, size }: Page, countAll = false): { rows: T[]; total: number } {
  const skip = (page - 1) * size;
  const rows: T[] = [];
  let matched = 0;
  for (const item of items) {
    if (!predicates.every((p) => p(item))) continue;
    if (matched >= skip && rows.length < size) rows.push(item);
    matched++;
    if (!countAll && rows.length === size) break;
  }
  return { rows, total: matched };
}

/** v0's X-Pagination header: JSON with the page counts. */
export function setV0Pagination(res: Response, total: number, { page, size }: Page): void {
  const totalPages = Math.max(1, Math.ceil(total / size));
  res.setHeader(
    'X-Pagination',
    JSON.stringify({ total, total_pages: totalPages, first_page: 1, last_page: totalPages, page, previous_page: page > 1 ? page - 1 : null, next_page: page < totalPages ? page + 1 : null }),
  );
}
