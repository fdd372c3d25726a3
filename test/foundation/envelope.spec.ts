import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * One envelope everywhere: every JSON route of the management API answers
 * `{"status":"success","data":…}` (lists: `data.results` and `data.next`), as `/v1/ats/*` and
 * Kombo's general API do. The operations come from /openapi.json, so a new route that has no
 * entry below fails here until it is called and its answer checked.
 */

/** Formats fixed by others (Kombo's own API, partners' webhook senders, probes): other specs own them. */
const FIXED = [/^\/v1\/ats\//, /^\/v1\/connect\//, /^\/v1\/inbound\//, /^\/v1\/(check-api-key|tools|force-sync|integrations|passthrough)\b/, /^\/health$/, /^\/metrics$/];

/** Controllers that must describe their envelope in /openapi.json (the others' routes are checked where they declare a schema). */
const DOCUMENTED = /^(ConnectionsController|ApiKeysController|SyncsController|WebhookEndpointsController|WriteAuditController)_|^InboundSetupController_events$/;

/** The lists that page with `cursor`: their 200 must document `data.next` and `data.results` of a described item. */
const PAGED_LISTS = ['GET /v1/connections/{id}/actions', 'GET /v1/connections/{id}/inbound-events', 'GET /v1/webhooks', 'GET /v1/webhooks/{id}/deliveries'];

interface Ids {
  connection: string;
  ashby: string;
  key: string;
  run: string;
  webhook: string;
  delivery: string;
}

interface Call {
  path: (ids: Ids) => string;
  body?: (ids: Ids) => unknown;
  status: number;
  /** A list: its items in `data.results`; `next` where the list pages like `/v1/ats/*` (the cursor, null on the last page). */
  list?: 'results' | 'next';
}

// In call order: the deletions come last.
const CALLS: Record<string, Call> = {
  'POST /v1/connections': { path: () => '/v1/connections', body: () => ({ provider: 'gem', credentials: { api_key: 'k' }, verify_credentials: false }), status: 201 },
  'GET /v1/connections': { path: () => '/v1/connections', status: 200, list: 'next' },
  'GET /v1/connections/{id}': { path: (i) => `/v1/connections/${i.connection}`, status: 200 },
  'PATCH /v1/connections/{id}': { path: (i) => `/v1/connections/${i.connection}`, body: () => ({ name: 'Renamed' }), status: 200 },
  'POST /v1/api-keys': { path: () => '/v1/api-keys', body: (i) => ({ connection_id: i.connection }), status: 201 },
  'GET /v1/api-keys': { path: () => '/v1/api-keys', status: 200, list: 'next' },
  'POST /v1/connections/{id}/sync': { path: (i) => `/v1/connections/${i.connection}/sync`, body: () => ({ type: 'DELTA' }), status: 202 },
  'GET /v1/connections/{id}/syncs': { path: (i) => `/v1/connections/${i.connection}/syncs`, status: 200, list: 'next' },
  'GET /v1/syncs/{id}': { path: (i) => `/v1/syncs/${i.run}`, status: 200 },
  'GET /v1/connections/{id}/actions': { path: (i) => `/v1/connections/${i.connection}/actions`, status: 200, list: 'next' },
  'POST /v1/connections/{id}/inbound-webhook': { path: (i) => `/v1/connections/${i.ashby}/inbound-webhook`, body: () => ({}), status: 200 },
  'GET /v1/connections/{id}/inbound-webhook': { path: (i) => `/v1/connections/${i.ashby}/inbound-webhook`, status: 200 },
  'GET /v1/connections/{id}/inbound-events': { path: (i) => `/v1/connections/${i.ashby}/inbound-events`, status: 200, list: 'next' },
  'POST /v1/webhooks': { path: () => '/v1/webhooks', body: () => ({ url: 'http://127.0.0.1:9/hooks', event_types: ['sync-finished'] }), status: 201 },
  'GET /v1/webhooks': { path: () => '/v1/webhooks', status: 200, list: 'next' },
  'GET /v1/webhooks/{id}': { path: (i) => `/v1/webhooks/${i.webhook}`, status: 200 },
  'PATCH /v1/webhooks/{id}': { path: (i) => `/v1/webhooks/${i.webhook}`, body: () => ({ enabled: false }), status: 200 },
  'GET /v1/webhooks/{id}/deliveries': { path: (i) => `/v1/webhooks/${i.webhook}/deliveries`, status: 200, list: 'next' },
  'POST /v1/webhooks/{id}/deliveries/{delivery_id}/retry': { path: (i) => `/v1/webhooks/${i.webhook}/deliveries/${i.delivery}/retry`, status: 202 },
  'DELETE /v1/webhooks/{id}': { path: (i) => `/v1/webhooks/${i.webhook}`, status: 204 },
  'DELETE /v1/api-keys/{id}': { path: (i) => `/v1/api-keys/${i.key}`, status: 204 },
  'DELETE /v1/connections/{id}': { path: (i) => `/v1/connections/${i.connection}`, status: 204 },
};

describe('the success envelope on every management route', () => {
  let t: TestApp;
  let spec: { paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }> }>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
  const ids = {} as Ids;

  beforeAll(async () => {
    t = await startTestApp();
    spec = (await t.http().get('/openapi.json')).body;
    ids.ashby = (await t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', credentials: { api_key: 'k' }, verify_credentials: false })).body.data.id;
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(spec.paths).flatMap(([path, methods]) =>
      FIXED.some((re) => re.test(path)) ? [] : Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })),
    );

  it('has a call for every non-Kombo operation of /openapi.json', () => {
    expect(operations().map((o) => o.key).sort()).toEqual(Object.keys(CALLS).sort());
  });

  it('/openapi.json describes the envelope of every JSON answer it declares', () => {
    for (const { key, op } of operations()) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!status.startsWith('2')) continue;
        const schema = response.content?.['application/json']?.schema;
        if (status === '204') {
          expect([key, schema]).toEqual([key, undefined]);
          continue;
        }
        if (!schema && !DOCUMENTED.test(op.operationId)) continue;
        const ref = String(schema?.$ref ?? '').replace('#/components/schemas/', '');
        const properties = spec.components.schemas[ref]?.properties ?? {};
        expect([key, Object.keys(properties).sort()]).toEqual([key, ['data', 'status']]);
      }
    }
  });

  it('/openapi.json gives the paged management lists a page schema: next, and results of a described item', () => {
    type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema; type?: string; nullable?: boolean };
    // A property with its own example is `{allOf: [{$ref}]}`.
    const resolve = (schema: Schema | undefined): Schema => {
      const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
      return ref ? (spec.components.schemas[ref.replace('#/components/schemas/', '')] as Schema) : (schema ?? {});
    };
    const byKey = new Map(operations().map((o) => [o.key, o.op]));
    for (const key of PAGED_LISTS) {
      const op = byKey.get(key)!;
      const envelope = resolve(op.responses['200']?.content?.['application/json']?.schema as Schema);
      const data = resolve(envelope.properties?.data);
      expect([key, Object.keys(data.properties ?? {}).sort()]).toEqual([key, ['next', 'results']]);
      expect([key, data.properties!.next.type, data.properties!.next.nullable]).toEqual([key, 'string', true]);
      const item = resolve(data.properties!.results.items);
      expect([key, Object.keys(item.properties ?? {})]).toEqual([key, expect.arrayContaining(['id'])]);
      expect([key, Object.keys(item.properties ?? {}).length > 3]).toEqual([key, true]);
      const params = ((op as unknown as { parameters?: { name: string; in: string }[] }).parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect([key, params]).toEqual([key, expect.arrayContaining(['cursor', 'page_size'])]);
    }
  });

  it('answers every one of them in the envelope (lists: results and next), or 204 with no body', async () => {
    for (const [key, call] of Object.entries(CALLS)) {
      if (key === 'POST /v1/webhooks/{id}/deliveries/{delivery_id}/retry') {
        // A delivery to retry, as the outbox writes one.
        await t.db.query(`INSERT INTO webhook_events (id, type, source_key, body) VALUES ('evt_envelope', 'sync-finished', 'envelope-spec', '{}')`);
        [{ id: ids.delivery }] = await t.db.query<{ id: string }>(`INSERT INTO webhook_deliveries (endpoint_id, event_id, state) VALUES ($1, 'evt_envelope', 'FAILED') RETURNING id`, [ids.webhook]);
      }
      const method = key.split(' ')[0].toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
      const request = t.http()[method](call.path(ids)).set(t.admin);
      const response = call.body ? await request.send(call.body(ids) as object) : await request;
      expect([key, response.status]).toEqual([key, call.status]);
      if (call.status === 204) {
        expect([key, response.text]).toEqual([key, '']);
        continue;
      }
      expect([key, response.headers['content-type']]).toEqual([key, expect.stringContaining('application/json')]);
      expect([key, Object.keys(response.body).filter((k) => k !== 'warnings').sort(), response.body.status]).toEqual([key, ['data', 'status'], 'success']);
      if (call.list) {
        expect([key, Array.isArray(response.body.data.results)]).toEqual([key, true]);
        if (call.list === 'next') expect([key, response.body.data.next]).toEqual([key, null]);
      } else {
        expect([key, typeof response.body.data]).toEqual([key, 'object']);
      }
      if (key === 'POST /v1/connections') ids.connection = response.body.data.id;
      if (key === 'POST /v1/api-keys') ids.key = response.body.data.id;
      if (key === 'POST /v1/connections/{id}/sync') ids.run = response.body.data.id;
      if (key === 'POST /v1/webhooks') ids.webhook = response.body.data.id;
    }
  });
});
