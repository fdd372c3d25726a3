import type { PartnerHttp, PartnerResponse } from '../http/partner-http.js';
import { RemoteError } from '../remote-error.js';

/** JazzHR's page size: a page holds at most 100 records and no reply gives a page count. */
export const PAGE_SIZE = 100;

/** JazzHR's documented limit: 100 requests a minute per key. */
export const JAZZHR_REQUESTS_PER_WINDOW = 100;
export const JAZZHR_WINDOW_MS = 60_000;

/**
 * The steady rate that keeps any sliding window of `windowMs` under `limit` requests. The client's
 * token bucket lets up to one second's worth through at once on top of the steady rate, so a
 * window can see rate × (window + 1 s): solve for the limit, with a 2% margin for network jitter.
 * For JazzHR's 100 a minute that is 1.61 a second (96 a minute).
 */
export function requestsPerSecondWithin(limit: number, windowMs: number): number {
  return (0.98 * limit) / (windowMs / 1000 + 1);
}

/**
 * A list reply as an array. JazzHR answers a lone match with the bare object instead of a
 * one-element array, and no match with an empty array (or, on some filters, null).
 */
export function asList<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body === null || body === undefined || body === '') return [];
  if (typeof body === 'object' && Object.keys(body).length === 0) return [];
  return [body as T];
}

/** JazzHR refuses some requests with `{"_error": …}` on a success status ([APIFY] src/api.js). */
export function errorInBody(body: unknown): string | null {
  if (body && typeof body === 'object' && !Array.isArray(body) && '_error' in body) return String((body as { _error: unknown })._error);
  return null;
}

export function jazzRemoteError(response: PartnerResponse<unknown>, endpoint: string): RemoteError {
  const message = errorInBody(response.data);
  const kind = response.status >= 400 && response.status < 500 ? 'INPUT' : response.status >= 200 && response.status < 300 ? 'INPUT' : 'UNKNOWN';
  return new RemoteError(kind, `JazzHR answered HTTP ${response.status} to ${endpoint}${message ? `: ${message}` : ''}`, { status: response.status, endpoint });
}

/** `/applicants/name/Jane%20Doe/page/2`: filters are path segments, values encoded. */
export function listPath(resource: string, filters: Record<string, string> = {}, page?: number): string {
  const segments = Object.entries(filters).flatMap(([k, v]) => [k, encodeURIComponent(v)]);
  if (page !== undefined) segments.push('page', String(page));
  return ['', resource, ...segments].join('/');
}

/** One page of a list, normalized to an array. */
export async function getPage<T>(http: PartnerHttp, resource: string, filters: Record<string, string>, page: number, signal?: AbortSignal): Promise<T[]> {
  const path = listPath(resource, filters, page);
  const endpoint = `GET ${listPath(resource, Object.fromEntries(Object.keys(filters).map((k) => [k, `{${k}}`])))}`;
  const response = await http.request<unknown>({ path, signal });
  if (response.status !== 200 || errorInBody(response.data) !== null) throw jazzRemoteError(response, endpoint);
  return asList<T>(response.data);
}

/** Pages of a list from `fromPage` on, until a short page. */
export async function* pages<T>(http: PartnerHttp, resource: string, filters: Record<string, string>, fromPage: number, signal?: AbortSignal): AsyncGenerator<{ records: T[]; page: number; last: boolean }> {
  for (let page = fromPage; ; page++) {
    const records = await getPage<T>(http, resource, filters, page, signal);
    const last = records.length < PAGE_SIZE;
    yield { records, page, last };
    if (last) return;
  }
}

/** Every record of a list (for the small ones: users, jobs, workflows, hires, categories). */
export async function getAll<T>(http: PartnerHttp, resource: string, filters: Record<string, string> = {}, signal?: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  for await (const { records } of pages<T>(http, resource, filters, 1, signal)) all.push(...records);
  return all;
}

/** GET /<resource>/{id}; null when JazzHR has no such record (it was deleted: JazzHR keeps no trace). */
export async function getOne<T>(http: PartnerHttp, resource: string, id: string, signal?: AbortSignal): Promise<T | null> {
  const endpoint = `GET /${resource}/{id}`;
  const response = await http.request<unknown>({ path: `/${resource}/${encodeURIComponent(id)}`, signal });
  if (response.status === 404) return null;
  if (response.status !== 200 || errorInBody(response.data) !== null) throw jazzRemoteError(response, endpoint);
  const [record] = asList<T>(response.data);
  return record ?? null;
}

/**
 * A POST. The key also travels as the query parameter (the context adds it to every call, as
 * seek2jazz does). Any 2xx without `_error` is success. Not retried on a 5xx or a timeout: JazzHR
 * does not dedupe, so the caller looks up whether the write landed first.
 */
export async function post<T>(http: PartnerHttp, resource: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<{ data: T; status: number }> {
  const endpoint = `POST /${resource}`;
  const response = await http.request<unknown>({ method: 'POST', path: `/${resource}`, data: body, idempotent: false, signal });
  if (response.status < 200 || response.status >= 300 || errorInBody(response.data) !== null) throw jazzRemoteError(response, endpoint);
  return { data: response.data as T, status: response.status };
}
