import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ApiError } from './errors/api-error.js';
import { successList, type Page, type Success } from './success.js';

/**
 * Keyset paging for the management lists (webhook endpoints and deliveries, inbound events, the
 * write log): `cursor` and `page_size` as on `/v1/ats/*`, `data.next` null on the last page. The
 * cursor is the (time, id) of the last row shown — the time as Postgres holds it, to the
 * microsecond, so rows created within one millisecond are neither skipped nor repeated — bound to
 * the list it was issued for. Authorization never depends on it: the list is scoped first.
 */

export const MANAGEMENT_MAX_PAGE_SIZE = 250;
const PAGE_SIZES = Array.from({ length: MANAGEMENT_MAX_PAGE_SIZE }, (_, i) => i + 1);
const PAGE_SIZE_PROBLEM = `must be an integer from 1 to ${MANAGEMENT_MAX_PAGE_SIZE}`;
const CURSOR_PROBLEM = 'is not a `next` value this list returned; start again without it';

const toInteger = () => Transform(({ value }) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value));

/** `cursor` and `page_size` (and `limit`, its older name) of every management list. */
export class ManagementPageQuery {
  @ApiPropertyOptional({ description: 'The `next` value of the previous page.' })
  @IsOptional()
  @IsString({ message: 'must be given once, as the `next` value of a previous page' })
  @MaxLength(1024, { message: 'is not a `next` value this list returned' })
  cursor?: string;

  @ApiPropertyOptional({ description: `Rows per page (1–${MANAGEMENT_MAX_PAGE_SIZE}); the default depends on the list.`, type: 'integer', minimum: 1, maximum: MANAGEMENT_MAX_PAGE_SIZE })
  @IsOptional()
  @toInteger()
  @IsIn(PAGE_SIZES, { message: PAGE_SIZE_PROBLEM })
  page_size?: number;

  @ApiPropertyOptional({ description: 'Deprecated: the older name of `page_size` (ignored when `page_size` is given).', type: 'integer', minimum: 1, maximum: MANAGEMENT_MAX_PAGE_SIZE, deprecated: true })
  @IsOptional()
  @toInteger()
  @IsIn(PAGE_SIZES, { message: PAGE_SIZE_PROBLEM })
  limit?: number;
}

/** Where the previous page ended: the exact time (text, microseconds, UTC) and the id of its last row. */
export interface KeysetPosition {
  at: string;
  id: string;
}

/** The SQL expression that gives a timestamptz column as the exact text a position carries. */
export const positionSql = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(list: string, position: KeysetPosition): string {
  return Buffer.from(JSON.stringify({ l: list, t: position.at, i: position.id })).toString('base64url');
}

/** The position a cursor names, if this list issued it; else a 400 (PLATFORM.INPUT_INVALID, field `cursor`). */
export function decodeCursor(list: string, cursor: string): KeysetPosition {
  let payload: { l?: unknown; t?: unknown; i?: unknown } | null = null;
  try {
    if (/^[A-Za-z0-9_-]+$/.test(cursor)) payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    payload = null;
  }
  if (!payload || payload.l !== list || typeof payload.t !== 'string' || !AT.test(payload.t) || typeof payload.i !== 'string' || !UUID.test(payload.i)) {
    throw ApiError.invalidField('cursor', CURSOR_PROBLEM);
  }
  return { at: payload.t, id: payload.i };
}

export interface PageRequest {
  size: number;
  after: KeysetPosition | null;
}

/** The page size (page_size, else limit, else the list's default) and the position to continue from. */
export function pageRequest(list: string, query: ManagementPageQuery, defaultSize: number): PageRequest {
  return { size: query.page_size ?? query.limit ?? defaultSize, after: query.cursor !== undefined ? decodeCursor(list, query.cursor) : null };
}

/**
 * The envelope of one page from rows fetched with LIMIT size + 1: the extra row only tells that
 * there is a next page; `next` names the last row shown.
 */
export function keysetPage<R extends { position: string; id: string }, T>(list: string, page: PageRequest, rows: R[], present: (row: R) => T): Success<Page<T>> {
  const shown = rows.slice(0, page.size);
  const last = shown[shown.length - 1];
  const next = rows.length > page.size && last ? encodeCursor(list, { at: last.position, id: last.id }) : null;
  return successList(shown.map(present), next);
}
