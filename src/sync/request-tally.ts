/**
 * Partner requests counted in the worker process and sent to the parent's metrics as sums, at most
 * once per interval, instead of one IPC message per request: a FULL makes thousands, and each
 * message is a synchronous write to the parent's pipe (~4% of an unchanged FULL's Node CPU in a
 * profile of 2026-12-04). `flush()` sends what is pending at once (before a run's own report).
 */
export class RequestTally {
  private readonly pending = new Map<string, { provider: string; status: number | 'network'; n: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: (provider: string, status: number | 'network', n: number) => void,
    private readonly intervalMs = 1000,
  ) {}

  add(provider: string, status: number | 'network'): void {
    const key = `${provider}\n${status}`;
    const entry = this.pending.get(key);
    if (entry) entry.n += 1;
    else this.pending.set(key, { provider, status, n: 1 });
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs).unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const { provider, status, n } of this.pending.values()) this.send(provider, status, n);
    this.pending.clear();
  }
}
