import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createConnection } from '../ats-api/support/ats-fixtures.js';
import { fingerprinter } from './support/db-fingerprint.js';
import { deeplyNested } from './support/hostile-arbitraries.js';

/**
 * Each input that once reached a 500 (or was stored as given) now gets a 400 naming the field, in
 * the error envelope, and writes nothing. The fuzzer looks for new ones; these keep the known ones fixed.
 */
const LONG_KEY = 'k'.repeat(100_000);
const MODELS = ['users', 'jobs', 'job-postings', 'candidates', 'application-stages', 'applications', 'interviews', 'offers', 'rejection-reasons', 'tags'];

describe('hostile input gets a 4xx naming the field, and writes nothing', () => {
  let t: TestApp;
  let connectionId: string;
  let fingerprint: () => Promise<string>;
  let partner: Server;
  let partnerUrl: string;
  let partnerCalls = 0;

  beforeAll(async () => {
    t = await startTestApp();
    connectionId = await createConnection(t.db, 'ashby');
    fingerprint = await fingerprinter(t.db);
    partner = createServer((_, res) => {
      partnerCalls++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"results":[]}');
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => partner.close(resolve));
    await t.close();
  });

  async function expect400(send: () => Promise<{ status: number; body: any }>, field: string): Promise<void> {
    const before = await fingerprint();
    const response = await send();
    expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
    expect(response.body.status).toBe('error');
    expect(response.body.error.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect(response.body.error.message).toContain(field);
    expect(await fingerprint()).toBe(before);
  }

  const read = (model: string, query: string) => () => t.http().get(`/v1/ats/${model}?${query}`).set({ ...t.admin, 'X-Connection-Id': connectionId });

  it.each(MODELS)('%s: updated_after before year 1 (0000-01-01, or an offset that lands there) → 400', async (model) => {
    await expect400(read(model, 'updated_after=0000-01-01T00:00:00Z'), 'updated_after');
    await expect400(read(model, 'updated_after=0001-01-01T00:00:00%2B01:00'), 'updated_after');
  });

  it('updated_after at the edges of the range still works', async () => {
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      expect((await read('candidates', `updated_after=${encodeURIComponent(value)}`)()).status).toBe(200);
    }
  });

  it.each([
    ['candidates', 'remote_ids=%00', 'remote_ids'],
    ['candidates', 'first_name=a%00b', 'first_name'],
    ['candidates', 'last_name=%00', 'last_name'],
    ['candidates', 'email=a%00@b.c', 'email'],
    ['jobs', 'name_contains=%00', 'name_contains'],
    ['users', 'emails=x%00@y.z', 'emails'],
    ['tags', 'cursor=%00', 'cursor'],
  ])('%s?%s (a NUL byte) → 400 naming %s', async (model, query, field) => {
    await expect400(read(model, query), field);
  });

  it('a sync history `before` out of range or with NUL → 400', async () => {
    await expect400(() => t.http().get(`/v1/connections/${connectionId}/syncs?before=0000-01-01T00:00:00Z`).set(t.admin), 'before');
    await expect400(() => t.http().get(`/v1/connections/${connectionId}/syncs?before=2026%00`).set(t.admin), 'before');
  });

  const deep = deeplyNested(5000, 'object');
  it.each([
    ['post', () => '/v1/connections'],
    ['patch', (id: string) => `/v1/connections/${id}`],
    ['post', () => '/v1/api-keys'],
    ['post', (id: string) => `/v1/connections/${id}/sync`],
    ['post', () => '/v1/ats/candidates'],
    // A route that declares no body (the fuzzer found it: its write runner read the body anyway).
    ['post', () => '/v1/ats/import-tracked-application'],
  ] as const)('%s %s with a body nested 5,000 deep → 400 naming the body', async (method, path) => {
    await expect400(
      () => t.http()[method](path(connectionId)).set({ ...t.admin, 'X-Connection-Id': connectionId, 'Content-Type': 'application/json' }).send(deep),
      'a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a',
    );
  });

  it('a body nested 5,000 deep in arrays → 400 too', async () => {
    const response = await t.http().post('/v1/connections').set({ ...t.admin, 'Content-Type': 'application/json' }).send(deeplyNested(5000, 'array'));
    expect(response.status).toBe(400);
    expect(response.body.error.message).toContain('nested too deeply');
  });

  const patchCases: [object, string][] = [
    [{ credentials: null }, 'credentials'],
    [{ enabled: null }, 'enabled'],
    [{ name: null }, 'name'],
    [{ settings: null }, 'settings'],
    [{ verify_credentials: null }, 'verify_credentials'],
    [{ settings: { sync_paused: 'yes' } }, 'settings.sync_paused'],
    [{ settings: { sync_paused: null } }, 'settings.sync_paused'],
    [{ settings: { delta_sync_interval_minutes: null } }, 'settings.delta_sync_interval_minutes'],
    [{ settings: { full_sync_interval_hours: '24' } }, 'settings.full_sync_interval_hours'],
    [{ name: 'a\u0000b' }, 'name'],
    [{ credentials: { api_key: LONG_KEY }, verify_credentials: false }, 'credentials.api_key'],
    [{ credentials: { api_key: 'line\r\nX-Injected: 1' }, verify_credentials: false }, 'credentials.api_key'],
  ];
  // Titles show the body, with the 100 KB key shortened.
  const titled = patchCases.map(([body, field]) => [JSON.stringify(body).replace(/k{1000,}/, 'k×100000'), field, body] as const);
  it.each(titled)('PATCH /v1/connections/:id %s → 400 naming %s', async (_, field, body) => {
    await expect400(() => t.http().patch(`/v1/connections/${connectionId}`).set(t.admin).send(body), field);
  });

  it('POST /v1/connections with a 100 KB api_key → 400, and the partner is never called', async () => {
    const calls = partnerCalls;
    await expect400(
      () => t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', credentials: { api_key: 'k'.repeat(100_000) }, base_url: partnerUrl }),
      'credentials.api_key',
    );
    await expect400(
      () => t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', credentials: { api_key: 'ok' }, base_url: partnerUrl, settings: { sync_paused: 'yes' } }),
      'settings.sync_paused',
    );
    expect(partnerCalls).toBe(calls);
  });

  it('PATCH with sync_paused true is stored as the boolean', async () => {
    const response = await t.http().patch(`/v1/connections/${connectionId}`).set(t.admin).send({ settings: { sync_paused: true } });
    expect(response.status).toBe(200);
    expect(response.body.data.settings.sync_paused).toBe(true);
    const [row] = await t.db.query(`SELECT settings->'sync_paused' AS v FROM connections WHERE id = $1`, [connectionId]);
    expect(row.v).toBe(true);
  });

  it('a body over the 25 MB limit → 413 in the envelope with the HTTP title', async () => {
    const before = await fingerprint();
    const response = await t.http().post('/v1/connections').set({ ...t.admin, 'Content-Type': 'application/json' }).send(`{"name":"${'x'.repeat(26 * 1024 * 1024)}"}`);
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ status: 'error', error: { code: 'PLATFORM.INPUT_INVALID', title: 'Payload Too Large' } });
    expect(response.body.error.message).toContain('25 MB');
    expect(await fingerprint()).toBe(before);
  });

  it('an unsupported charset → 415 in the envelope with the HTTP title (not "Http")', async () => {
    const response = await t.http().post('/v1/connections').set({ ...t.admin, 'Content-Type': 'application/json; charset=latin1' }).send('{}');
    expect(response.status).toBe(415);
    expect(response.body.error.title).toBe('Unsupported Media Type');
  });
});
