import type { ConnectorContext } from '../connector.js';
import { ErrorCode } from '../../common/errors/api-error.js';
import { RemoteError } from '../remote-error.js';

export interface AshbyErrorInfo {
  code?: string;
  message?: string;
}

export interface AshbyResponse<T> {
  success?: boolean;
  results?: T;
  moreDataAvailable?: boolean;
  nextCursor?: string;
  syncToken?: string;
  errors?: string[];
  errorInfo?: AshbyErrorInfo;
}

export interface AshbyCallOptions {
  /** False for creates: a 5xx or timeout is not retried (it may have landed); the caller looks first. */
  idempotent?: boolean;
}

/** Ashby error codes with a Kombo code of their own. */
const KOMBO_CODES: Record<string, ErrorCode> = {
  application_already_exists: ErrorCode.ATS_APPLICATION_ALREADY_EXISTS,
};

/** Ashby's answers that mean "this cursor or sync token can no longer be used": the engine runs FULL. */
const POSITION_CODES = new Set(['sync_token_expired', 'sync_token_invalid', 'incremental_sync_too_large', 'next_cursor_expired', 'invalid_next_cursor']);

/**
 * One RPC call: `POST /<category>.<method>` with a JSON body. Ashby reports most failures as HTTP 200
 * with `success:false`, so the body decides, not the status (PartnerHttp already retried 429/5xx
 * and turned 401/403 into AUTH).
 */
export async function ashbyCall<T>(
  context: ConnectorContext,
  endpoint: string,
  body: Record<string, unknown> | FormData,
  signal?: AbortSignal,
  options: AshbyCallOptions = {},
): Promise<AshbyResponse<T>> {
  const where = `POST /${endpoint}`;
  const response = await context.http.request<AshbyResponse<T>>({ method: 'POST', path: `/${endpoint}`, data: body, signal, idempotent: options.idempotent });
  const data = response.data;
  if (data && typeof data === 'object' && data.success === false) {
    const code = data.errorInfo?.code ?? data.errors?.[0];
    const message = `Ashby answered ${code ?? 'an error'} on ${where}${data.errorInfo?.message ? `: ${data.errorInfo.message}` : ''}`;
    const details = { status: response.status, partnerCode: code, endpoint: where };
    if (code && POSITION_CODES.has(code)) throw new RemoteError('POSITION_EXPIRED', message, details);
    if (code === 'missing_endpoint_permission') throw new RemoteError('AUTH', message, details);
    // Refusals Kombo names more precisely than REMOTE.INPUT_INVALID.
    const apiCode = code ? KOMBO_CODES[code] : undefined;
    throw new RemoteError('INPUT', message, apiCode ? { ...details, apiCode } : details);
  }
  if (response.status !== 200) {
    throw new RemoteError(response.status >= 400 && response.status < 500 ? 'INPUT' : 'UNKNOWN', `Ashby answered HTTP ${response.status} on ${where}.`, {
      status: response.status,
      endpoint: where,
    });
  }
  if (!data || typeof data !== 'object' || data.success !== true) {
    throw new RemoteError('UNKNOWN', `Ashby's answer on ${where} is not the documented shape (no success:true).`, { status: response.status, endpoint: where });
  }
  return data;
}

/** `results` of a call that must return a list or an object. */
export async function ashbyResults<T>(context: ConnectorContext, endpoint: string, body: Record<string, unknown> | FormData, signal?: AbortSignal, options?: AshbyCallOptions): Promise<T> {
  const data = await ashbyCall<T>(context, endpoint, body, signal, options);
  if (data.results === undefined) throw new RemoteError('UNKNOWN', `Ashby's answer on POST /${endpoint} has no results.`, { endpoint: `POST /${endpoint}` });
  return data.results;
}

/** Every page of a cursor-paged list (for lookups a stream needs in full, e.g. departments). */
export async function ashbyListAll<T>(context: ConnectorContext, endpoint: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await ashbyCall<T[]>(context, endpoint, { ...body, limit: 100, ...(cursor ? { cursor } : {}) }, signal);
    all.push(...(page.results ?? []));
    cursor = page.moreDataAvailable ? page.nextCursor : undefined;
  } while (cursor);
  return all;
}
