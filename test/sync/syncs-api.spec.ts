import { startTestApp, type TestApp } from '../support/test-app.js';

describe('sync API', () => {
  let t: TestApp;
  let connectionId: string;
  let otherId: string;
  let scopedKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    const create = async () =>
      (await t.http().post('/v1/connections').set(t.admin).send({ provider: 'gem', credentials: { api_key: 'k' }, verify_credentials: false })).body.data.id as string;
    connectionId = await create();
    otherId = await create();
    scopedKey = (await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: otherId })).body.data.key;
  });
  afterAll(() => t.close());

  it('queues a sync (202) and does not pile up duplicates of a queued one', async () => {
    const first = await t.http().post(`/v1/connections/${connectionId}/sync`).set(t.admin).send({ type: 'FULL' });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'success', data: { connection_id: connectionId, type: 'FULL', trigger: 'MANUAL', state: 'QUEUED', counts: {} } });
    const again = await t.http().post(`/v1/connections/${connectionId}/sync`).set(t.admin).send({ type: 'FULL' });
    expect(again.body.data.id).toBe(first.body.data.id);
    const delta = await t.http().post(`/v1/connections/${connectionId}/sync`).set(t.admin).send({ type: 'DELTA' });
    expect(delta.body.data.id).not.toBe(first.body.data.id);

    const list = await t.http().get(`/v1/connections/${connectionId}/syncs`).set(t.admin);
    expect(list.status).toBe(200);
    expect(list.body.status).toBe('success');
    expect(list.body.data.next).toBeNull();
    expect(list.body.data.results.map((r: { id: string }) => r.id)).toEqual([delta.body.data.id, first.body.data.id]);
    const one = await t.http().get(`/v1/syncs/${first.body.data.id}`).set(t.admin);
    expect(one.body).toMatchObject({ status: 'success', data: { id: first.body.data.id, state: 'QUEUED', errors: [], duration_seconds: null } });
    // The job is on the queue for a worker to take.
    const [{ n }] = await t.db.query("SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'runId' = $1", [first.body.data.id]);
    expect(n).toBe(1);

    // A full page names the next one: its `next` is the `before` of the older runs.
    const page = await t.http().get(`/v1/connections/${connectionId}/syncs?limit=1`).set(t.admin);
    expect(page.body.data.results.map((r: { id: string }) => r.id)).toEqual([delta.body.data.id]);
    expect(page.body.data.next).toEqual(expect.any(String));
    const older = await t.http().get(`/v1/connections/${connectionId}/syncs`).query({ limit: 1, before: page.body.data.next }).set(t.admin);
    expect(older.body.data.results.map((r: { id: string }) => r.id)).toEqual([first.body.data.id]);
  });

  it('scopes runs to the caller’s connection', async () => {
    const run = (await t.http().post(`/v1/connections/${connectionId}/sync`).set(t.admin).send({ type: 'DELTA' })).body.data;
    const bearer = { Authorization: `Bearer ${scopedKey}` };
    expect((await t.http().get(`/v1/syncs/${run.id}`).set(bearer)).status).toBe(404);
    expect((await t.http().get(`/v1/connections/${connectionId}/syncs`).set(bearer)).status).toBe(404);
    expect((await t.http().post(`/v1/connections/${connectionId}/sync`).set(bearer).send({ type: 'FULL' })).status).toBe(404);
    const own = await t.http().post(`/v1/connections/${otherId}/sync`).set(bearer).send({ type: 'FULL' });
    expect(own.status).toBe(202);
  });

  it('refuses to sync a disabled connection, saying how to fix it', async () => {
    await t.http().patch(`/v1/connections/${otherId}`).set(t.admin).send({ enabled: false }).expect(200);
    const response = await t.http().post(`/v1/connections/${otherId}/sync`).set(t.admin).send({ type: 'DELTA' });
    expect(response.status).toBe(409);
    expect(response.body.error).toMatchObject({ code: 'INTEGRATION.INACTIVE', message: expect.stringContaining('"enabled": true') });
  });

  it.each([
    [{ type: 'PARTIAL' }, 'type'],
    [{}, 'type'],
    [{ type: 'FULL', extra: 1 }, 'extra'],
  ])('answers 400 for body %j naming %s, and queues nothing', async (body, field) => {
    const [{ n: before }] = await t.db.query('SELECT count(*)::int AS n FROM sync_runs');
    const response = await t.http().post(`/v1/connections/${connectionId}/sync`).set(t.admin).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    const [{ n: after }] = await t.db.query('SELECT count(*)::int AS n FROM sync_runs');
    expect(after).toBe(before);
  });

  it.each([
    ['/v1/syncs/nope', 'id'],
    ['/v1/connections/nope/syncs', 'id'],
    [`/v1/connections/00000000-0000-4000-8000-000000000000/syncs?limit=0`, 'limit'],
    [`/v1/connections/00000000-0000-4000-8000-000000000000/syncs?before=yesterday`, 'before'],
  ])('GET %s answers 400 naming %s', async (path, field) => {
    const response = await t.http().get(path).set(t.admin);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain(`${field}:`);
  });

  it('exposes sync metrics at /metrics', async () => {
    const response = await t.http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.text).toContain('ats_sync_run_duration_seconds');
    expect(response.text).toContain('ats_sync_records_total');
    expect(response.text).toContain('ats_sync_partner_requests_total');
  });
});
