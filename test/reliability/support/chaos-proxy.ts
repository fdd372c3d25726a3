import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does to one request instead of (or before) passing it on. */
export type FaultKind = 'rate_limit' | 'rate_limit_retry_after' | 'server_error' | 'bad_gateway' | 'unavailable' | 'reset' | 'timeout' | 'latency';
export const FAULT_KINDS: readonly FaultKind[] = ['rate_limit', 'rate_limit_retry_after', 'server_error', 'bad_gateway', 'unavailable', 'reset', 'timeout', 'latency'];

export interface ChaosSettings {
  /** Share of requests that get a fault (0–1). */
  rate: number;
  /** Which faults are drawn, evenly. */
  kinds: readonly FaultKind[];
  /** Until this time (ms since epoch) every request gets a fault, whatever `rate` says. */
  stormUntil?: number;
}

/** mulberry32: a seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A loopback proxy in front of a partner sandbox that injects faults the way real partners and
 * networks fail: 429s with and without Retry-After, 500/502/503, connection resets, requests that
 * never answer (the client times out) and latency. A refused request never reaches the sandbox, as
 * with a real rate limiter or load balancer; a delayed one does.
 */
export class ChaosProxy {
  settings: ChaosSettings = { rate: 0, kinds: FAULT_KINDS };
  readonly injected: Record<FaultKind, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  forwarded = 0;
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();
  private readonly next: () => number;

  constructor(
    private readonly target: string,
    seed: number,
  ) {
    this.next = random(seed);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get faults(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private pick(): FaultKind | undefined {
    const storm = this.settings.stormUntil !== undefined && Date.now() < this.settings.stormUntil;
    if (!storm && this.next() >= this.settings.rate) return undefined;
    const kinds = storm ? this.settings.kinds.filter((k) => k !== 'latency') : this.settings.kinds;
    return kinds[Math.floor(this.next() * kinds.length)];
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    // The sandboxes' own control routes are never disturbed.
    const fault = req.url?.startsWith('/_sandbox') ? undefined : this.pick();
    if (fault) this.injected[fault] += 1;
    const json = (status: number, body: object, headers: Record<string, string> = {}) => {
      req.resume();
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    switch (fault) {
      case 'rate_limit':
        return json(429, { error: 'rate limited (chaos)' });
      case 'rate_limit_retry_after':
        return json(429, { error: 'rate limited (chaos)' }, { 'retry-after': '1' });
      case 'server_error':
        return json(500, { error: 'internal error (chaos)' });
      case 'bad_gateway':
        return json(502, { error: 'bad gateway (chaos)' });
      case 'unavailable':
        return json(503, { error: 'unavailable (chaos)' });
      case 'reset':
        req.resume();
        return void req.socket.destroy();
      case 'timeout':
        // Never answered; the client's timeout ends it (and stop() cleans up).
        req.resume();
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      case 'latency':
        return void setTimeout(() => this.pass(req, res), 50 + Math.floor(this.next() * 300));
      default:
        return this.pass(req, res);
    }
  }

  private pass(req: IncomingMessage, res: ServerResponse): void {
    this.forwarded += 1;
    const target = new URL(req.url ?? '/', this.target);
    const upstream = forward(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}
