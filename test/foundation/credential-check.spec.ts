import type { RunningAshbySandbox } from '../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { API_KEY, startSandbox } from '../connectors/ashby/ashby-test-support.js';
import { freePort } from '../support/free-port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('credentials are checked with the partner on entry', () => {
  let t: TestApp;
  let sandbox: RunningAshbySandbox;
  beforeAll(async () => {
    t = await startTestApp();
    sandbox = await startSandbox(20);
  });
  afterAll(async () => {
    await sandbox.close();
    await t.close();
  });

  const count = async () => Number((await t.db.query('SELECT count(*) AS n FROM connections'))[0].n);
  const create = (body: Record<string, unknown>) =>
    t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', base_url: sandbox.url, ...body });

  it('saves a connection whose key the partner accepts', async () => {
    const response = await create({ credentials: { api_key: API_KEY } });
    expect(response.status).toBe(201);
    expect(response.body.data.state).toBe('ACTIVE');
  });

  it('refuses a key the partner refuses (400 naming the field) and saves nothing', async () => {
    const before = await count();
    const response = await create({ credentials: { api_key: 'wrong-key' } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'INTEGRATION.AUTHENTICATION_INVALID',
      message: expect.stringContaining('credentials.api_key'),
    });
    expect(response.text).not.toContain('wrong-key');
    expect(await count()).toBe(before);
  });

  it('answers 502 with a REMOTE code when the partner cannot be reached, and saves nothing', async () => {
    const before = await count();
    const response = await create({ credentials: { api_key: API_KEY }, base_url: `http://127.0.0.1:${await freePort()}` });
    expect(response.status).toBe(502);
    expect(response.body.error.code).toBe('REMOTE.SERVICE_UNAVAILABLE');
    expect(response.body.error.message).toContain('"verify_credentials": false');
    expect(await count()).toBe(before);
  });

  it('skips the check when asked to', async () => {
    const response = await create({ credentials: { api_key: 'unchecked' }, verify_credentials: false });
    expect(response.status).toBe(201);
  });

  it('checks rotated credentials too, and keeps the old ones when the new are refused', async () => {
    const { body: { data: body } } = await create({ credentials: { api_key: API_KEY } });
    const [before] = await t.db.query('SELECT credentials_encrypted FROM connections WHERE id = $1', [body.id]);
    const refused = await t.http().patch(`/v1/connections/${body.id}`).set(t.admin).send({ credentials: { api_key: 'nope' } });
    expect(refused.status).toBe(400);
    const [after] = await t.db.query('SELECT credentials_encrypted FROM connections WHERE id = $1', [body.id]);
    expect(after.credentials_encrypted).toBe(before.credentials_encrypted);
    const accepted = await t.http().patch(`/v1/connections/${body.id}`).set(t.admin).send({ credentials: { api_key: API_KEY } });
    expect(accepted.status).toBe(200);
  });
});
