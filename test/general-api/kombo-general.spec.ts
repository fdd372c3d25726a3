import { Kombo } from '@kombo-api/sdk';
import { KomboAtsError, KomboGeneralError } from '@kombo-api/sdk/models/errors';
import { gemConnector } from '../../src/connectors/gem/gem.connector.js';
import { jazzhrConnector } from '../../src/connectors/jazzhr/jazzhr.connector.js';
import { AtsFixtures, createConnection } from '../ats-api/support/ats-fixtures.js';
import { gemGet, API_KEY } from '../connectors/gem/gem-test-kit.js';
import { GemWriteHarness } from '../connectors/gem/gem-write-harness.js';

/** The SDK's typed error for a call: its status and Kombo code. */
async function komboError(call: Promise<unknown>): Promise<{ status: number; code: string | null; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof KomboGeneralError || error instanceof KomboAtsError) return { status: error.statusCode, code: error.error.code, message: error.error.message };
    throw new Error(`expected a typed Kombo error, got ${(error as Error).name}: ${(error as Error).message}`);
  }
  throw new Error('the call succeeded');
}

/**
 * Kombo's general API on ats-sync, driven by Kombo's own SDK unchanged (it validates every answer
 * against Kombo's schemas), on a Gem connection synced from the Gem sandbox over real HTTP.
 */
