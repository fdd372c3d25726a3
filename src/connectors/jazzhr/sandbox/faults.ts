/** Failures to inject on the partner endpoints, set through POST /_sandbox/faults (the Gem sandbox's names). */
export interface FaultSettings {
  /** The next N requests answer 429. */
  rate_limit_burst: number;
  /** Seconds to send as Retry-After with injected 429s; null sends none (JazzHR's is undocumented). */
  retry_after_seconds: number | null;
  /** The next N requests answer `server_error_status`. */
  server_errors: number;
  server_error_status: number;
  /** Added to every partner request. */
  latency_ms: number;
  /** The next N successful writes are done, then answered with `server_error_status` (a 5xx after commit). */
  writes_fail_after_commit: number;
  /** The next N successful writes are done, then never answered: the connection drops after `time_out_ms`. */
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

export class ControlError extends Error {}

export function parseFaults(body: unknown): FaultSettings {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ControlError('body must be a JSON object');
  const out: FaultSettings = { ...NO_FAULTS };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!(key in NO_FAULTS)) throw new ControlError(`${key}: unknown fault (known: ${Object.keys(NO_FAULTS).join(', ')})`);
    if (key === 'retry_after_seconds' && value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ControlError(`${key} must be a whole number`);
    (out as unknown as Record<string, number>)[key] = value;
  }
  if (out.server_error_status < 500 || out.server_error_status > 599) throw new ControlError('server_error_status must be a 5xx status');
  return out;
}

/** What the sandbox has answered, for GET /_sandbox/stats (the Gem sandbox's fields, plus detail reads). */
export class SandboxStats {
  requests = 0;
  rateLimited = 0;
  /** Requests whose connection was dropped after the commit (writes_time_out_after_commit). */
  dropped = 0;
  byStatus: Record<string, number> = {};
  byEndpoint: Record<string, number> = {};
  /** GET /applicants/{id} calls per applicant id. */
  detailReads: Record<string, number> = {};
  firstAt: number | null = null;
  lastAt: number | null = null;

  record(endpoint: string, status: number | 'dropped', detailOf?: string): void {
    const now = Date.now();
    this.firstAt ??= now;
    this.lastAt = now;
    this.requests++;
    this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
    this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
    if (status === 429) this.rateLimited++;
    if (status === 'dropped') this.dropped++;
    if (detailOf && status === 200) this.detailReads[detailOf] = (this.detailReads[detailOf] ?? 0) + 1;
  }

  toJSON(): Record<string, unknown> {
    return {
      requests: this.requests,
      rate_limited: this.rateLimited,
      dropped: this.dropped,
      by_status: this.byStatus,
      by_endpoint: this.byEndpoint,
      detail_reads: this.detailReads,
      first_request_at: this.firstAt === null ? null : new Date(this.firstAt).toISOString(),
      last_request_at: this.lastAt === null ? null : new Date(this.lastAt).toISOString(),
    };
  }
}
