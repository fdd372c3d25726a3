import { startTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'ashby-secret-key-d0n0tl3ak';

describe('connections', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function create(body: Record<string, unknown> = {}) {
    return t
      .http()
      .post('/v1/connections')
      .set(t.admin)
      .send({ provider: 'ashby', credentials: { api_key: SECRET }, name: 'Acme', verify_credentials: false, ...body });
  }

  it('creates, reads, lists, updates and deletes a connection', async () => {
    const created = await create({ base_url: 'http://127.0.0.1:4010', settings: { delta_sync_interval_minutes: 30 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'success' });
    expect(created.body.data).toMatchObject({
      provider: 'ashby',
      name: 'Acme',
      base_url: 'http://127.0.0.1:4010',
      settings: { delta_sync_interval_minutes: 30 },
      enabled: true,
      state: 'ACTIVE',
      credentials_set: true,
    });
    const id = created.body.data.id;

    const read = await t.http().get(`/v1/connections/${id}`).set(t.admin);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ status: 'success', data: { id } });

    const list = await t.http().get('/v1/connections').set(t.admin);
    expect(list.body.status).toBe('success');
    expect(list.body.data.next).toBeNull();
    expect(list.body.data.results.map((c: { id: string }) => c.id)).toContain(id);

    const patched = await t
      .http()
      .patch(`/v1/connections/${id}`)
      .set(t.admin)
      .send({ enabled: false, settings: { full_sync_interval_hours: 12 }, name: 'Acme EU' });
    expect(patched.status).toBe(200);
    expect(patched.body.status).toBe('success');
    expect(patched.body.data).toMatchObject({
      enabled: false,
      state: 'INACTIVE',
      name: 'Acme EU',
      settings: { delta_sync_interval_minutes: 30, full_sync_interval_hours: 12 },
    });

    const removed = await t.http().delete(`/v1/connections/${id}`).set(t.admin);
    expect(removed.status).toBe(204);
    const gone = await t.http().get(`/v1/connections/${id}`).set(t.admin);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('PLATFORM.INTEGRATION_NOT_FOUND');
  });

  it('rotates credentials (re-encrypted) and clears an INVALID state', async () => {
    const { body: { data: body } } = await create();
    await t.db.query("UPDATE connections SET state = 'INVALID', state_reason = 'remote said 401' WHERE id = $1", [body.id]);
    const [before] = await t.db.query('SELECT credentials_encrypted FROM connections WHERE id = $1', [body.id]);

    const rotated = await t.http().patch(`/v1/connections/${body.id}`).set(t.admin).send({ credentials: { api_key: 'rotated-key' }, verify_credentials: false });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data).toMatchObject({ state: 'ACTIVE', state_reason: null });
    const [after] = await t.db.query('SELECT credentials_encrypted FROM connections WHERE id = $1', [body.id]);
    expect(after.credentials_encrypted).not.toBe(before.credentials_encrypted);
    expect(after.credentials_encrypted).not.toContain('rotated-key');
  });

  it('deleting a connection removes all of its data and keys, and no other connection’s', async () => {
    const a = (await create()).body.data.id;
    const b = (await create()).body.data.id;
    for (const conn of [a, b]) {
      await t.db.query(
        `INSERT INTO ats_candidates (id, connection_id, remote_id, changed_at, content_hash)
         VALUES (gen_random_uuid(), $1, 'cand-1', now(), 'h')`,
        [conn],
      );
      await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: conn });
    }
    await t.http().delete(`/v1/connections/${a}`).set(t.admin).expect(204);
    const counts = await t.db.query<{ connection_id: string; n: string }>(
      `SELECT connection_id, count(*) AS n FROM (
         SELECT connection_id FROM ats_candidates UNION ALL SELECT connection_id FROM api_keys
       ) x WHERE connection_id IN ($1, $2) GROUP BY connection_id`,
      [a, b],
    );
    expect(counts).toEqual([{ connection_id: b, n: '2' }]);
  });

  it('never returns credentials, stores them encrypted, and never logs them', async () => {
    const created = await create();
    const id = created.body.data.id;
    const responses = [
      created,
      await t.http().get(`/v1/connections/${id}`).set(t.admin),
      await t.http().get('/v1/connections').set(t.admin),
      await t.http().patch(`/v1/connections/${id}`).set(t.admin).send({ credentials: { api_key: `${SECRET}-2` }, verify_credentials: false }),
    ];
    for (const response of responses) {
      expect(response.text).not.toContain(SECRET);
      expect(response.text).not.toContain('credentials_encrypted');
    }
    const rows = await t.db.query('SELECT * FROM connections WHERE id = $1', [id]);
    expect(JSON.stringify(rows)).not.toContain(SECRET);
    expect(t.logs.text()).toContain(id); // the log does record the operation…
    expect(t.logs.text()).not.toContain(SECRET); // …but never the secret
    expect(t.logs.text()).not.toContain(t.adminKey);
  });
});
