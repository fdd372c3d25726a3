import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/common/logging/logger.js';
import { requestLog } from '../../src/common/logging/request-log.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';

type Line = Record<string, unknown> & { req?: { id: unknown; method: string; path: string }; res?: { statusCode: number } };

const linesOf = (text: string): Line[] =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Line);

describe('request log: one line per request, the fields operators read', () => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const f = new AtsFixtures(t.db, await createConnection(t.db));
    await f.candidate('c1', { email_addresses: [{ email_address: 'private.person@example.com' }] });
    headers = { ...t.admin, 'X-Connection-Id': f.connectionId };
  });
  afterAll(() => t.close());

  it('logs method, path without query string, status and time, in pino-http’s layout', async () => {
    const before = t.logs.lines.length;
    await t.http().get('/v1/ats/candidates?email=private.person@example.com').set(headers).expect(200);
    await t.http().get('/v1/ats/candidates?page_size=0').set(headers).expect(400);
    await t.http().get('/health').expect(200);
    await t.http().get('/metrics').set(t.admin);
    const requests = linesOf(t.logs.lines.slice(before).join('')).filter((l) => l.req);
    expect(requests.map((l) => [l.msg, l.req!.method, l.req!.path, l.res!.statusCode])).toEqual([
      ['request completed', 'GET', '/v1/ats/candidates', 200],
      ['request completed', 'GET', '/v1/ats/candidates', 400],
    ]);
    for (const line of requests) {
      expect(Object.keys(line)).toEqual(['level', 'time', 'pid', 'name', 'req', 'res', 'responseTime', 'msg']);
      expect(line.level).toBe(30);
      expect(typeof line.responseTime).toBe('number');
      expect(Object.keys(line.req!)).toEqual(['id', 'method', 'path']);
    }
    // Request ids count up, one per request (health checks and scrapes take one too).
    const [a, b] = requests.map((l) => l.req!.id as number);
    expect(b).toBeGreaterThan(a);
    expect(t.logs.text()).not.toContain('private.person');
    expect(t.logs.text()).not.toContain(t.adminKey);
  });
});

describe('request log: the middleware on its own', () => {
  const capture = () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _: BufferEncoding, done: () => void) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    return { lines, stream };
  };

  async function serve(level: 'info' | 'warn', status: number): Promise<{ server: Server; lines: string[] }> {
    const { lines, stream } = capture();
    const log = requestLog(createLogger(level, stream), { path: (url) => url.split('?')[0], ignore: (url) => url === '/health' });
    const server = createServer((req, res) => log(req, res, () => res.writeHead(status).end('x')));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, lines };
  }

  const get = (server: Server, path: string) =>
    new Promise<void>((resolve, reject) => {
      httpRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, (res) => res.resume().on('end', resolve)).on('error', reject).end();
    });

  it('says "request errored" with an err for a status of 500 or more', async () => {
    const { server, lines } = await serve('info', 503);
    try {
      await get(server, '/x?secret=1');
      await new Promise((r) => setImmediate(r));
      const [line] = linesOf(lines.join(''));
      expect(line.msg).toBe('request errored');
      expect(line.res).toEqual({ statusCode: 503 });
      expect(line.req).toMatchObject({ method: 'GET', path: '/x' });
      expect(line.err).toMatchObject({ type: 'Error', message: 'failed with status code 503' });
    } finally {
      server.close();
    }
  });

  it('writes nothing when info is off, and nothing for ignored paths', async () => {
    const quiet = await serve('warn', 200);
    const loud = await serve('info', 200);
    try {
      await get(quiet.server, '/x');
      await get(loud.server, '/health');
      await get(loud.server, '/y');
      await new Promise((r) => setImmediate(r));
      expect(quiet.lines).toEqual([]);
      expect(linesOf(loud.lines.join('')).map((l) => l.req!.path)).toEqual(['/y']);
    } finally {
      quiet.server.close();
      loud.server.close();
    }
  });
});
