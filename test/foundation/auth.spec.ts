import { startTestApp, type TestApp } from '../support/test-app.js';

describe('API keys and scoping', () => {
  let t: TestApp;
  let own: string;
  let other: string;
  let scopedKey: string;

  beforeAll(async () => {
    t = await startTestApp();
    const make = async () =>
      (await t.http().post('/v1/connections').set(t.admin).send({ provider: 'gem', credentials: { api_key: 'k' }, verify_credentials: false })).body.data.id;
    own = await make();
    other = await make();
    const created = await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: own, name: 'app' });
    expect(created.status).toBe(201);
    scopedKey = created.body.data.key;
  });
  afterAll(() => t.close());

  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  it('shows a created key once and stores only its hash', async () => {
    expect(scopedKey).toMatch(/^ats_sk_/);
    const list = await t.http().get('/v1/api-keys').query({ connection_id: own }).set(t.admin);
    expect(list.status).toBe(200);
    expect(list.body.data.results).toHaveLength(1);
    expect(list.text).not.toContain(scopedKey);
    expect(list.body.data.results[0].key_prefix).toBe(scopedKey.slice(0, 11));
    const rows = await t.db.query('SELECT * FROM api_keys');
    expect(JSON.stringify(rows)).not.toContain(scopedKey);
    expect(t.logs.text()).not.toContain(scopedKey);
  });

  it('answers 401 without a key, with a wrong key, and with a malformed header', async () => {
    for (const headers of [{}, bearer('ats_sk_wrong'), bearer('nope'), { Authorization: scopedKey }]) {
      const response = await t.http().get('/v1/connections').set(headers);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        status: 'error',
        error: expect.objectContaining({ code: 'PLATFORM.AUTHENTICATION_INVALID' }),
      });
    }
  });

  it('lets a scoped key read its own connection and nothing of another (404)', async () => {
    expect((await t.http().get(`/v1/connections/${own}`).set(bearer(scopedKey))).status).toBe(200);
    const foreign = await t.http().get(`/v1/connections/${other}`).set(bearer(scopedKey));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('PLATFORM.INTEGRATION_NOT_FOUND');
    const list = await t.http().get('/v1/connections').set(bearer(scopedKey));
    expect(list.body.data.results.map((c: { id: string }) => c.id)).toEqual([own]);
  });

  it('gives a scoped key 403 on every management call and changes nothing', async () => {
    const calls = [
      t.http().post('/v1/connections').send({ provider: 'ashby', credentials: { api_key: 'x' } }),
      t.http().patch(`/v1/connections/${own}`).send({ enabled: false }),
      t.http().delete(`/v1/connections/${own}`),
      t.http().delete(`/v1/connections/${other}`),
      t.http().post('/v1/api-keys').send({ connection_id: own }),
      t.http().get('/v1/api-keys'),
    ];
    for (const call of calls) {
      const response = await call.set(bearer(scopedKey));
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('PLATFORM.FORBIDDEN');
    }
    const [{ n }] = await t.db.query("SELECT count(*) AS n FROM connections WHERE enabled");
    expect(n).toBe('2');
  });

  it('stops accepting a revoked key', async () => {
    const { body: { data: body } } = await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: own });
    expect((await t.http().get('/v1/connections').set(bearer(body.key))).status).toBe(200);
    await t.http().delete(`/v1/api-keys/${body.id}`).set(t.admin).expect(204);
    expect((await t.http().get('/v1/connections').set(bearer(body.key))).status).toBe(401);
  });

  it('records a key’s last use at most once a minute, without changing what it grants', async () => {
    const { body: { data: body } } = await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: own });
    const lastUsed = async () => (await t.db.query<{ last_used_at: Date | null }>('SELECT last_used_at FROM api_keys WHERE id = $1', [body.id]))[0].last_used_at;
    expect(await lastUsed()).toBeNull();
    expect((await t.http().get(`/v1/connections/${own}`).set(bearer(body.key))).status).toBe(200);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    expect((await t.http().get(`/v1/connections/${own}`).set(bearer(body.key))).status).toBe(200);
    expect(await lastUsed()).toEqual(first);
    // Older than the minute: the next request writes it again.
    await t.db.query("UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1", [body.id]);
    const before = await lastUsed();
    expect((await t.http().get(`/v1/ats/candidates`).set(bearer(body.key))).status).toBe(200);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(before!.getTime() + 60_000);
    // The same key, another connection's id: still refused.
    expect((await t.http().get(`/v1/connections/${other}`).set(bearer(body.key))).status).toBe(404);
  });

  it('leaves /health, /openapi.json and /docs open', async () => {
    expect((await t.http().get('/health')).status).toBe(200);
    const spec = await t.http().get('/openapi.json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/v1/connections', '/v1/connections/{id}', '/v1/api-keys']));
    expect((await t.http().get('/docs')).status).toBe(200);
  });
});
