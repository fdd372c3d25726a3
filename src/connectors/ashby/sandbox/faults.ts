import type { NextFunction, Request, Response } from 'express';
import { sleep } from '../../../common/sleep.js';
import { errorBody } from './responses.js';

/** Switchable misbehaviour, set through `POST /_sandbox/faults`. Counts go down as requests hit them. */
export interface FaultState {
  /** The next `count` API requests answer 429; with `retryAfterSeconds` they carry Retry-After. */
  rateLimit: { count: number; retryAfterSeconds: number | null; partnerScope: boolean };
  /** The next `count` API requests (of `endpoints`, or any) answer `status` (5xx) without doing anything. */
  serverErrors: { count: number; status: number; endpoints: string[] | null };
  /** Added to every API request. */
  latencyMs: number;
  /**
   * The next `count` writes (of `endpoints`, or any write) are done, and then their answer is lost:
   * `timeout` holds the response `hangMs` and drops the connection, `error` answers `status` (5xx).
   * A client cannot tell from the failure whether the write landed.
   */
  failAfterWrite: { count: number; mode: 'timeout' | 'error'; status: number; hangMs: number; endpoints: string[] | null };
}

/** Endpoints that change data; reads are `*.list`, `*.info`, `*.search` and `apiKey.info`. */
export const isWriteEndpoint = (endpoint: string) => !/\.(list|info|search)$/.test(endpoint);

/** Paging limits, also switchable: Ashby's real values are unpublished. */
export interface PagingSettings {
  /** An incremental (syncToken) run fails with incremental_sync_too_large past this many pages. */
  incrementalPageLimit: number;
  cursorTtlMs: number;
  syncTokenTtlMs: number;
  /** Tokens and cursors issued before the current epoch are expired (`expireSyncTokens`, `expireCursors`). */
  syncTokenEpoch: number;
  cursorEpoch: number;
}

export const defaultFaults = (): FaultState => ({
  rateLimit: { count: 0, retryAfterSeconds: null, partnerScope: false },
  serverErrors: { count: 0, status: 503, endpoints: null },
  latencyMs: 0,
  failAfterWrite: { count: 0, mode: 'timeout', status: 503, hangMs: 5_000, endpoints: null },
});

export const defaultPaging = (): PagingSettings => ({
  incrementalPageLimit: 200,
  cursorTtlMs: 60 * 60_000,
  syncTokenTtlMs: 30 * 86_400_000,
  syncTokenEpoch: 0,
  cursorEpoch: 0,
});

/** Applies a `POST /_sandbox/faults` body; unknown keys are refused so typos do not pass silently. */
export function applyFaultChange(faults: FaultState, paging: PagingSettings, change: Record<string, unknown>): string | undefined {
  const num = (v: unknown, name: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number`);
    return v;
  };
  try {
    for (const [key, value] of Object.entries(change)) {
      const v = value as Record<string, unknown>;
      switch (key) {
        case 'reset':
          Object.assign(faults, defaultFaults());
          Object.assign(paging, { ...defaultPaging(), syncTokenEpoch: paging.syncTokenEpoch, cursorEpoch: paging.cursorEpoch });
          break;
        case 'rateLimit':
          faults.rateLimit = {
            count: num(v?.count, 'rateLimit.count'),
            retryAfterSeconds: v?.retryAfterSeconds == null ? null : num(v.retryAfterSeconds, 'rateLimit.retryAfterSeconds'),
            partnerScope: v?.partnerScope === true,
          };
          break;
        case 'serverErrors': {
          const status = v?.status === undefined ? 503 : num(v.status, 'serverErrors.status');
          if (status < 500 || status > 599) throw new Error('serverErrors.status must be a 5xx status');
          const endpoints = v?.endpoints == null ? null : v.endpoints;
          if (endpoints !== null && !(Array.isArray(endpoints) && endpoints.every((e) => typeof e === 'string'))) throw new Error('serverErrors.endpoints must be a list of endpoints');
          faults.serverErrors = { count: num(v?.count, 'serverErrors.count'), status, endpoints };
          break;
        }
        case 'latencyMs':
          faults.latencyMs = num(value, 'latencyMs');
          break;
        case 'failAfterWrite': {
          const mode = v?.mode === undefined ? 'timeout' : v.mode;
          if (mode !== 'timeout' && mode !== 'error') throw new Error('failAfterWrite.mode must be "timeout" or "error"');
          const status = v?.status === undefined ? 503 : num(v.status, 'failAfterWrite.status');
          if (status < 500 || status > 599) throw new Error('failAfterWrite.status must be a 5xx status');
          const endpoints = v?.endpoints === undefined || v.endpoints === null ? null : v.endpoints;
          if (endpoints !== null && !(Array.isArray(endpoints) && endpoints.every((e) => typeof e === 'string' && isWriteEndpoint(e)))) {
            throw new Error('failAfterWrite.endpoints must be a list of write endpoints, e.g. ["candidate.create"]');
          }
          faults.failAfterWrite = { count: num(v?.count, 'failAfterWrite.count'), mode, status, hangMs: v?.hangMs === undefined ? 5_000 : num(v.hangMs, 'failAfterWrite.hangMs'), endpoints };
          break;
        }
        case 'incrementalPageLimit':
        case 'cursorTtlMs':
        case 'syncTokenTtlMs':
          paging[key] = num(value, key);
          break;
        case 'expireSyncTokens':
          if (value === true) paging.syncTokenEpoch++;
          break;
        case 'expireCursors':
          if (value === true) paging.cursorEpoch++;
          break;
        default:
          throw new Error(`unknown fault "${key}"`);
      }
    }
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/** Express middleware for API routes: latency first, then a pending 429 or 5xx. */
export function faultMiddleware(faults: FaultState) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const requestId = String(res.getHeader('x-ashby-request-id'));
    if (faults.rateLimit.count > 0) {
      faults.rateLimit.count--;
      if (faults.rateLimit.retryAfterSeconds !== null) res.setHeader('Retry-After', String(faults.rateLimit.retryAfterSeconds));
      if (faults.rateLimit.partnerScope) res.setHeader('X-RateLimit-Scope', 'integration-partner');
      const message = faults.rateLimit.partnerScope
        ? 'Rate limit exceeded for the combined traffic of this integration partner.'
        : 'Rate limit exceeded for this API key.';
      res.status(429).json(errorBody('rate_limit_exceeded', message, requestId));
      return;
    }
    const endpoint = req.originalUrl.split('?')[0].slice(1);
    if (faults.serverErrors.count > 0 && (!faults.serverErrors.endpoints || faults.serverErrors.endpoints.includes(endpoint))) {
      faults.serverErrors.count--;
      res.status(faults.serverErrors.status).json(errorBody('internal_error', 'Something went wrong.', requestId));
      return;
    }
    next();
  };
}
