import { parseFaults as parse } from '../../../sandbox/faults.js';

export { NO_FAULTS, type FaultSettings } from '../../../sandbox/faults.js';

export class ControlError extends Error {}

export const parseFaults = (body: unknown) => parse(body, (message) => new ControlError(message));

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
