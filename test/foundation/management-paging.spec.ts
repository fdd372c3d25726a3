import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The management lists (webhook endpoints, a webhook's deliveries, inbound events, the write log)
 * page as `/v1/ats/*` does: `cursor` and `page_size`, `data.next` null on the last page. Rows share
 * timestamps on purpose — to the microsecond, and within one millisecond — so a cursor that kept
 * only milliseconds, or ordered by time alone, would skip or repeat rows.
 */

// Nine rows per list: three at one instant, two within its millisecond, the rest apart.
const OFFSETS = ['0', '0', '0', '0.000200', '0.000400', '0.5', '1', '1', '2'];

interface List {
  name: string;
  /** The operation's path in /openapi.json. */
  operation: string;
  path: () => string;
  /** Every row's id in the order the list shows them. */
  expected: () => Promise<string[]>;
}

describe('paging of the management lists', () => {
  let t: TestApp;
  let connection: string;
  let other: string;
  let endpoint: string;
  let scopedKey: string;
  const lists: List[] = [];
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    t = await startTestApp();
    const create = async (name: string) =>
      (await t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', name, credentials: { api_key: 'k' }, verify_credentials: false })).body.data.id as string;
    connection = await create('Paged');
    other = await create('Other');
    scopedKey = (await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: connection })).body.data.key;

    const base = `now() - interval '1 hour'`;
    const at = (i: number) => `${base} + interval '${OFFSETS[i]} seconds'`;
    for (let i = 0; i < OFFSETS.length; i++) {
      // Disabled endpoints to nowhere: the sender never picks their deliveries.
      await t.db.query(`INSERT INTO webhook_endpoints (url, event_types, enabled, secret_encrypted, created_at) VALUES ('http://127.0.0.1:9/hook-${i}', '{sync-finished}', false, 'x', ${at(i)})`);
      await t.db.query(`INSERT INTO inbound_events (connection_id, verification, state, received_at) VALUES ($1, 'VERIFIED', 'APPLIED', ${at(i)})`, [connection]);
      await t.db.query(`INSERT INTO ats_write_actions (connection_id, action, outcome, status_code, duration_ms, created_at) VALUES ($1, 'ats_create_candidate', 'SUCCEEDED', 200, 5, ${at(i)})`, [connection]);
    }
    // Rows of the other connection never show in this connection's lists.
    await t.db.query(`INSERT INTO inbound_events (connection_id, verification, state) VALUES ($1, 'VERIFIED', 'APPLIED')`, [other]);
    await t.db.query(`INSERT INTO ats_write_actions (connection_id, action, outcome, status_code, duration_ms) VALUES ($1, 'ats_create_candidate', 'SUCCEEDED', 200, 5)`, [other]);

    [{ id: endpoint }] = await t.db.query<{ id: string }>(`SELECT id FROM webhook_endpoints ORDER BY created_at, id LIMIT 1`);
    for (let i = 0; i < OFFSETS.length; i++) {
      await t.db.query(`INSERT INTO webhook_events (id, type, source_key, body) VALUES ($1, 'sync-finished', $1, '{}')`, [`evt_paging_${i}`]);
      await t.db.query(`INSERT INTO webhook_deliveries (endpoint_id, event_id, state, created_at) VALUES ($1, $2, 'SUCCEEDED', ${at(i)})`, [endpoint, `evt_paging_${i}`]);
    }

    const ids = async (sql: string, params: unknown[] = []) => (await t.db.query<{ id: string }>(sql, params)).map((r) => r.id);
    lists.push(
      { name: 'webhooks', operation: '/v1/webhooks', path: () => '/v1/webhooks', expected: () => ids(`SELECT id FROM webhook_endpoints ORDER BY created_at, id`) },
      { name: 'deliveries', operation: '/v1/webhooks/{id}/deliveries', path: () => `/v1/webhooks/${endpoint}/deliveries`, expected: () => ids(`SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY created_at DESC, id DESC`, [endpoint]) },
      { name: 'inbound events', operation: '/v1/connections/{id}/inbound-events', path: () => `/v1/connections/${connection}/inbound-events`, expected: () => ids(`SELECT id FROM inbound_events WHERE connection_id = $1 ORDER BY received_at DESC, id DESC`, [connection]) },
      { name: 'write actions', operation: '/v1/connections/{id}/actions', path: () => `/v1/connections/${connection}/actions`, expected: () => ids(`SELECT id FROM ats_write_actions WHERE connection_id = $1 ORDER BY created_at DESC, id DESC`, [connection]) },
    );
  });
  afterAll(() => t.close());

  const walk = async (path: string, pageSize: number, headers: { Authorization: string } = t.admin) => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const response: { status: number; body: any } = await t.http().get(path).query(cursor ? { page_size: pageSize, cursor } : { page_size: pageSize }).set(headers);
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.body.status).toBe('success');
      seen.push(...response.body.data.results.map((r: { id: string }) => r.id));
      sizes.push(response.body.data.results.length);
      cursor = response.body.data.next;
      if (cursor === null) return { seen, sizes };
    }
    throw new Error(`${path}: no last page after 50 pages`);
  };

  it('walks every row exactly once, in the documented order, whatever the page size', async () => {
    for (const list of lists) {
      const expected = await list.expected();
      expect([list.name, expected.length]).toEqual([list.name, OFFSETS.length]);
      for (const pageSize of [1, 2, 4, 9, 250]) {
        const { seen, sizes } = await walk(list.path(), pageSize);
        expect([list.name, pageSize, seen]).toEqual([list.name, pageSize, expected]);
        // Full pages until the last; no empty page at the end.
        expect([list.name, pageSize, sizes]).toEqual([list.name, pageSize, Array.from({ length: Math.ceil(OFFSETS.length / pageSize) }, (_, i) => Math.min(pageSize, OFFSETS.length - i * pageSize))]);
      }
    }
  });

  it('answers items with exactly the fields /openapi.json documents for them', async () => {
    type Schema = { $ref?: string; allOf?: Schema[]; properties?: Record<string, Schema>; items?: Schema };
    const spec = (await t.http().get('/openapi.json')).body as { paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }>; components: { schemas: Record<string, Schema> } };
    const resolve = (schema?: Schema): Schema => {
      const ref = schema?.$ref ?? schema?.allOf?.[0]?.$ref;
      return ref ? spec.components.schemas[ref.replace('#/components/schemas/', '')] : (schema ?? {});
    };
    for (const list of lists) {
      const envelope = resolve(spec.paths[list.operation].get.responses['200'].content['application/json'].schema);
      const item = resolve(resolve(envelope.properties?.data).properties?.results.items);
      const [first] = (await t.http().get(list.path()).query({ page_size: 1 }).set(t.admin)).body.data.results;
      expect([list.name, Object.keys(first).sort()]).toEqual([list.name, Object.keys(item.properties ?? {}).sort()]);
    }
  });

  it('has a default page size, and takes `limit` as the older name of page_size', async () => {
    for (const list of lists) {
      const all = await t.http().get(list.path()).set(t.admin);
      expect([list.name, all.body.data.results.length, all.body.data.next]).toEqual([list.name, OFFSETS.length, null]);
      const limited = await t.http().get(list.path()).query({ limit: 3 }).set(t.admin);
      expect([list.name, limited.body.data.results.length, typeof limited.body.data.next]).toEqual([list.name, 3, 'string']);
    }
  });

  it('refuses a bad page_size or cursor with 400 PLATFORM.INPUT_INVALID naming the parameter', async () => {
    const foreign = (await t.http().get(lists[0].path()).query({ page_size: 1 }).set(t.admin)).body.data.next as string;
    const bad: [Record<string, unknown> | string, string][] = [
      [{ page_size: 0 }, 'page_size'],
      [{ page_size: 251 }, 'page_size'],
      [{ page_size: 'ten' }, 'page_size'],
      [{ page_size: '1.5' }, 'page_size'],
      [{ page_size: -1 }, 'page_size'],
      ['page_size=1&page_size=2', 'page_size'],
      [{ limit: 0 }, 'limit'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ cursor: Buffer.from(JSON.stringify({ l: 'x', t: '2026-01-01T00:00:00.000000Z', i: 'nope' })).toString('base64url') }, 'cursor'],
      [{ unknown: 1 }, 'unknown'],
    ];
    for (const list of lists) {
      const cases = list.name === 'webhooks' ? bad : [...bad, [{ cursor: foreign }, 'cursor'] as [Record<string, unknown>, string]];
      for (const [query, field] of cases) {
        const response = await t.http().get(list.path()).query(query).set(t.admin);
        expect([list.name, query, response.status, response.body.error?.code]).toEqual([list.name, query, 400, 'PLATFORM.INPUT_INVALID']);
        expect([list.name, query, response.body.error.fields.map((f: { field: string }) => f.field)]).toEqual([list.name, query, [field]]);
      }
    }
  });

  it('keeps a cursor to its own list: one endpoint’s or connection’s cursor is refused on another', async () => {
    const cursor = (await t.http().get(`/v1/connections/${connection}/actions`).query({ page_size: 1 }).set(t.admin)).body.data.next;
    const elsewhere = await t.http().get(`/v1/connections/${other}/actions`).query({ cursor }).set(t.admin);
    expect([elsewhere.status, elsewhere.body.error.code]).toEqual([400, 'PLATFORM.INPUT_INVALID']);
    const inbound = await t.http().get(`/v1/connections/${connection}/inbound-events`).query({ cursor }).set(t.admin);
    expect([inbound.status, inbound.body.error.code]).toEqual([400, 'PLATFORM.INPUT_INVALID']);
  });

  it('still refuses scoped keys where it did: 403 on webhooks, 404 on another connection; its own connection pages', async () => {
    for (const path of ['/v1/webhooks', `/v1/webhooks/${endpoint}/deliveries`]) {
      const response = await t.http().get(path).query({ page_size: 1 }).set(bearer(scopedKey));
      expect([path, response.status]).toEqual([path, 403]);
    }
    for (const path of [`/v1/connections/${other}/inbound-events`, `/v1/connections/${other}/actions`]) {
      const response = await t.http().get(path).query({ page_size: 1 }).set(bearer(scopedKey));
      expect([path, response.status]).toEqual([path, 404]);
    }
    for (const list of lists.slice(2)) {
      const { seen } = await walk(list.path(), 4, bearer(scopedKey));
      expect([list.name, seen]).toEqual([list.name, await list.expected()]);
    }
  });
});
