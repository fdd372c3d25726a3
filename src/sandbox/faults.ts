/**
 * Failures a sandbox injects on its partner endpoints, set through POST /_sandbox/faults: the same
 * names on every sandbox (Ashby's keeps a few of its own besides).
 */
export interface FaultSettings {
  /** The next N requests answer 429. */
  rate_limit_burst: number;
  /** Seconds to send as Retry-After with injected 429s; null sends none. */
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

/** A faults body → settings (unset ones off); `refuse` makes the sandbox's own 400 for a bad one. */
export function parseFaults(body: unknown, refuse: (message: string) => Error): FaultSettings {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw refuse('body must be a JSON object');
  const out: FaultSettings = { ...NO_FAULTS };
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!(key in NO_FAULTS)) throw refuse(`${key}: unknown fault (known: ${Object.keys(NO_FAULTS).join(', ')})`);
    if (key === 'retry_after_seconds' && value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw refuse(`${key} must be a whole number`);
    (out as unknown as Record<string, number>)[key] = value;
  }
  if (out.server_error_status < 500 || out.server_error_status > 599) throw refuse('server_error_status must be a 5xx status');
  return out;
}
