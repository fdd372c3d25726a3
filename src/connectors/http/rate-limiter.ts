import { sleep } from '../../common/sleep.js';

/**
 * A token bucket: at most `perSecond` requests a second on average, with bursts of up to one
 * second's worth. Callers queue in order.
 */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  /** At least one request: a rate under 1/s must still fill to one token, or nothing is ever sent. */
  private readonly capacity: number;

  constructor(private readonly perSecond: number) {
    this.capacity = Math.max(1, perSecond);
    this.tokens = this.capacity;
  }

  take(signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.perSecond) || this.perSecond <= 0) return Promise.resolve();
    const turn = this.queue.then(() => this.waitForToken(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - this.tokens) / this.perSecond) * 1000), signal);
    }
  }
}

const shared = new Map<string, RateLimiter>();

/**
 * One bucket per connection in this process, shared by every client of that connection (a sync,
 * an export, the API's writes), so together they keep to the partner's limit instead of each
 * spending it in full. Keyed with the rate, so a client given other limits gets its own bucket.
 */
export function sharedRateLimiter(connectionId: string, perSecond: number): RateLimiter {
  const key = `${connectionId}|${perSecond}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new RateLimiter(perSecond);
    shared.set(key, limiter);
  }
  return limiter;
}
