import type { PartnerHttp, PartnerResponse } from '../http/partner-http.js';
import { RemoteError } from '../remote-error.js';
import type { GemErrorBody } from './gem.types.js';

/** The ATS API's largest page; a shorter page is the last one. */
export const ATS_PAGE_SIZE = 500;

export type Params = Record<string, string | number>;

/** A RemoteError for an answer Gem gave but we cannot use, carrying Gem's own message. */
export function gemRemoteError(response: PartnerResponse<unknown>, endpoint: string): RemoteError {
  const body = response.data as Partial<GemErrorBody> | undefined;
  const message = typeof body?.message === 'string' ? `: ${body.message}` : '';
  const kind = response.status >= 400 && response.status < 500 ? 'INPUT' : 'UNKNOWN';
  return new RemoteError(kind, `Gem answered HTTP ${response.status} to ${endpoint}${message}`, {
    status: response.status,
    partnerCode: body?.status,
    endpoint,
  });
}

/** One page of an ATS list: Gem answers with a bare JSON array. */
export async function getAtsPage<T>(http: PartnerHttp, path: string, params: Params, signal?: AbortSignal): Promise<T[]> {
  const endpoint = `GET ${path}`;
  const response = await http.request<unknown>({ path, params: { per_page: ATS_PAGE_SIZE, ...params }, signal });
  if (response.status !== 200) throw gemRemoteError(response, endpoint);
  if (!Array.isArray(response.data)) throw new RemoteError('UNKNOWN', `Gem answered ${endpoint} with a body that is not a list.`, { status: 200, endpoint });
  return response.data as T[];
}

/** Pages of an ATS list from `fromPage` on, until a short page. */
export async function* atsPages<T>(
  http: PartnerHttp,
  path: string,
  params: Params,
  fromPage: number,
  signal?: AbortSignal,
): AsyncGenerator<{ records: T[]; page: number; last: boolean }> {
  for (let page = fromPage; ; page++) {
    const records = await getAtsPage<T>(http, path, { ...params, page }, signal);
    const last = records.length < ATS_PAGE_SIZE;
    yield { records, page, last };
    if (last) return;
  }
}

/** Every record of an ATS list (for small lookups: posts, stages). */
export async function getAllAts<T>(http: PartnerHttp, path: string, params: Params, signal?: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  for await (const { records } of atsPages<T>(http, path, params, 1, signal)) all.push(...records);
  return all;
}
