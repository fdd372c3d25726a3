import type { NextFunction, Request, Response } from 'express';
import { sleep } from '../../../common/sleep.js';
import { errorBody } from './responses.js';

/**
 * Switchable misbehaviour, set through `POST /_sandbox/faults` with the Gem sandbox's field names
 * (snake_case, flat; issue 10: one convention for all sandboxes); the `*_endpoints` filters, the
 * partner-scope 429s and the paging switches are Ashby's own. Counts go down as requests hit them. `DELETE /_sandbox/faults` (or `{"reset": true}`)
 * clears them.
 */
export interface FaultState {
  /** The next N API requests answer 429. */
  rate_limit_burst: number;
  /** Seconds to send as Retry-After with injected 429s; null sends none. */
  retry_after_seconds: number | null;
  /** Injected 429s are the integration-partner kind (X-RateLimit-Scope: integration-partner). */
  rate_limit_partner_scope: boolean;
  /** The next N API requests (of `server_error_endpoints`, or any) answer `server_error_status` without doing anything. */
  server_errors: number;
  server_error_status: number;
  server_error_endpoints: string[] | null;
  /** Added to every API request. */
  latency_ms: number;
  /** The next N writes (of `write_fault_endpoints`, or any write) are done, then answered with `server_error_status`. */
  writes_fail_after_commit: number;
  /** The next N writes are done, then never answered: the connection drops after `time_out_ms`. */
  writes_time_out_after_commit: number;
  time_out_ms: number;
  write_fault_endpoints: string[] | null;
}

/** Endpoints that change data; reads are `*.list`, `*.info`, `*.search` and `apiKey.info`. */
export const isWriteEndpoint = (endpoint: string) => !/\.(list|info|search)$/.test(endpoint);

/** Paging limits, also switchable: Ashby's real values are unpublished. */
export interface PagingSettings {
  /** An incremental (syncToken) run fails with incremental_sync_too_large past this many pages. */
  incremental_page_limit: number;
  cursor_ttl_ms: number;
  sync_token_ttl_ms: number;
  /** Tokens and cursors issued before the current epoch are expired (`expire_sync_tokens`, `expire_cursors`). */
  sync_token_epoch: number;
  cursor_epoch: number;
}

export const defaultFaults = (): FaultState => ({
  rate_limit_burst: 0,
  retry_after_seconds: null,
  rate_limit_partner_scope: false,
  server_errors: 0,
  server_error_status: 503,
  server_error_endpoints: null,
  latency_ms: 0,
  writes_fail_after_commit: 0,
  writes_time_out_after_commit: 0,
  time_out_ms: 10_000,
  write_fault_endpoints: null,
});

export const defaultPaging = (): PagingSettings => ({
  incremental_page_limit: 200,
  cursor_ttl_ms: 60 * 60_000,
  sync_token_ttl_ms: 30 * 86_400_000,
  sync_token_epoch: 0,
  cursor_epoch: 0,
});

/** Clears the faults and paging switches; expired tokens and cursors stay expired. */
export function resetFaults(faults: FaultState, paging: PagingSettings): void {
  Object.assign(faults, defaultFaults());
  Object.assign(paging, { ...defaultPaging(), sync_token_epoch: paging.sync_token_epoch, cursor_epoch: paging.cursor_epoch });
}

const endpointList = (value: unknown, name: string, writesOnly: boolean): string[] | null => {
  if (value === null) return null;
  if (!Array.isArray(value) || !value.every((e) => typeof e === 'string' && (!writesOnly || isWriteEndpoint(e)))) {
    throw new Error(`${name} must be null or a list of ${writesOnly ? 'write ' : ''}endpoints, e.g. ["candidate.create"]`);
  }
  return value;
};

/**
 * Applies a `POST /_sandbox/faults` body on top of the current switches (`reset` first clears
 * them); unknown keys are refused so typos do not pass silently.
 */
export function applyFaultChange(faults: FaultState, paging: PagingSettings, change: Record<string, unknown>): string | undefined {
  const count = (v: unknown, name: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number`);
    return v;
  };
  const next = { ...faults };
  const nextPaging = { ...paging };
  try {
    if (change.reset === true) resetFaults(next, nextPaging);
    for (const [key, value] of Object.entries(change)) {
      switch (key) {
        case 'reset':
          break;
        case 'retry_after_seconds':
          next.retry_after_seconds = value === null ? null : count(value, key);
          break;
        case 'rate_limit_partner_scope':
          if (typeof value !== 'boolean') throw new Error(`${key} must be true or false`);
          next.rate_limit_partner_scope = value;
          break;
        case 'server_error_endpoints':
          next.server_error_endpoints = endpointList(value, key, false);
          break;
        case 'write_fault_endpoints':
          next.write_fault_endpoints = endpointList(value, key, true);
          break;
        case 'rate_limit_burst':
        case 'server_errors':
        case 'server_error_status':
        case 'latency_ms':
        case 'writes_fail_after_commit':
        case 'writes_time_out_after_commit':
        case 'time_out_ms':
          next[key] = count(value, key);
          break;
        case 'incremental_page_limit':
        case 'cursor_ttl_ms':
        case 'sync_token_ttl_ms':
          nextPaging[key] = count(value, key);
          break;
        case 'expire_sync_tokens':
          if (value === true) nextPaging.sync_token_epoch++;
          break;
        case 'expire_cursors':
          if (value === true) nextPaging.cursor_epoch++;
          break;
        default:
          throw new Error(`${key}: unknown fault (known: ${[...Object.keys(defaultFaults()), 'incremental_page_limit', 'cursor_ttl_ms', 'sync_token_ttl_ms', 'expire_sync_tokens', 'expire_cursors', 'reset'].join(', ')})`);
      }
    }
    if (next.server_error_status < 500 || next.server_error_status > 599) throw new Error('server_error_status must be a 5xx status');
  } catch (error) {
    return (error as Error).message;
  }
  // All or nothing: a refused body changes no switch.
  Object.assign(faults, next);
  Object.assign(paging, nextPaging);
  return undefined;
}

/** Express middleware for API routes: latency first, then a pending 429 or 5xx. */
export function faultMiddleware(faults: FaultState) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (faults.latency_ms > 0) await sleep(faults.latency_ms);
    const requestId = String(res.getHeader('x-ashby-request-id'));
    if (faults.rate_limit_burst > 0) {
      faults.rate_limit_burst--;
      if (faults.retry_after_seconds !== null) res.setHeader('Retry-After', String(faults.retry_after_seconds));
      if (faults.rate_limit_partner_scope) res.setHeader('X-RateLimit-Scope', 'integration-partner');
      const message = faults.rate_limit_partner_scope
        ? 'Rate limit exceeded for the combined traffic of this integration partner.'
        : 'Rate limit exceeded for this API key.';
      res.status(429).json(errorBody('rate_limit_exceeded', message, requestId));
      return;
    }
    const endpoint = req.originalUrl.split('?')[0].slice(1);
    if (faults.server_errors > 0 && (!faults.server_error_endpoints || faults.server_error_endpoints.includes(endpoint))) {
      faults.server_errors--;
      res.status(faults.server_error_status).json(errorBody('internal_error', 'Something went wrong.', requestId));
      return;
    }
    next();
  };
}
