import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';
import { readClient } from './support/read-client.js';

/** Two connections with the same remote ids: nothing of one may ever show through the other. */
describe('read API: connection scoping', () => {
  let t: TestApp;
  let a: AtsFixtures;
  let b: AtsFixtures;
  let scopedKeyA: string;

  beforeAll(async () => {
    t = await startTestApp();
    const connectionA = (await t.http().post('/v1/connections').set(t.admin).send({ provider: 'gem', credentials: { api_key: 'k' }, verify_credentials: false })).body.data.id;
    a = new AtsFixtures(t.db, connectionA);
    b = new AtsFixtures(t.db, await createConnection(t.db));
    for (const f of [a, b]) {
      await f.job('j1');
      await f.candidate('c1');
      await f.candidate('c2');
      await f.candidate('c3');
      await f.application('a1', { candidate: 'c1', job: 'j1' });
    }
    await b.candidate('only-b', { email_addresses: [{ email_address: 'only-b@example.com', type: null }] });
    scopedKeyA = (await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: connectionA })).body.data.key;
  });
  afterAll(() => t.close());

  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  it('lists only the named connection’s rows', async () => {
    const ids = await readClient(t, a.connectionId).ids('candidates');
    expect(ids.sort()).toEqual(['c1', 'c2', 'c3'].map((r) => a.id('candidates', r)).sort());
  });

  it('never returns another connection’s row by id', async () => {
    const read = readClient(t, a.connectionId);
    const response = await read.get(`candidates/${b.id('candidates', 'c1')}`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('PLATFORM.INPUT_INVALID');
  });

  it('never returns another connection’s rows through a filter', async () => {
    const read = readClient(t, a.connectionId);
    expect(await read.ids('candidates', { ids: b.id('candidates', 'c1') })).toEqual([]);
    expect(await read.ids('candidates', { remote_ids: 'c1,only-b' })).toEqual([a.id('candidates', 'c1')]);
    expect(await read.ids('candidates', { email: 'only-b@example.com' })).toEqual([]);
    expect(await read.ids('candidates', { job_ids: b.id('jobs', 'j1') })).toEqual([]);
    expect(await read.ids('applications', { candidate_ids: b.id('candidates', 'c1') })).toEqual([]);
    // Nested data comes from the same connection only.
    const [candidate] = (await read.page<any>('candidates', { remote_ids: 'c1' })).results;
    expect(candidate.applications.map((x: { id: string }) => x.id)).toEqual([a.id('applications', 'a1')]);
    expect(candidate.applications[0].job.id).toBe(a.id('jobs', 'j1'));
  });

  it('rejects a cursor of another connection, model or tampered with', async () => {
    const cursorA = (await readClient(t, a.connectionId).page('candidates', { page_size: 1 })).next!;
    expect(cursorA).toEqual(expect.any(String));
    const readB = readClient(t, b.connectionId);
    const moved = await readB.get('candidates', { cursor: cursorA });
    expect(moved.status).toBe(400);
    expect(moved.body.error.fields[0].field).toBe('cursor');

    const [body, signature] = cursorA.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...payload, c: b.connectionId })).toString('base64url')}.${signature}`;
    expect((await readB.get('candidates', { cursor: forged })).status).toBe(400);
    const rewound = `${Buffer.from(JSON.stringify({ ...payload, k: '00000000-0000-0000-0000-000000000000' })).toString('base64url')}.${signature}`;
    expect((await readClient(t, a.connectionId).get('candidates', { cursor: rewound })).status).toBe(400);
    expect((await readClient(t, a.connectionId).get('jobs', { cursor: cursorA })).status).toBe(400);
  });

  it('a scoped key reads its own connection, with or without naming it', async () => {
    const own = await t.http().get('/v1/ats/candidates').set(bearer(scopedKeyA));
    expect(own.status).toBe(200);
    expect(own.body.data.results).toHaveLength(3);
    for (const header of ['X-Connection-Id', 'X-Integration-Id']) {
      const named = await t.http().get('/v1/ats/candidates').set({ ...bearer(scopedKeyA), [header]: a.connectionId });
      expect(named.status).toBe(200);
    }
  });

  it('a scoped key naming another connection gets 404 INTEGRATION_NOT_FOUND', async () => {
    for (const header of ['X-Connection-Id', 'X-Integration-Id']) {
      const response = await t.http().get('/v1/ats/candidates').set({ ...bearer(scopedKeyA), [header]: b.connectionId });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('PLATFORM.INTEGRATION_NOT_FOUND');
      expect(response.text).not.toContain(b.id('candidates', 'c1'));
    }
    const byId = await t.http().get(`/v1/ats/candidates/${b.id('candidates', 'c1')}`).set(bearer(scopedKeyA));
    expect(byId.status).toBe(404);
  });

  it('the admin key must name an existing connection', async () => {
    const missing = await t.http().get('/v1/ats/jobs').set(t.admin);
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields[0].field).toBe('X-Connection-Id');
    const unknown = await t.http().get('/v1/ats/jobs').set({ ...t.admin, 'X-Integration-Id': '4f0c6d1e-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('PLATFORM.INTEGRATION_NOT_FOUND');
    const malformed = await t.http().get('/v1/ats/jobs').set({ ...t.admin, 'X-Connection-Id': 'acme' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields[0].field).toBe('X-Connection-Id');
    const conflicting = await t.http().get('/v1/ats/jobs').set({ ...t.admin, 'X-Connection-Id': a.connectionId, 'X-Integration-Id': b.connectionId });
    expect(conflicting.status).toBe(400);
    const kombo = await t.http().get('/v1/ats/jobs').set({ ...t.admin, 'X-Integration-Id': b.connectionId });
    expect(kombo.body.data.results.map((j: { id: string }) => j.id)).toEqual([b.id('jobs', 'j1')]);
  });

  it('answers 401 without a key', async () => {
    const response = await t.http().get('/v1/ats/candidates').set({ 'X-Connection-Id': a.connectionId });
    expect(response.status).toBe(401);
  });
});
