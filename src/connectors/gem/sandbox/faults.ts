import { parseFaults as parse } from '../../../sandbox/faults.js';
import { GemHttpError } from './gem-errors.js';

export { NO_FAULTS, type FaultSettings } from '../../../sandbox/faults.js';

export const parseFaults = (body: unknown) => parse(body, (message) => new GemHttpError(400, message));

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
