import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { DocumentedErrors, type OpenApiDoc } from './support/documented-errors.js';

/**
 * /openapi.json tells the truth about errors: every operation lists the 4xx it can answer, each in
 * the error envelope; a scoped key's 403 is documented exactly where the guard refuses it; the
 * bearer scheme is an ats-sync API key (not a JWT); /metrics and /health are documented.
 * (The fuzzer checks every 4xx it provokes against these same documented responses.)
 */
interface Op {
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  security?: Record<string, unknown>[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
type Doc = OpenApiDoc & {
  paths: Record<string, Record<string, Op>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme?: string; bearerFormat?: string; description?: string }> };
};

const ENVELOPES = ['#/components/schemas/ErrorEnvelope', '#/components/schemas/KomboGeneralErrorEnvelope'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operations(doc: Doc): { method: string; path: string; op: Op }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })));
}

/** The 4xx every operation must list, from what the document itself says the operation takes. */
function requiredStatuses(method: string, op: Op): number[] {
  const params = op.parameters ?? [];
  const authenticated = (op.security ?? []).some((s) => Object.keys(s).length > 0);
  const takesBody = op.requestBody !== undefined || ['post', 'put', 'patch'].includes(method);
  const required: number[] = [];
  if (params.length > 0 || takesBody) required.push(400);
  if (authenticated) required.push(401);
  // A record or connection the request names may not exist (the partner's signed webhook answers 401 instead).
  const namesSomething = params.some((p) => p.in === 'path' || ['x-connection-id', 'x-integration-id'].includes(p.name.toLowerCase()));
  if (authenticated && namesSomething) required.push(404);
  if (params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) required.push(409, 422);
  if (takesBody) required.push(413);
  return required;
}

describe('/openapi.json documents every error', () => {
  let t: TestApp;
  let url: string;
  let doc: Doc;
  let scopedKey: string;

  beforeAll(async () => {
    t = await startTestApp({ logLevel: 'warn' });
    await t.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    doc = (await (await fetch(`${url}/openapi.json`)).json()) as Doc;
    const connection = await t.http().post('/v1/connections').set(t.admin).send({ provider: 'ashby', name: 'docs', credentials: { api_key: 'k' }, base_url: 'http://127.0.0.1:9', verify_credentials: false });
    expect(connection.status).toBe(201);
    const key = await t.http().post('/v1/api-keys').set(t.admin).send({ connection_id: connection.body.id ?? connection.body.data?.id });
    scopedKey = key.body.key ?? key.body.data?.key;
    expect(typeof scopedKey).toBe('string');
  }, 120_000);
  afterAll(() => t?.close());

  it('lists, for every operation, its 4xx set, each with the envelope schema', () => {
    expect(doc.components.schemas.ErrorEnvelope).toBeDefined();
    const problems: string[] = [];
    const all = operations(doc);
    expect(all.length).toBeGreaterThan(40);
    for (const { method, path, op } of all) {
      const name = `${method.toUpperCase()} ${path}`;
      for (const status of requiredStatuses(method, op)) if (!op.responses[String(status)]) problems.push(`${name}: no ${status}`);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) < 400 || Number(status) >= 500) continue;
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (!ENVELOPES.includes(ref ?? '')) problems.push(`${name}: ${status} has schema ${ref ?? 'none'}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('says the bearer scheme is an ats-sync API key, not a JWT, and every keyed operation uses it', () => {
    const schemes = Object.values(doc.components.securitySchemes);
    expect(schemes.length).toBeGreaterThan(0);
    for (const scheme of schemes) {
      expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(`${scheme.bearerFormat ?? ''}`).not.toMatch(/jwt/i);
      expect(scheme.description).toMatch(/ats-sync API key/);
    }
    // Only the health check, metrics and the signed partner webhook are open.
    const open = operations(doc).filter(({ op }) => !(op.security ?? []).some((s) => Object.keys(s).length > 0)).map(({ method, path }) => `${method} ${path}`);
    expect(open.sort()).toEqual(['get /health', 'get /metrics', 'post /v1/inbound/{connection_id}']);
  });

  it('documents /metrics (Prometheus text, no key) and /health', async () => {
    const metrics = doc.paths['/metrics']?.get;
    expect(metrics).toBeDefined();
    expect(metrics.responses['200'].content?.['text/plain']).toBeDefined();
    expect(doc.paths['/health']?.get).toBeDefined();
    const answer = await fetch(`${url}/metrics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it("documents 403 exactly where a scoped key is refused, and every 4xx answered to it as documented", async () => {
    const documented = new DocumentedErrors(doc);
    const refused: string[] = [];
    const documents403: string[] = [];
    const problems: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      if (!(op.security ?? []).some((s) => Object.keys(s).length > 0)) continue;
      const name = `${method} ${path}`;
      if (op.responses['403']) documents403.push(name);
      // Ids that pass the UUID checks, so the guard's decision is the only refusal in play.
      const target = path.replace(/\{[^}]+\}/g, () => randomUUID());
      const body = ['get', 'delete'].includes(method) ? undefined : '{}';
      const response = await fetch(`${url}${target}`, { method: method.toUpperCase(), headers: { authorization: `Bearer ${scopedKey}`, 'content-type': 'application/json' }, body });
      const text = await response.text();
      if (response.status === 403) {
        refused.push(name);
        // Kombo's general and connect calls carry ats-sync's own code: their schema says so.
        if (JSON.parse(text).error?.ats_sync_code && op.responses['403']?.content?.['application/json']?.schema?.$ref !== ENVELOPES[1]) problems.push(`${name}: 403 carries ats_sync_code, schema is not KomboGeneralErrorEnvelope`);
      }
      if (response.status >= 400 && response.status < 500) {
        const problem = documented.problem(method, path, response.status, text);
        if (problem) problems.push(`${name}: ${problem}`);
      }
      expect(response.status).toBeLessThan(500);
    }
    expect(refused.length).toBeGreaterThan(10);
    expect(refused.sort()).toEqual(documents403.sort());
    expect(problems).toEqual([]);
  }, 120_000);

  it('rejects, through the documented schema, an answer that is not the envelope', () => {
    // The checker the fuzzer relies on is not vacuous.
    const documented = new DocumentedErrors(doc);
    const body = (error: Record<string, unknown>) => JSON.stringify({ status: 'error', error: { code: 'PLATFORM.AUTHENTICATION_INVALID', title: 'x', message: 'y', log_url: null, ...error } });
    expect(documented.problem('get', '/v1/connections', 401, body({}))).toBeUndefined();
    expect(documented.problem('get', '/v1/connections', 401, body({ code: 7 }))).toMatch(/does not match/);
    expect(documented.problem('get', '/v1/connections', 401, JSON.stringify({ status: 'error', error: { code: 'A', title: 'x', message: 'y' } }))).toMatch(/log_url/);
    expect(documented.problem('get', '/v1/connections', 401, JSON.stringify({ statusCode: 401, message: 'Unauthorized' }))).toMatch(/does not match/);
    expect(documented.problem('get', '/v1/connections', 418, body({}))).toMatch(/not documented/);
  });
});
