/**
 * JazzHR's limit: 100 requests a minute per API key. A sliding window: a request is admitted when
 * fewer than `limit` admitted requests of that key fall in the last `windowMs`; refused ones do not count.
 */
export class SlidingWindows {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  admit(key: string, now = Date.now()): boolean {
    const times = (this.admitted.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.admitted.set(key, times);
    if (times.length >= this.limit) return false;
    times.push(now);
    return true;
  }
}
