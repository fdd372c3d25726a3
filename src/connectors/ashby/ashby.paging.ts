import type { ConnectorContext, FetchRequest, RawPage, StreamPosition } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyCall } from './ashby.client.js';

/**
 * Where an Ashby list stream stands, saved with each page:
 * - mid-run: `{cursor}` (FULL) or `{cursor, syncToken}` (DELTA: the token the run started from);
 * - after the last page: `{syncToken}`, the token the next DELTA starts from.
 */
export interface AshbyPosition extends StreamPosition {
  cursor?: string;
  syncToken?: string;
}

/**
 * Pages through a list endpoint that takes `syncToken`. FULL starts at the top (or resumes at a
 * saved cursor); DELTA sends the saved syncToken, and with every cursor the same token again, as
 * Ashby requires. Each page's records go through `enrich` (extra calls a model needs) before they
 * are yielded, so the stream's `map` stays pure.
 */
export async function* syncTokenPages<Raw, Out = Raw>(
  context: ConnectorContext,
  request: FetchRequest,
  endpoint: string,
  body: Record<string, unknown> = {},
  enrich?: (records: Raw[]) => Promise<Out[]>,
): AsyncGenerator<RawPage<Out>> {
  const saved = (request.position ?? {}) as AshbyPosition;
  let syncToken: string | undefined;
  if (request.mode === 'DELTA') {
    if (typeof saved.syncToken !== 'string') throw new RemoteError('POSITION_EXPIRED', `No Ashby syncToken saved for ${endpoint}; a FULL run is needed.`, { endpoint: `POST /${endpoint}` });
    syncToken = saved.syncToken;
  }
  let cursor: string | undefined = typeof saved.cursor === 'string' ? saved.cursor : undefined;
  for (;;) {
    const page = await ashbyCall<Raw[]>(context, endpoint, { ...body, limit: 100, ...(syncToken ? { syncToken } : {}), ...(cursor ? { cursor } : {}) }, request.signal);
    const records = page.results ?? [];
    const out = enrich ? await enrich(records) : (records as unknown as Out[]);
    if (page.moreDataAvailable && page.nextCursor) {
      cursor = page.nextCursor;
      yield { records: out, position: { cursor, ...(syncToken ? { syncToken } : {}) } };
      continue;
    }
    // The last page: its syncToken is where the next DELTA starts. Without one, the next run is FULL.
    yield { records: out, position: page.syncToken ? { syncToken: page.syncToken } : {} };
    return;
  }
}

/** A list Ashby does not page or sync (e.g. archiveReason.list): one page, fetched whole every run. */
export async function* wholeList<Raw, Out = Raw>(
  context: ConnectorContext,
  request: FetchRequest,
  endpoint: string,
  body: Record<string, unknown> = {},
  enrich?: (records: Raw[]) => Promise<Out[]>,
): AsyncGenerator<RawPage<Out>> {
  const page = await ashbyCall<Raw[]>(context, endpoint, body, request.signal);
  const records = page.results ?? [];
  yield { records: enrich ? await enrich(records) : (records as unknown as Out[]), position: {} };
}

/** Runs `fn` over items with at most `limit` at once (PartnerHttp bounds the real concurrency). */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
