import { Kombo } from '@kombo-api/sdk';
import { KomboGeneralError } from '@kombo-api/sdk/models/errors';
import type { AddressInfo } from 'node:net';
import { gemConnector } from '../../src/connectors/gem/gem.connector.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { API_KEY, startSandbox } from '../connectors/gem/gem-test-kit.js';
import { API_KEY as ASHBY_KEY, startSandbox as startAshby } from '../connectors/ashby/ashby-test-support.js';
import { signature } from '../../src/connectors/ashby/sandbox/webhooks.js';
import { freePort } from '../support/free-port.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Kombo Connect over HTTP (the page's calls without a browser; the browser test drives the page
 * itself): Kombo's SDK creates the link and exchanges the token unchanged; the key is checked live
 * with the Gem sandbox; links and tokens are single-use and bound to their end user.
 */
describe('Connect API', () => {
  let t: TestApp;
  let sandbox: RunningSandbox;
  let kombo: Kombo;
  let baseUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ candidates: 5, seed: 3 });
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    kombo = new Kombo({ api_key: t.adminKey, server_url: `${baseUrl}/v1` });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });

  const tokenOf = (link: string) => new URL(link).hash.slice(1);
  const page = (token: string) => t.http().get('/v1/connect/page').set('X-Connect-Link', token);
  const submit = (token: string, api_key: string, tool = 'gem') => t.http().post('/v1/connect/page/connect').set('X-Connect-Link', token).send({ tool, credentials: { api_key } });
  const connectionCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM connections'))[0].n;
  async function linkFor(extra: Record<string, unknown> = {}): Promise<string> {
    const res = await t.http().post('/v1/connect/create-link').set(t.admin).send({
      end_user_email: 'it@acme.example', end_user_organization_name: 'Acme', end_user_origin_id: 'acme-1', integration_category: 'ATS', integration_tool: 'gem', base_url: sandbox.url, ...extra,
    });
    expect(res.status).toBe(200);
    return tokenOf(res.body.data.link);
  }

  it('connect.createConnectionLink (SDK): a link to this service’s Connect page; the page shows the connector’s own set-up guide', async () => {
    const res = await kombo.connect.createConnectionLink({ end_user_email: 'it@acme.example', end_user_organization_name: 'Acme', integration_category: 'ATS', integration_tool: 'gem' });
    expect(res.data.link).toMatch(new RegExp(`^${baseUrl}/connect#cl_[A-Za-z0-9_-]{43}$`));
    const shown = await page(tokenOf(res.data.link));
    expect(shown.status).toBe(200);
    expect(shown.body.data).toMatchObject({ organization_name: 'Acme', state: 'OPEN', relink: false });
    expect(shown.body.data.tools).toEqual([
      { id: 'gem', label: 'Gem', credential_fields: [{ field: 'api_key', label: 'API Key' }], steps: gemConnector.setupGuide!.steps, permissions: gemConnector.setupGuide!.permissions, webhooks: false },
    ]);
    const html = await t.http().get('/connect');
    expect(html.status).toBe(200);
    expect(html.headers['content-security-policy']).toContain("script-src 'self'");
    expect(html.headers['content-security-policy']).toContain('frame-ancestors *');
    expect(html.headers['x-frame-options']).toBeUndefined();
    expect(html.text).not.toContain('cl_');
    // Everything else refuses to be framed.
    const api = await t.http().get('/health');
    expect([api.headers['x-frame-options'], api.headers['content-security-policy']]).toEqual(['DENY', "frame-ancestors 'none'"]);
  });

  it('without integration_category the SDK sends HRIS: the typed 400 says to send ATS, and no link is made', async () => {
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM connect_links'))[0].n;
    try {
      await kombo.connect.createConnectionLink({ end_user_email: 'it@acme.example', end_user_organization_name: 'Acme' });
      throw new Error('succeeded');
    } catch (error) {
      expect(error).toBeInstanceOf(KomboGeneralError);
      expect((error as KomboGeneralError).error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID' });
      expect((error as KomboGeneralError).error.message).toContain('integration_category: must be ATS');
    }
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM connect_links'))[0].n).toBe(before);
  });

  it('a refused key is a 400 with Gem’s refusal and creates nothing; the right key makes the connection, whose token the SDK exchanges once', async () => {
    const token = await linkFor();
    const before = await connectionCount();
    // Malformed submissions: 400s naming the field, and the link stays open.
    const bad = (body: unknown) => t.http().post('/v1/connect/page/connect').set('X-Connect-Link', token).send(body as object);
    for (const [body, field] of [
      [{ tool: 'gem', credentials: 'k' }, 'credentials'],
      [{ tool: 'gem', credentials: { api_key: { nested: true } } }, 'credentials.api_key'],
      [{ tool: 'gem', credentials: { api_key: 'k', extra: 'x' } }, 'credentials.extra'],
      [{ tool: 'ashby', credentials: { api_key: 'k' } }, 'tool'],
      [{ tool: 'gem', credentials: { api_key: 'k' }, base_url: 'http://evil.example' }, 'base_url'],
    ] as const) {
      const res = await bad(body);
      expect([res.status, res.body.error.code, res.body.error.fields?.map((f: { field: string }) => f.field)]).toEqual([400, 'PLATFORM.INPUT_INVALID', [field]]);
    }
    expect((await page(token)).body.data.state).toBe('OPEN');
    const refused = await submit(token, 'wrong-key');
    expect([refused.status, refused.body.error.code]).toEqual([400, 'INTEGRATION.AUTHENTICATION_INVALID']);
    expect(refused.body.error.message).toBe('Gem refused this key. Check that you copied all of it and that it has the permissions this page lists.');
    expect(refused.body.error.fields).toEqual([{ field: 'credentials.api_key', problem: 'was refused by Gem' }]);
    expect(await connectionCount()).toBe(before);

    const ok = await submit(token, API_KEY);
    expect(ok.status).toBe(200);
    expect(ok.body.data.webhook).toBeNull();
    const exchanged = await kombo.connect.getIntegrationByToken({ token: ok.body.data.activation_token });
    expect(exchanged.data).toMatchObject({ tool: 'gem', end_user_email: 'it@acme.example', end_user_organization_name: 'Acme', end_user_origin_id: 'acme-1', setup_status: 'COMPLETED' });
    const connection = await t.http().get(`/v1/connections/${exchanged.data.id}`).set(t.admin);
    expect(connection.body.data).toMatchObject({ provider: 'gem', name: 'Acme', base_url: sandbox.url, state: 'ACTIVE' });
    // A working connection: its stored key reaches Gem.
    const through = await t.http().post('/v1/passthrough/gem/default').set({ ...t.admin, 'X-Integration-Id': exchanged.data.id }).send({ method: 'GET', path: '/ats/v0/users' });
    expect(through.body.data.status).toBe(200);
    const details = await kombo.general.getIntegrationDetails({ integration_id: exchanged.data.id });
    expect(details.data.end_user).toEqual({ organization_name: 'Acme', creator_email: 'it@acme.example', origin_id: 'acme-1' });

    // Single use: the token again, and the link again.
    await expect(kombo.connect.getIntegrationByToken({ token: ok.body.data.activation_token })).rejects.toMatchObject({ statusCode: 404 });
    const again = await submit(token, API_KEY);
    expect(again.status).toBe(409);
    expect((await page(token)).body.data.state).toBe('CONNECTED');
    expect(await connectionCount()).toBe(before + 1);
    expect(t.logs.text()).not.toContain(API_KEY);
    expect(t.logs.text()).not.toContain(token);
    // Kombo puts the activation token in the path; the request log shows the path without it.
    expect(t.logs.text()).not.toContain(ok.body.data.activation_token);
    expect(t.logs.text()).toContain('/v1/connect/integration-by-token/…');
  });

  it('an unreachable partner: a 502 REMOTE.* with a message for the customer; nothing saved, the link stays open', async () => {
    const token = await linkFor({ base_url: `http://127.0.0.1:${await freePort()}` });
    const before = await connectionCount();
    const res = await submit(token, API_KEY);
    expect([res.status, res.body.error.code]).toEqual([502, 'REMOTE.SERVICE_UNAVAILABLE']);
    expect(res.body.error.message).toBe('Gem could not be reached to check the key, so nothing was saved. Try again in a few minutes.');
    expect(await connectionCount()).toBe(before);
    expect((await page(token)).body.data.state).toBe('OPEN');
  });

  it('an expired link and a made-up token are 404s; a scoped key cannot create links or exchange tokens', async () => {
    const token = await linkFor();
    await t.db.query(`UPDATE connect_links SET expires_at = now() - interval '1 second'`);
    expect((await page(token)).status).toBe(404);
    expect((await submit(token, API_KEY)).status).toBe(404);
    expect((await page('cl_' + 'x'.repeat(43))).status).toBe(404);
    expect((await page('nope')).status).toBe(400);
    // A day past expiry, a link is removed when the next one is made.
    await t.db.query(`UPDATE connect_links SET expires_at = now() - interval '2 days'`);
    await linkFor();
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM connect_links WHERE expires_at < now()`))[0].n).toBe(0);
    const [{ id }] = await t.db.query<{ id: string }>('SELECT id FROM connections LIMIT 1');
    const key = (await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: id })).body.data.key;
    const scoped = await t.http().post('/v1/connect/create-link').set({ Authorization: `Bearer ${key}` }).send({ end_user_email: 'a@b.example', end_user_organization_name: 'X', integration_category: 'ATS' });
    expect([scoped.status, scoped.body.error.code, scoped.body.error.ats_sync_code]).toEqual([403, 'PLATFORM.AUTHENTICATION_INVALID', 'PLATFORM.FORBIDDEN']);
    expect((await t.http().get('/v1/connect/integration-by-token/ca_x').set({ Authorization: `Bearer ${key}` })).status).toBe(403);
  });

  it('relink (SDK general.createReconnectionLink) re-keys the same connection; its token names that connection', async () => {
    const token = await linkFor();
    const made = await kombo.connect.getIntegrationByToken({ token: (await submit(token, API_KEY)).body.data.activation_token });
    const relink = await kombo.general.createReconnectionLink({ integration_id: made.data.id, body: {} });
    const before = await connectionCount();
    const done = await submit(tokenOf(relink.data.link), API_KEY);
    expect(done.status).toBe(200);
    const again = await kombo.connect.getIntegrationByToken({ token: done.body.data.activation_token });
    expect([again.data.id, again.data.end_user_origin_id]).toEqual([made.data.id, 'acme-1']);
    expect(await connectionCount()).toBe(before);
  });

  it('Ashby: the webhook step issues a secret the receiver verifies; a relink keeps it (a new one would break the webhook in Ashby)', async () => {
    const ashby = await startAshby(3, 3);
    try {
      const token = await linkFor({ integration_tool: 'ashby', base_url: ashby.url });
      const made = await submit(token, ASHBY_KEY, 'ashby');
      const hook = made.body.data.webhook;
      expect(hook).toMatchObject({ signature_header: 'Ashby-Signature' });
      const id = (await kombo.connect.getIntegrationByToken({ token: made.body.data.activation_token })).data.id;
      expect(hook.url).toBe(`${baseUrl}/v1/inbound/${id}`);
      const ping = async () => {
        const raw = JSON.stringify({ webhookActionId: `p-${Math.random()}`, action: 'ping', data: {} });
        return (await fetch(hook.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Ashby-Signature': signature(hook.secret, raw) }, body: raw })).status;
      };
      expect(await page(token).then((r) => r.status)).toBe(200);
      expect((await t.http().get('/v1/connect/page/webhook').set('X-Connect-Link', token)).body.data.received_at).toBeNull();
      expect(await ping()).toBe(200);
      expect((await t.http().get('/v1/connect/page/webhook').set('X-Connect-Link', token)).body.data.received_at).not.toBeNull();

      const relink = await kombo.general.createReconnectionLink({ integration_id: id, body: {} });
      const rekeyed = await submit(tokenOf(relink.data.link), ASHBY_KEY, 'ashby');
      expect([rekeyed.status, rekeyed.body.data.webhook]).toEqual([200, null]);
      expect(await ping()).toBe(200);
    } finally {
      await ashby.close();
    }
  });
});
