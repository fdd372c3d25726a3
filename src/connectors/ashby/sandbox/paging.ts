import type { Tracked } from './data/state.js';
import type { PagingSettings } from './faults.js';
import { AshbyDomainError, invalidInput } from './responses.js';

/**
 * Cursor paging and sync tokens as Ashby documents them: `limit` ≤ 100, `nextCursor` +
 * `moreDataAvailable`, a `syncToken` on the last page only, and incremental runs from it that must
 * send the original syncToken with every cursor. Records are walked in index order, so a cursor is
 * "the next index" and survives inserts and deletes.
 */
interface CursorData {
  e: string; // endpoint
  n: number; // next index
  u: number; // change sequence when the run started: the run's syncToken
  p: number; // page number of the page the cursor fetches
  t: number; // issued at (ms)
  x: number; // cursor epoch
  k?: number; // incremental runs: the change sequence of the syncToken they run from
}
interface TokenData {
  e: string;
  s: number;
  t: number;
  x: number;
}

const encode = (data: object) => Buffer.from(JSON.stringify(data)).toString('base64url');
function decode<T>(value: string): T | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as T) : undefined;
  } catch {
    return undefined;
  }
}

export interface PageRequest {
  endpoint: string;
  body: Record<string, unknown>;
  /** The change sequence now: where a run starting now will hand its syncToken from. */
  currentSeq: number;
  settings: PagingSettings;
  now?: number;
}

export interface ListPage<T> {
  success: true;
  results: T[];
  moreDataAvailable: boolean;
  nextCursor?: string;
  syncToken?: string;
}

export function paginate<S extends Tracked, T>(
  request: PageRequest,
  items: readonly S[],
  /** Full runs: which records the request's filters keep (incremental runs return every change). */
  include: (item: S, index: number) => boolean,
  build: (index: number) => T,
): ListPage<T> {
  const { endpoint, body, settings } = request;
  const now = request.now ?? Date.now();
  const rawLimit = body.limit ?? 100;
  if (typeof rawLimit !== 'number' || !Number.isInteger(rawLimit) || rawLimit < 1) throw invalidInput('`limit` must be a positive integer.');
  const limit = Math.min(rawLimit, 100);

  let since: number | undefined;
  if (body.syncToken !== undefined) {
    const token = typeof body.syncToken === 'string' ? decode<TokenData>(body.syncToken) : undefined;
    if (!token || token.e !== endpoint || typeof token.s !== 'number')
      throw new AshbyDomainError('sync_token_invalid', 'The syncToken is not valid for this endpoint. Drop it and do a full sync.');
    if (token.x < settings.sync_token_epoch || now - token.t > settings.sync_token_ttl_ms)
      throw new AshbyDomainError('sync_token_expired', 'The syncToken has expired. Drop it and do a full sync.');
    since = token.s;
  }

  let cursor: CursorData | undefined;
  if (body.cursor !== undefined) {
    cursor = typeof body.cursor === 'string' ? decode<CursorData>(body.cursor) : undefined;
    if (!cursor || cursor.e !== endpoint || typeof cursor.n !== 'number')
      throw new AshbyDomainError('invalid_next_cursor', 'The cursor is not valid for this endpoint. Start again without a cursor.');
    if (cursor.x < settings.cursor_epoch || now - cursor.t > settings.cursor_ttl_ms)
      throw new AshbyDomainError('next_cursor_expired', 'The cursor has expired. Start again without a cursor.');
    if (cursor.k !== since)
      throw new AshbyDomainError(
        'invalid_next_cursor',
        since === undefined
          ? 'This cursor belongs to an incremental run: send the original syncToken with it.'
          : 'This cursor does not belong to an incremental run from that syncToken.',
      );
  }

  const page = cursor?.p ?? 0;
  if (since !== undefined && page >= settings.incremental_page_limit)
    throw new AshbyDomainError('incremental_sync_too_large', 'Too many changes since the syncToken. Drop it and do a full sync.');

  const startSeq = cursor?.u ?? request.currentSeq;
  const keep = since === undefined ? (item: S, i: number) => !item.deleted && include(item, i) : (item: S) => !item.deleted && item.seq > since;
  const results: T[] = [];
  let i = cursor?.n ?? 0;
  for (; i < items.length && results.length < limit; i++) if (keep(items[i], i)) results.push(build(i));
  let more = false;
  for (let j = i; j < items.length; j++)
    if (keep(items[j], j)) {
      more = true;
      break;
    }
  if (more) {
    const next: CursorData = { e: endpoint, n: i, u: startSeq, p: page + 1, t: now, x: settings.cursor_epoch, ...(since !== undefined ? { k: since } : {}) };
    return { success: true, results, moreDataAvailable: true, nextCursor: encode(next) };
  }
  return { success: true, results, moreDataAvailable: false, syncToken: encode({ e: endpoint, s: startSeq, t: now, x: settings.sync_token_epoch } satisfies TokenData) };
}
