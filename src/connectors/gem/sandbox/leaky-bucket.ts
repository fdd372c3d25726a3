/**
 * Gem's rate limit: a leaky bucket per API key. Each request adds one drop; the bucket drains at
 * `perSecond`; a request that would overflow `capacity` is refused (HTTP 429) until it drains.
 */
export class LeakyBuckets {
  private readonly buckets = new Map<string, { level: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
  ) {}

  /** True when the request fits; false when it must be answered with 429. */
  admit(key: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(key) ?? { level: 0, at: now };
    bucket.level = Math.max(0, bucket.level - ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.level + 1 > this.capacity) return false;
    bucket.level += 1;
    return true;
  }
}
