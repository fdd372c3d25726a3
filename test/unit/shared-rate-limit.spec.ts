import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { PartnerHttp } from '../../src/connectors/http/partner-http.js';

/** Every client of one connection (a sync, an export, a write) shares that connection's partner rate limit. */
describe('per-connection rate limit shared across clients', () => {
  let server: Server;
  let url: string;
  const hits: number[] = [];
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits.push(Date.now());
      res.setHeader('Content-Type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const client = (connectionId?: string) =>
    new PartnerHttp({ baseUrl: url, auth: {}, limits: { requestsPerSecond: 2, concurrency: 4 }, logger: pino({ level: 'silent' }), connectionId });

  it('two clients of one connection spend one bucket: the third request waits for a token', async () => {
    const id = randomUUID();
    const [a, b] = [client(id), client(id)];
    hits.length = 0;
    const started = Date.now();
    await Promise.all([a.request({ path: '/1' }), a.request({ path: '/2' }), b.request({ path: '/3' })]);
    // A bucket of 2 a second: two at once, the third about half a second later.
    expect(Math.max(...hits) - started).toBeGreaterThanOrEqual(400);
  });

  it('clients of different connections do not wait for each other', async () => {
    const [a, b] = [client(randomUUID()), client(randomUUID())];
    hits.length = 0;
    const started = Date.now();
    await Promise.all([a.request({ path: '/1' }), a.request({ path: '/2' }), b.request({ path: '/3' }), b.request({ path: '/4' })]);
    expect(Math.max(...hits) - started).toBeLessThan(400);
  });
});

describe('a rate under one request a second', () => {
  it('still lets requests through, one per 1/rate seconds (it used to wait forever)', async () => {
    const { RateLimiter } = await import('../../src/connectors/http/rate-limiter.js');
    const limiter = new RateLimiter(4 / 5); // 0.8 a second
    const started = Date.now();
    await limiter.take();
    await limiter.take();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(1_000);
    expect(waited).toBeLessThan(5_000);
  });
});
