import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { negotiateCoding } from '../../src/ats-api/http/send-json.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';

/** A raw GET (no client-side decoding), with the headers given. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('read API: response compression only when the client asks', () => {
  let t: TestApp;
  let base: string;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const f = new AtsFixtures(t.db, await createConnection(t.db));
    for (let i = 0; i < 30; i++) await f.candidate(`c${i}`, { email_addresses: [{ email_address: `c${i}@example.com` }] });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    headers = { ...t.admin, 'X-Connection-Id': f.connectionId };
  });
  afterAll(() => t.close());

  it('answers without Accept-Encoding as before: identity, no Content-Encoding, no Vary', async () => {
    const plain = await rawGet(`${base}/v1/ats/candidates`, headers);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBeUndefined();
    expect(plain.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(plain.headers['content-length'])).toBe(plain.body.length);
    expect(JSON.parse(plain.body.toString('utf8')).data.results).toHaveLength(30);
  });

  it('sends br or gzip when asked, the same JSON inside', async () => {
    const plain = (await rawGet(`${base}/v1/ats/candidates`, headers)).body.toString('utf8');
    const br = await rawGet(`${base}/v1/ats/candidates`, { ...headers, 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.body.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(plain);
    const gz = await rawGet(`${base}/v1/ats/candidates`, { ...headers, 'Accept-Encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString('utf8')).toBe(plain);
    const one = JSON.parse(plain).data.results[0].id as string;
    const item = await rawGet(`${base}/v1/ats/candidates/${one}`, { ...headers, 'Accept-Encoding': 'gzip' });
    expect(JSON.parse((item.headers['content-encoding'] === 'gzip' ? gunzipSync(item.body) : item.body).toString('utf8')).data.id).toBe(one);
  });

  it('leaves errors and identity-only clients alone', async () => {
    const refused = await rawGet(`${base}/v1/ats/candidates`, { ...headers, 'Accept-Encoding': 'gzip;q=0, br;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    const bad = await rawGet(`${base}/v1/ats/candidates?page_size=0`, { ...headers, 'Accept-Encoding': 'br' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(bad.body.toString('utf8')).error.code).toBe('PLATFORM.INPUT_INVALID');
  });

  it('negotiates br, then gzip, honouring q=0 and *', () => {
    expect(negotiateCoding(undefined)).toBeUndefined();
    expect(negotiateCoding('identity')).toBeUndefined();
    expect(negotiateCoding('deflate')).toBeUndefined();
    expect(negotiateCoding('gzip, deflate')).toBe('gzip');
    expect(negotiateCoding('gzip, deflate, br')).toBe('br');
    expect(negotiateCoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateCoding('*')).toBe('br');
    expect(negotiateCoding('*, br;q=0')).toBe('gzip');
    expect(negotiateCoding(['gzip', 'br'])).toBe('br');
  });
});
