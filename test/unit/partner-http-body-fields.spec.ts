import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { jazzhrConnector } from '../../src/connectors/jazzhr/jazzhr.connector.js';
import { PartnerHttp } from '../../src/connectors/http/partner-http.js';

/** JazzHR's key goes as the `apikey` query parameter on every call and in JSON POST bodies as well. */
describe('auth body fields', () => {
  let server: Server;
  let url: string;
  const seen: { method: string; url: string; body: string; type: string }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, body, type: String(req.headers['content-type'] ?? '') });
        res.setHeader('Content-Type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('JazzHR: the key in the query of a GET, and in the query and the JSON body of a POST; a form body is left alone', async () => {
    const http = new PartnerHttp({ baseUrl: url, auth: jazzhrConnector.authenticate({ api_key: 'jz-key' }), limits: { requestsPerSecond: 100, concurrency: 2 }, logger: pino({ level: 'silent' }) });
    seen.length = 0;
    await http.request({ path: '/applicants' });
    await http.request({ method: 'POST', path: '/applicants', data: { first_name: 'Ada' }, idempotent: false });
    const form = new FormData();
    form.append('file', new Blob(['x']), 'cv.txt');
    await http.request({ method: 'POST', path: '/files', data: form, idempotent: false });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/applicants?apikey=jz-key', body: '' });
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/applicants?apikey=jz-key' });
    expect(JSON.parse(seen[1].body)).toEqual({ apikey: 'jz-key', first_name: 'Ada' });
    expect(seen[2].type).toMatch(/^multipart\/form-data/);
    expect(seen[2].body).not.toContain('jz-key');
  });
});