describe('Kombo SDK general.* and ats.getRoles', () => {
  const h = new GemWriteHarness();
  let kombo: Kombo;

  beforeAll(async () => {
    await h.start(20);
    kombo = new Kombo({ api_key: h.t.adminKey, integration_id: h.connectionId, server_url: h.baseUrl });
  }, 120_000);
  afterAll(() => h.close());

  const scopedKey = async (connectionId: string) => (await h.t.http().post('/v1/api-keys').set(h.t.admin).send({ connection_id: connectionId })).body.data.key as string;

  it('general.checkApiKey: success for the admin key and a scoped key; a wrong key is the typed 401', async () => {
    expect((await kombo.general.checkApiKey()).data.environment_id).toBe('ats-sync');
    const scoped = new Kombo({ api_key: await scopedKey(h.connectionId), server_url: h.baseUrl });
    expect((await scoped.general.checkApiKey()).status).toBe('success');
    const wrong = new Kombo({ api_key: 'not-a-key', server_url: h.baseUrl });
    expect(await komboError(wrong.general.checkApiKey())).toMatchObject({ status: 401, code: 'PLATFORM.AUTHENTICATION_INVALID' });
  });

  it('general.getTools: every connector under ats, coverage from each connector; other categories are empty', async () => {
    const res = await kombo.general.getTools({ category: 'ats' });
    expect(res.data.tools.map((t) => t.id)).toEqual(['ashby', 'gem', 'jazzhr']);
    const jazz = res.data.tools.find((t) => t.id === 'jazzhr')!;
    const status = (id: string) => jazz.coverage.read_models.find((m) => m.id === id)!.coverage_status;
    // JazzHR's connector lists no offers or interviews.
    expect([status('ats_candidates'), status('ats_offers'), status('ats_interviews')]).toEqual(['SUPPORTED', 'UNSUPPORTED', 'UNSUPPORTED']);
    expect(jazzhrConnector.models).not.toContain('offers');
    const gem = res.data.tools.find((t) => t.id === 'gem')!;
    expect(gem.coverage.write_actions.find((w) => w.id === 'ats_create_candidate')!.coverage_status).toBe(gemConnector.actions?.createCandidate ? 'SUPPORTED' : 'UNSUPPORTED');
    const logo = await fetch(gem.assets.logo_url);
    expect([logo.status, logo.headers.get('content-type')]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    expect((await kombo.general.getTools({ category: 'hris' })).data.tools).toEqual([]);
  });

  it('general.getIntegrationDetails: the connection as Kombo’s integration', async () => {
    const res = await kombo.general.getIntegrationDetails({ integration_id: h.connectionId });
    expect(res.data).toMatchObject({ id: h.connectionId, tool: { id: 'gem', label: 'Gem' }, category: 'ATS', status: 'ACTIVE', setup_status: 'COMPLETED' });
    expect(res.data.read_models.find((m) => m.id === 'ats_candidates')!.is_available).toBe(true);
    expect(res.data.created_at).toBeInstanceOf(Date);
  });

  it('general.setIntegrationEnabled false → INACTIVE and no sync starts; true → ACTIVE again', async () => {
    await kombo.general.setIntegrationEnabled({ integration_id: h.connectionId, body: { value: false } });
    expect((await kombo.general.getIntegrationDetails({ integration_id: h.connectionId })).data.status).toBe('INACTIVE');
    expect(await komboError(kombo.general.triggerSync({ type: 'DELTA' }))).toMatchObject({ status: 409, code: "PLATFORM.INPUT_INVALID" });
    const raw = await h.t.http().post('/v1/force-sync').set(h.as()).send({ type: 'DELTA' });
    expect([raw.status, raw.body.error.ats_sync_code]).toEqual([409, 'INTEGRATION.INACTIVE']);
    await kombo.general.setIntegrationEnabled({ integration_id: h.connectionId, body: { value: true } });
    expect((await kombo.general.getIntegrationDetails({ integration_id: h.connectionId })).data.status).toBe('ACTIVE');
  });

  it('general.triggerSync: queues a run; asking again while it is queued returns it (already_queued)', async () => {
    const first = await kombo.general.triggerSync({ type: 'DELTA' });
    expect(first.data).toMatchObject({ already_queued: false, type: 'DELTA' });
    const run = await h.t.http().get(`/v1/syncs/${first.data.sync_id}`).set(h.t.admin);
    expect([run.status, run.body.data.connection_id, run.body.data.state]).toEqual([200, h.connectionId, 'QUEUED']);
    const again = await kombo.general.triggerSync({ type: 'FULL' });
    expect(again.data).toEqual({ already_queued: true, sync_id: first.data.sync_id, type: 'DELTA' });
    await h.pool.query(`UPDATE sync_runs SET state = 'CANCELLED' WHERE id = $1`, [first.data.sync_id]);
  });

  it('general.sendPassthroughRequest: Gem’s own answer, its auth added by ats-sync', async () => {
    const res = await kombo.general.sendPassthroughRequest({ tool: 'gem', api: 'default', body: { method: 'GET', path: '/ats/v0/users', params: { per_page: '2', page: '1' } } });
    const direct = await gemGet<unknown[]>(h.sandbox.url, '/ats/v0/users?per_page=2&page=1', API_KEY);
    expect(res.data.status).toBe(200);
    expect(res.data.data).toEqual(direct.body);
    expect(res.data.url).toBe(`${h.sandbox.url}/ats/v0/users?per_page=2&page=1`);
    expect(JSON.stringify(res)).not.toContain(API_KEY);
    const missing = await kombo.general.sendPassthroughRequest({ tool: 'gem', api: 'default', body: { method: 'GET', path: '/ats/v0/candidates/does-not-exist' } });
    expect(missing.data.status).toBe(404);
  });

  it.each([
    ['/../admin', 'path'],
    ['/ats/%2e%2e/%2e%2e/x', 'path'],
    ['//evil.example/x', 'path'],
    ['http://evil.example/x', 'path'],
    ['/ats/v0/users?apikey=x', 'path'],
    ['/ats%2fv0', 'path'],
    ['/a\\..\\b', 'path'],
  ])('passthrough refuses %s (no open proxy): 400 naming %s, no request made', async (path, field) => {
    const before = (await h.stats()).requests;
    const res = await h.t.http().post('/v1/passthrough/gem/default').set(h.as()).send({ method: 'GET', path });
    expect([res.status, res.body.error.code, res.body.error.fields[0].field]).toEqual([400, 'PLATFORM.INPUT_INVALID', field]);
    expect((await h.stats()).requests).toBe(before);
  });

  it('passthrough refuses auth headers, another tool and an unknown api', async () => {
    const send = (tool: string, api: string, body: object) => h.t.http().post(`/v1/passthrough/${tool}/${api}`).set(h.as()).send({ method: 'GET', path: '/ats/v0/users', ...body });
    const header = await send('gem', 'default', { headers: { 'X-API-Key': 'other' } });
    expect([header.status, header.body.error.fields[0].field]).toEqual([400, 'headers.X-API-Key']);
    const tool = await send('ashby', 'default', {});
    expect([tool.status, tool.body.error.fields[0].field]).toEqual([400, 'tool']);
    const api = await send('gem', 'v2', {});
    expect([api.status, api.body.error.fields[0].field]).toEqual([400, 'api']);
  });

  it('general.createReconnectionLink: a Connect link for this connection', async () => {
    const res = await kombo.general.createReconnectionLink({ integration_id: h.connectionId, body: {} });
    expect(res.data.link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect#cl_[A-Za-z0-9_-]{43}$/);
    const page = await h.t.http().get('/v1/connect/page').set('X-Connect-Link', res.data.link.split('#')[1]);
    expect([page.body.data.relink, page.body.data.tools.map((t: { id: string }) => t.id)]).toEqual([true, ['gem']]);
  });

  it('ats.getRoles: the system and job roles the synced users hold; a scoped key reads its own', async () => {
    const f = new AtsFixtures(h.t.db, await createConnection(h.t.db));
    await f.user('u1', { system_roles: ['Admin', { remote_id: 'r9', name: 'Billing owner' }] });
    await f.user('u2', { system_roles: ['admin'] });
    await f.user('gone', { system_roles: ['Auditor'], remote_deleted_at: new Date() });
    await f.job('j1');
    await f.hiringTeamMember('j1', 'u1', ['HIRING_MANAGER', 'Panel']);
    const roles = new Kombo({ api_key: h.t.adminKey, integration_id: f.connectionId, server_url: h.baseUrl });
    const labels = async (request: Parameters<Kombo['ats']['getRoles']>[0] = {}) => {
      const out: string[] = [];
      for await (const page of await roles.ats.getRoles({ page_size: 2, ...request })) {
        out.push(...page.result.data.results.map((r) => `${r.scope}:${r.remote_label}:${r.unified_type}`));
      }
      return out.sort();
    };
    expect(await labels()).toEqual(['JOB:HIRING_MANAGER:HIRING_MANAGER', 'JOB:Panel:null', 'SYSTEM:Admin:ADMIN', 'SYSTEM:Billing owner:null']);
    expect(await labels({ scopes: ['JOB'] })).toEqual(['JOB:HIRING_MANAGER:HIRING_MANAGER', 'JOB:Panel:null']);
    expect(await labels({ include_deleted: true })).toContain('SYSTEM:Auditor:null');
    const scoped = new Kombo({ api_key: await scopedKey(h.connectionId), server_url: h.baseUrl });
    const own = await scoped.ats.getRoles({});
    // The Gem connection's users hold no system roles in the sandbox data: whatever it has is its own, never the fixture's.
    expect(own.result.data.results.map((r) => r.remote_label)).not.toContain('Billing owner');
  });

  it('general.getIntegrationFields / getCustomFields: empty lists (nothing to configure); the updates and createSetupLink are typed refusals', async () => {
    const fields: unknown[] = [];
    for await (const page of await kombo.general.getIntegrationFields({ integration_id: h.connectionId })) fields.push(...page.result.data.results);
    const custom: unknown[] = [];
    for await (const page of await kombo.general.getCustomFields({ integration_id: h.connectionId })) custom.push(...page.result.data.results);
    expect([fields, custom]).toEqual([[], []]);
    expect(await komboError(kombo.general.updateIntegrationField({ integration_id: h.connectionId, integration_field_id: 'f1', body: { enable_passthrough: true } }))).toMatchObject({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
    expect(await komboError(kombo.general.updateCustomFieldMapping({ integration_id: h.connectionId, custom_field_id: 'c1', body: { integration_field_id: null } }))).toMatchObject({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
    const setup = await komboError(kombo.general.createSetupLink({ integration_id: h.connectionId, body: { link_type: 'EMBEDDED' } }));
    expect(setup).toMatchObject({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
    expect(setup.message).toContain(`POST /v1/integrations/${h.connectionId}/relink`);
  });

  it('a scoped key cannot manage: delete and enable answer 403, and the connection stays', async () => {
    const scoped = new Kombo({ api_key: await scopedKey(h.connectionId), integration_id: h.connectionId, server_url: h.baseUrl });
    expect(await komboError(scoped.general.deleteIntegration({ integration_id: h.connectionId, body: {} }))).toMatchObject({ status: 403, code: "PLATFORM.AUTHENTICATION_INVALID" });
    expect(await komboError(scoped.general.setIntegrationEnabled({ integration_id: h.connectionId, body: { value: false } }))).toMatchObject({ status: 403 });
    expect((await kombo.general.getIntegrationDetails({ integration_id: h.connectionId })).data.status).toBe('ACTIVE');
  });

  it('general.deleteIntegration: the connection and its data are gone; details then 404 PLATFORM.INTEGRATION_NOT_FOUND', async () => {
    const id = h.otherConnectionId;
    await kombo.general.deleteIntegration({ integration_id: id, body: {} });
    expect(await komboError(kombo.general.getIntegrationDetails({ integration_id: id }))).toMatchObject({ status: 404, code: 'PLATFORM.INTEGRATION_NOT_FOUND' });
    const { rows } = await h.pool.query('SELECT count(*)::int AS n FROM ats_candidates WHERE connection_id = $1', [id]);
    expect(rows[0].n).toBe(0);
  });
});
