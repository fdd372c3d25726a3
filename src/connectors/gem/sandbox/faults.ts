import { GemHttpError } from './gem-errors.js';

/** Failures to inject on the partner endpoints, set through POST /_sandbox/faults. */
export interface FaultSettings {
  /** The next N requests answer 429. */
  rate_limit_burst: number;
  /** Seconds to send as Retry-After with injected 429s; null sends none (as Gem's bucket does). */
  retry_after_seconds: number | null;
  /** The next N requests answer `server_error_status`. */
  server_errors: number;
  server_error_status: number;
  /** Added to every partner request. */
  latency_ms: number;
  /** The next N successful writes are done, then answered with `server_error_status` (a 5xx after commit). */
  writes_fail_after_commit: number;
  /** The next N successful writes are done, then never answered: the client times out (the connection drops after `time_out_ms`). */
  writes_time_out_after_commit: number;
  time_out_ms: number;
}

export const NO_FAULTS: FaultSettings = {
  rate_limit_burst: 0,
  retry_after_seconds: null,
  server_errors: 0,
  server_error_status: 503,
  latency_ms: 0,
  writes_fail_after_commit: 0,
  writes_time_out_after_commit: 0,
  time_out_ms: 10_000,
};

export function parseFaults(body: unknown): FaultSettings {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new GemHttpError(400, 'body must be a JSON object');
  const input = body as Record<string, unknown>;
  const out: FaultSettings = { ...NO_FAULTS };
  for (const key of Object.keys(input)) {
    if (!(key in NO_FAULTS)) throw new GemHttpError(400, `${key}: unknown fault (known: ${Object.keys(NO_FAULTS).join(', ')})`);
    const value = input[key];
    if (key === 'retry_after_seconds' && value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new GemHttpError(400, `${key} must be a whole number`);
    (out as unknown as Record<string, number>)[key] = value;
  }
  if (out.server_error_status < 500 || out.server_error_status > 599) throw new GemHttpError(400, 'server_error_status must be a 5xx status');
  return out;
}

/** What the sandbox has answered, for GET /_sandbox/stats. */
export class SandboxStats {
  requests = 0;
  readonly byStatus: Record<string, number> = {};
  readonly byEndpoint: Record<string, number> = {};
  rateLimited = 0;

  record(endpoint: string, status: number): void {
    this.requests++;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
    if (status === 429) this.rateLimited++;
  }

  toJSON(): Record<string, unknown> {
    return { requests: this.requests, rate_limited: this.rateLimited, by_status: this.byStatus, by_endpoint: this.byEndpoint };
  }
}
