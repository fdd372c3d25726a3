import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AtsReadService } from '../../src/ats-api/ats-read.service.js';
import { ReadFastPath } from '../../src/ats-api/http/read-fast-path.js';
import { READ_ROUTES } from '../../src/ats-api/read-routes.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection, type FixtureModel } from './support/ats-fixtures.js';

interface Raw {
  status: number;
  /** Every response header in the order sent, Date's value blanked. */
  headers: string[];
  body: Buffer;
}

/** One request over a fresh socket, the response as sent: status, raw header lines, body bytes (no decoding). */
function raw(base: string, method: string, path: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    httpRequest(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i];
          lines.push(`${name}: ${name.toLowerCase() === 'date' ? '…' : res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode ?? 0, headers: lines, body: Buffer.concat(chunks) });
      });
    })
      .on('error', reject)
      .end();
  });
}

const TABLE: Record<string, FixtureModel> = {
  users: 'users',
  jobs: 'jobs',
  'job-postings': 'job_postings',
  candidates: 'candidates',
  'application-stages': 'application_stages',
  applications: 'applications',
  interviews: 'interviews',
  offers: 'offers',
  'rejection-reasons': 'rejection_reasons',
  tags: 'tags',
};

/** A record of each model in the fixtures. */
const KNOWN: Record<string, string> = {
  users: 'u1', jobs: 'j1', job_postings: 'p1', candidates: 'c1', application_stages: 's1',
  applications: 'a1', interviews: 'i1', offers: 'o1', rejection_reasons: 'r1', tags: 't1',
};

describe('read API fast path: the same answers as the controllers, byte for byte', () => {
  let t: TestApp;
  let fast: ReadFastPath;
  let reads: AtsReadService;
  let base: string;
  let f: AtsFixtures;
  let other: AtsFixtures;
  /** Non-ASCII, large and near-threshold records, in a connection of their own. */
  let wide: AtsFixtures;
  let empty: AtsFixtures;
  let admin: Record<string, string>;
  let scoped: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    fast = t.app.get(ReadFastPath);
    reads = t.app.get(AtsReadService);
    f = new AtsFixtures(t.db, await createConnection(t.db));
    other = new AtsFixtures(t.db, await createConnection(t.db));
    await f.user('u1');
    await f.job('j1', { location: 'Zürich' });
    await f.stage('s1');
    await f.jobStage('j1', 's1', 0);
    await f.jobPosting('p1', 'j1');
    for (let i = 0; i < 5; i++) {
      await f.candidate(`c${i}`, { email_addresses: [{ email_address: `Person${i}@Example.com` }], company: i === 0 ? 'Ünïcödé “quoted” \\ \u2028' : null });
      await f.application(`a${i}`, { candidate: `c${i}`, job: 'j1', stage: 's1' });
    }
    await f.tag('t1');
    await f.candidateTag('c1', 't1');
    await f.interview('i1', 'a1');
    await f.offer('o1', 'a1');
    await f.rejectionReason('r1');
    await f.candidate('gone', { remote_deleted_at: new Date('2026-01-01T00:00:00Z') });
    await other.candidate('theirs');
    wide = new AtsFixtures(t.db, await createConnection(t.db));
    empty = new AtsFixtures(t.db, await createConnection(t.db));
    await wide.candidate('names', {
      first_name: 'Zoë 😀 José',
      last_name: '山田 Ørsted \\u0000 "quoted" \\ back\\slash',
      company: 'tab\tnew\nline\u0001 \u2028\u2029 \u{1F3F3}\u{FE0F}\u200D\u{1F308} 𝄞',
      email_addresses: [{ email_address: 'zoë@exämple.com', type: 'PERSONAL' }],
    });
    // Big enough to arrive in several socket reads (the parser merges them) and to compress.
    for (let i = 0; i < 30; i++) await wide.candidate(`big${i}`, { company: `${'Ünïcödé 🎉 “€” '.repeat(200)}${i}` });
    // UTF-16 length under the compression threshold, UTF-8 bytes over it: not compressed, as before.
    await wide.candidate('near', { company: '€'.repeat(300) });
    await wide.job('j-wide', { name: 'Büro 📎', location: 'Zürich' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    admin = { ...t.admin, 'X-Connection-Id': f.connectionId };
    const key = (await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: f.connectionId })).body.data.key as string;
    scoped = { Authorization: `Bearer ${key}` };
  });
  afterAll(() => t.close());

  /** The request answered with the fast path on or off, pages as bytes (the service's path) or as text (the path before); whether the fast path answered. */
  async function answer(path: string, headers: Record<string, string>, method: string, withFast: boolean, asBytes: boolean) {
    fast.enabled = withFast;
    reads.pagesAsBytes = asBytes;
    const before = fast.answered;
    try {
      const response = await raw(base, method, path, headers);
      return { response, answeredFast: fast.answered > before };
    } finally {
      fast.enabled = true;
      reads.pagesAsBytes = true;
    }
  }

  /**
   * The request answered four ways, the same status, headers (in order) and body bytes each time:
   * through the fast path and through Nest, each with pages as bytes and as text (the path before).
   */
  async function same(path: string, headers: Record<string, string>, expectFast: boolean, method = 'GET'): Promise<Raw> {
    const reference = await answer(path, headers, method, false, false);
    expect(reference.answeredFast).toBe(false);
    for (const [withFast, asBytes] of [[true, true], [true, false], [false, true]]) {
      const { response, answeredFast } = await answer(path, headers, method, withFast, asBytes);
      const how = { path, withFast, asBytes };
      expect({ ...how, status: response.status, headers: response.headers }).toEqual({ ...how, status: reference.response.status, headers: reference.response.headers });
      expect({ ...how, sameBody: response.body.equals(reference.response.body) }).toEqual({ ...how, sameBody: true });
      expect({ ...how, answeredFast }).toEqual({ ...how, answeredFast: withFast && expectFast });
    }
    return reference.response;
  }

  it('covers every read route the OpenAPI document lists', async () => {
    const paths = Object.keys((await t.http().get('/openapi.json')).body.paths as Record<string, unknown>);
    const reads = new Set([...READ_ROUTES.keys()].flatMap((p) => [`/v1/ats/${p}`, `/v1/ats/${p}/{id}`]));
    const documented = paths.filter((p) => /^\/v1\/ats\/[a-z-]+(\/\{id\})?$/.test(p) && Object.keys(TABLE).includes(p.split('/')[3]));
    expect(new Set(documented)).toEqual(reads);
    expect(new Set(Object.keys(TABLE))).toEqual(new Set(READ_ROUTES.keys()));
  });

  it('answers every model’s list and records, with the admin and a scoped key', async () => {
    for (const [path, model] of Object.entries(TABLE)) {
      const list = await same(`/v1/ats/${path}`, admin, true);
      expect(list.status).toBe(200);
      expect(JSON.parse(list.body.toString('utf8')).data.results.length).toBeGreaterThan(0);
      await same(`/v1/ats/${path}?include_deleted=true&page_size=2`, scoped, true);
      const id = f.id(model, KNOWN[model]);
      const one = await same(`/v1/ats/${path}/${id}`, admin, true);
      expect(one.status).toBe(200);
      await same(`/v1/ats/${path}/${id.toUpperCase()}`, scoped, true);
    }
  });

  it('answers filters, cursors, compression and Kombo’s header the same', async () => {
    await same('/v1/ats/candidates?email=person3@EXAMPLE.com', admin, true);
    await same(`/v1/ats/candidates?updated_after=2020-01-01T00:00:00Z&page_size=2`, admin, true);
    await same(`/v1/ats/applications?job_ids=${f.id('jobs', 'j1')}&outcomes=PENDING,HIRED`, admin, true);
    await same('/v1/ats/jobs?name_contains=job&statuses=OPEN', admin, true);
    const first = await same('/v1/ats/candidates?page_size=2', admin, true);
    let next = JSON.parse(first.body.toString('utf8')).data.next as string | null;
    expect(next).toEqual(expect.any(String));
    while (next) {
      const page = await same(`/v1/ats/candidates?page_size=2&cursor=${encodeURIComponent(next)}`, admin, true);
      next = JSON.parse(page.body.toString('utf8')).data.next as string | null;
    }
    await same('/v1/ats/candidates', { ...admin, 'Accept-Encoding': 'br' }, true);
    await same('/v1/ats/candidates', { ...admin, 'Accept-Encoding': 'gzip;q=0.5, br;q=0' }, true);
    await same('/v1/ats/candidates', { ...t.admin, 'X-Integration-Id': f.connectionId.toUpperCase() }, true);
  });

  it('answers non-ASCII, large, empty and near-threshold pages the same, plain and compressed', async () => {
    const headers = { ...t.admin, 'X-Connection-Id': wide.connectionId };
    const codings: Record<string, string>[] = [{}, { 'Accept-Encoding': 'br' }, { 'Accept-Encoding': 'gzip' }];
    for (const coding of codings) {
      const all = await same('/v1/ats/candidates', { ...headers, ...coding }, true);
      expect(all.status).toBe(200);
      await same('/v1/ats/candidates?page_size=7', { ...headers, ...coding }, true);
      await same('/v1/ats/jobs', { ...headers, ...coding }, true);
      for (const remote of ['names', 'big3', 'near']) await same(`/v1/ats/candidates/${wide.id('candidates', remote)}`, { ...headers, ...coding }, true);
      // Empty pages: a connection with no records, a filter matching none.
      const none = await same('/v1/ats/candidates', { ...t.admin, 'X-Connection-Id': empty.connectionId, ...coding }, true);
      expect(JSON.parse(none.body.toString('utf8')).data).toEqual({ next: null, results: [] });
      await same('/v1/ats/users', { ...t.admin, 'X-Connection-Id': empty.connectionId, ...coding }, true);
      await same('/v1/ats/candidates?email=nobody@example.com', { ...headers, ...coding }, true);
    }
    const names = JSON.parse((await same(`/v1/ats/candidates/${wide.id('candidates', 'names')}`, headers, true)).body.toString('utf8')).data;
    expect(names).toMatchObject({ first_name: 'Zoë 😀 José', last_name: '山田 Ørsted \\u0000 "quoted" \\ back\\slash', company: 'tab\tnew\nline\u0001 \u2028\u2029 \u{1F3F3}\u{FE0F}\u200D\u{1F308} 𝄞' });
    const big = await same('/v1/ats/candidates', { ...headers, 'Accept-Encoding': 'br' }, true);
    expect(big.headers).toContain('Content-Encoding: br');
    const plain = await same('/v1/ats/candidates', headers, true);
    expect(plain.body.length).toBeGreaterThan(150_000);
    expect(plain.headers).toContain(`Content-Length: ${plain.body.length}`);
    const near = await same(`/v1/ats/candidates/${wide.id('candidates', 'near')}`, { ...headers, 'Accept-Encoding': 'br' }, true);
    const nearText = near.body.toString('utf8');
    expect({ units: nearText.length < 1024, bytes: near.body.length >= 1024 }).toEqual({ units: true, bytes: true });
    expect(near.headers.some((h) => h.startsWith('Content-Encoding'))).toBe(false);
  });

  it('leaves errors and unusual requests to Nest, which answers them as before', async () => {
    const cases: [string, Record<string, string>, string?][] = [
      ['/v1/ats/candidates', {}],
      ['/v1/ats/candidates', { Authorization: 'Bearer nope' }],
      ['/v1/ats/candidates', { Authorization: 'Bearer ats_sk_notakey' }],
      ['/v1/ats/candidates', t.admin],
      ['/v1/ats/candidates', { ...t.admin, 'X-Connection-Id': 'not-a-uuid' }],
      ['/v1/ats/candidates', { ...t.admin, 'X-Connection-Id': '00000000-0000-4000-8000-000000000000' }],
      ['/v1/ats/candidates', { ...admin, 'X-Integration-Id': other.connectionId }],
      ['/v1/ats/candidates', { ...scoped, 'X-Connection-Id': other.connectionId }],
      ['/v1/ats/candidates?page_size=0', admin],
      ['/v1/ats/candidates?page_size=abc', admin],
      ['/v1/ats/candidates?colour=blue', admin],
      ['/v1/ats/candidates?cursor=forged.cursor', admin],
      ['/v1/ats/candidates?email=not-an-email', admin],
      [`/v1/ats/candidates/${f.id('candidates', 'nobody')}`, admin],
      [`/v1/ats/candidates/${other.id('candidates', 'theirs')}`, admin],
      ['/v1/ats/candidates/not-a-uuid', admin],
      ['/v1/ats/candidates/', admin],
      ['/v1/ats/Candidates', admin],
      ['/v1/ats/nothing-here', admin],
      ['/v1/ats/candidates', { ...admin, 'If-None-Match': '*' }],
      ['/v1/ats/candidates', { ...admin, 'If-Modified-Since': 'Wed, 21 Oct 2015 07:28:00 GMT' }],
      ['/v1/ats/candidates', admin, 'HEAD'],
    ];
    for (const [path, headers, method] of cases) await same(path, headers, false, method);
  });
});
