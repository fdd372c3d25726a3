import { startTestApp, type TestApp } from '../support/test-app.js';

type Case = [name: string, method: 'post' | 'patch' | 'get' | 'delete', path: () => string, body: unknown, field: string];

describe('bad input', () => {
  let t: TestApp;
  let id: string;
  const valid = { provider: 'ashby', credentials: { api_key: 'k' }, verify_credentials: false };

  beforeAll(async () => {
    t = await startTestApp();
    id = (await t.http().post('/v1/connections').set(t.admin).send(valid)).body.data.id;
  });
  afterAll(() => t.close());

  const cases: Case[] = [
    ['unknown provider', 'post', () => '/v1/connections', { ...valid, provider: 'workday' }, 'provider'],
    ['missing provider', 'post', () => '/v1/connections', { credentials: { api_key: 'k' } }, 'provider'],
    ['credentials not an object', 'post', () => '/v1/connections', { ...valid, credentials: 'k' }, 'credentials'],
    ['missing api_key', 'post', () => '/v1/connections', { ...valid, credentials: {} }, 'credentials.api_key'],
    ['blank api_key', 'post', () => '/v1/connections', { ...valid, credentials: { api_key: '  ' } }, 'credentials.api_key'],
    ['unknown credential', 'post', () => '/v1/connections', { ...valid, credentials: { api_key: 'k', token: 'x' } }, 'credentials.token'],
    ['bad base_url', 'post', () => '/v1/connections', { ...valid, base_url: 'ftp://x' }, 'base_url'],
    ['bad settings value', 'post', () => '/v1/connections', { ...valid, settings: { delta_sync_interval_minutes: 1 } }, 'settings.delta_sync_interval_minutes'],
    ['unknown setting', 'post', () => '/v1/connections', { ...valid, settings: { turbo: true } }, 'settings.turbo'],
    ['unknown field', 'post', () => '/v1/connections', { ...valid, colour: 'red' }, 'colour'],
    ['malformed JSON', 'post', () => '/v1/connections', '{"provider":', 'body'],
    ['patch enabled not boolean', 'patch', () => `/v1/connections/${id}`, { enabled: 'yes' }, 'enabled'],
    ['patch empty credentials', 'patch', () => `/v1/connections/${id}`, { credentials: {} }, 'credentials.api_key'],
    ['patch unknown field', 'patch', () => `/v1/connections/${id}`, { provider: 'gem' }, 'provider'],
    ['patch bad id', 'patch', () => '/v1/connections/not-a-uuid', { enabled: true }, 'id'],
    ['get bad id', 'get', () => '/v1/connections/123', undefined, 'id'],
    ['delete bad id', 'delete', () => '/v1/connections/123', undefined, 'id'],
    ['api key without connection', 'post', () => '/v1/api-keys', {}, 'connection_id'],
    ['api key bad connection id', 'post', () => '/v1/api-keys', { connection_id: 'abc' }, 'connection_id'],
    ['api key unknown connection', 'post', () => '/v1/api-keys', { connection_id: '00000000-0000-4000-8000-000000000000' }, 'connection_id'],
    ['api key unknown field', 'post', () => '/v1/api-keys', { connection_id: '00000000-0000-4000-8000-000000000000', scope: 'all' }, 'scope'],
    ['api key list bad filter', 'get', () => '/v1/api-keys?connection_id=x', undefined, 'connection_id'],
    ['api key delete bad id', 'delete', () => '/v1/api-keys/x', undefined, 'id'],
  ];

  async function snapshot(): Promise<string> {
    return JSON.stringify(
      await t.db.query(
        'SELECT (SELECT json_agg(c ORDER BY id) FROM connections c) AS c, (SELECT json_agg(k ORDER BY id) FROM api_keys k) AS k',
      ),
    );
  }

  it.each(cases)('%s → 400 naming %s, nothing written', async (_name, method, path, body, field) => {
    const before = await snapshot();
    let call = t.http()[method](path()).set(t.admin);
    if (typeof body === 'string') call = call.set('Content-Type', 'application/json').send(body);
    else if (body !== undefined) call = call.send(body as object);
    const response = await call;

    expect(response.status).toBe(400);
    expect(response.body.status).toBe('error');
    expect(response.body.error.code).toBe('PLATFORM.INPUT_INVALID');
    expect(response.body.error.message).toContain(`${field}:`);
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(await snapshot()).toBe(before);
  });

  it('answers an unknown route with the error envelope', async () => {
    const response = await t.http().get('/v1/nothing-here').set(t.admin);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ status: 'error', error: { code: 'PLATFORM.NOT_FOUND' } });
  });
});
