import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  raw: string;
  headers: Record<string, string>;
  status: number;
  at: number;
}

/**
 * A downstream app's webhook endpoint over real HTTP. `respond` decides each answer (by the
 * request and how often this delivery id was seen); every request is recorded with its raw body.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  respond: (r: { raw: string; headers: Record<string, string>; seen: number }) => number | Promise<number> = () => 200;
  private server!: Server;
  url!: string;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
        const id = headers['x-ats-sync-delivery-id'];
        const seen = this.received.filter((r) => r.headers['x-ats-sync-delivery-id'] === id).length;
        // Recorded on arrival, so a request that arrives while an earlier one is still being answered counts it.
        const entry: Received = { raw, headers, status: 0, at: Date.now() };
        this.received.push(entry);
        const status = await this.respond({ raw, headers, seen });
        entry.status = status;
        res.statusCode = status;
        res.end(status < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  /** Successful requests, by delivery id. */
  delivered(): Map<string, Received[]> {
    const out = new Map<string, Received[]>();
    for (const r of this.received.filter((x) => x.status >= 200 && x.status < 300)) {
      const id = r.headers['x-ats-sync-delivery-id'];
      out.set(id, [...(out.get(id) ?? []), r]);
    }
    return out;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
