import type { PartnerLimits } from '../connectors/connector.js';
import { RemoteError } from '../connectors/remote-error.js';

/**
 * How long a stream waits out a partner that rate-limits or fails (429, 5xx, timeouts, resets)
 * before it gives up. The HTTP client retries each request a few times; when it gives up, the
 * stream waits and resumes from its last committed batch, again and again, until the partner has
 * been failing for `windowMs` without a page getting through.
 */
export interface PatiencePolicy {
  /** How long a partner may keep failing, with no page arriving, before the stream fails. */
  windowMs: number;
  /** The first wait; doubled each time, with jitter, up to maxWaitMs. */
  firstWaitMs: number;
  maxWaitMs: number;
  /** The connection's request rate is multiplied by this after each wait (at most once per firstWaitMs)… */
  slowDown: number;
  /** …down to this share of the configured rate, and never below 1 request per second. */
  minRateShare: number;
}

export const DEFAULT_PATIENCE: PatiencePolicy = { windowMs: 15 * 60_000, firstWaitMs: 5_000, maxWaitMs: 60_000, slowDown: 0.5, minRateShare: 0.1 };

/** One wait of a stream, as the run's report shows it. */
export interface PatienceWait {
  at: string;
  seconds: number;
  code: string;
  reason: string;
  /** The connection's request rate from then on. */
  requests_per_second: number;
}

/** Failures a wait can cure: the partner refused for load or was down, not for what was asked. */
export function isTransient(error: unknown): error is RemoteError {
  return error instanceof RemoteError && (error.kind === 'RATE_LIMIT' || error.kind === 'UNAVAILABLE');
}

/** One stream's patience: when the current storm began, and how many waits it has had. */
export class StreamPatience {
  private stormStartedAt: number | undefined;
  private waitsThisStorm = 0;

  constructor(
    private readonly policy: PatiencePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** A page got through: the next failure starts a new storm. */
  progressed(): void {
    this.stormStartedAt = undefined;
    this.waitsThisStorm = 0;
  }

  /** Milliseconds to wait before trying again, or undefined when the window is spent. */
  nextWait(): number | undefined {
    const now = this.now();
    this.stormStartedAt ??= now;
    const left = this.stormStartedAt + this.policy.windowMs - now;
    if (left <= 0) return undefined;
    const ceiling = Math.min(this.policy.maxWaitMs, this.policy.firstWaitMs * 2 ** this.waitsThisStorm);
    this.waitsThisStorm += 1;
    // Half fixed, half random: streams and instances that failed together do not return together.
    return Math.min(left, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
  }

  /** Seconds the current storm has lasted. */
  stormSeconds(): number {
    return this.stormStartedAt === undefined ? 0 : (this.now() - this.stormStartedAt) / 1000;
  }
}

/**
 * The limits after a wait: fewer requests per second and in flight, down to a share of the
 * configured rate. Never below 1/s: the client's token bucket holds one second of tokens, so a
 * lower rate would never fill it to one.
 */
export function slowedDown(limits: PartnerLimits, configured: PartnerLimits, policy: PatiencePolicy): PartnerLimits {
  const floor = Math.max(1, configured.requestsPerSecond * policy.minRateShare);
  return {
    ...limits,
    requestsPerSecond: Math.max(floor, limits.requestsPerSecond * policy.slowDown),
    concurrency: Math.max(1, Math.floor(limits.concurrency * policy.slowDown)),
  };
}
