import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Logger } from 'pino';
import type { AuthConfig, PartnerLimits } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { sleep } from '../../common/sleep.js';
import { RateLimiter, sharedRateLimiter } from './rate-limiter.js';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** First backoff in ms; doubles each attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 8, baseDelayMs: 500, maxDelayMs: 60_000 };

export interface PartnerHttpOptions {
  baseUrl: string;
  auth: AuthConfig;
  limits: PartnerLimits;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Called for every response or network failure: feeds the partner-requests metric. */
  onResponse?: (status: number | 'network') => void;
  /** The connection's id: its clients in this process share one rate-limit bucket. */
  connectionId?: string;
}

export interface PartnerRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  params?: Record<string, unknown>;
  data?: unknown;
  signal?: AbortSignal;
  /**
   * False for writes that must not be repeated blindly (creates): a 5xx or a network error (a
   * timeout) may have been applied, so it is not retried here and ends as RemoteError UNAVAILABLE;
   * the connector checks whether the write landed before trying again. 429s are still retried:
   * the partner refused those before doing anything. Default true.
   */
  idempotent?: boolean;
}

export interface PartnerResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string | undefined>;
}

/**
 * The one HTTP client for a connection's partner: timeouts, a request-rate limit and a concurrency
 * bound from the connector's limits, retries with exponential backoff and jitter on 429, 5xx and
 * network errors (honouring Retry-After), and failures classified as RemoteError.
 * Non-retryable 4xx answers are returned to the connector, which knows what they mean.
 */
export class PartnerHttp {
  private readonly client: AxiosInstance;
  private readonly limiter: RateLimiter;
  private readonly inFlight: LimitFunction;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: PartnerHttpOptions) {
    this.client = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 30_000,
      headers: { Accept: 'application/json', ...options.auth.headers },
      params: options.auth.params,
      auth: options.auth.auth,
      // Every status comes back as a response; this class decides what is an error.
      validateStatus: () => true,
      maxRedirects: 0,
    });
    this.limiter = options.connectionId ? sharedRateLimiter(options.connectionId, options.limits.requestsPerSecond) : new RateLimiter(options.limits.requestsPerSecond);
    this.inFlight = pLimit(options.limits.concurrency);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  async request<T>(request: PartnerRequest): Promise<PartnerResponse<T>> {
    const endpoint = `${request.method ?? 'GET'} ${request.path}`;
    for (let attempt = 0; ; attempt++) {
      let response: AxiosResponse<T> | undefined;
      let networkError: Error | undefined;
      try {
        response = await this.inFlight(async () => {
          await this.limiter.take(request.signal);
          return this.client.request<T>(this.toAxios(request));
        });
      } catch (error) {
        if (request.signal?.aborted) throw error;
        if (!(error instanceof AxiosError)) throw error;
        networkError = error;
      }
      this.options.onResponse?.(response?.status ?? 'network');

      const status = response?.status;
      const retryable = networkError !== undefined || status === 429 || (status !== undefined && status >= 500);
      if (!retryable) {
        this.options.logger.debug({ endpoint, status, attempt }, 'partner response');
        if (status === 401 || status === 403) {
          throw new RemoteError('AUTH', `The partner refused the credentials (HTTP ${status} on ${endpoint}).`, {
            status,
            endpoint,
          });
        }
        return { status: status!, data: response!.data, headers: flatHeaders(response!) };
      }
      const mayHaveLanded = status !== 429;
      if (request.idempotent === false && mayHaveLanded) throw this.giveUp(endpoint, status, networkError, attempt + 1);
      if (attempt >= this.retry.retries) throw this.giveUp(endpoint, status, networkError);

      const delay = this.backoff(attempt, response);
      this.options.logger.warn(
        { endpoint, status: status ?? 'network', attempt: attempt + 1, delayMs: delay, error: networkError?.message },
        'partner request failed; retrying',
      );
      await sleep(delay, request.signal);
    }
  }

  /** The auth's body fields merged into a plain JSON object body; other bodies (FormData, none) as they are. */
  private withBodyFields(data: unknown): unknown {
    const fields = this.options.auth.bodyFields;
    if (!fields || data === null || typeof data !== 'object' || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) return data;
    return { ...fields, ...(data as Record<string, unknown>) };
  }

  private toAxios(request: PartnerRequest): AxiosRequestConfig {
    return {
      method: request.method ?? 'GET',
      url: request.path,
      params: { ...this.options.auth.params, ...request.params },
      data: this.withBodyFields(request.data),
      signal: request.signal,
    };
  }

  /** Retry-After when the partner sends it; otherwise exponential backoff with full jitter. */
  private backoff(attempt: number, response?: AxiosResponse): number {
    const retryAfter = parseRetryAfter(response?.headers?.['retry-after']);
    if (retryAfter !== undefined) return Math.min(retryAfter, this.retry.maxDelayMs);
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  private giveUp(endpoint: string, status: number | undefined, networkError?: Error, tries = this.retry.retries + 1): RemoteError {
    if (status === 429) {
      return new RemoteError('RATE_LIMIT', `The partner kept answering 429 on ${endpoint} (${tries} tries).`, { status, endpoint });
    }
    const what = status ? `HTTP ${status}` : `a network error (${networkError?.message})`;
    return new RemoteError('UNAVAILABLE', `The partner kept failing with ${what} on ${endpoint} (${tries} tries).`, {
      status,
      endpoint,
    });
  }
}

function flatHeaders(response: AxiosResponse): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v == null ? undefined : String(v)]));
}

/** Retry-After is seconds or an HTTP date; returns milliseconds. */
export function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
