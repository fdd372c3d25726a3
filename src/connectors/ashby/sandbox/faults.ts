import type { NextFunction, Request, Response } from 'express';
import { sleep } from '../../../common/sleep.js';
import { errorBody } from './responses.js';

/** Switchable misbehaviour, set through `POST /_sandbox/faults`. Counts go down as requests hit them. */
export interface FaultState {
  /** The next `count` API requests answer 429; with `retryAfterSeconds` they carry Retry-After. */
  rateLimit: { count: number; retryAfterSeconds: number | null; partnerScope: boolean };
  /** The next `count` API requests answer `status` (5xx). */
  serverErrors: { count: number; status: number };
  /** Added to every API request. */
  latencyMs: number;
}

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
  serverErrors: { count: 0, status: 503 },
  latencyMs: 0,
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
          faults.serverErrors = { count: num(v?.count, 'serverErrors.count'), status };
          break;
        }
        case 'latencyMs':
          faults.latencyMs = num(value, 'latencyMs');
          break;
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
  return async (_req: Request, res: Response, next: NextFunction) => {
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
    if (faults.serverErrors.count > 0) {
      faults.serverErrors.count--;
      res.status(faults.serverErrors.status).json(errorBody('internal_error', 'Something went wrong.', requestId));
      return;
    }
    next();
  };
}
