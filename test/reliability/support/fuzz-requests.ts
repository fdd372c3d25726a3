import fc from 'fast-check';
import { API_KEY } from '../../connectors/ashby/ashby-test-support.js';
import type { FuzzTarget } from './fuzz-target.js';
import { deeplyNested, fromSchema, hostileJson, hostileString, mutated, propertyPaths } from './hostile-arbitraries.js';
import type { Operation, Schema } from './openapi-operations.js';

export interface FuzzRequest {
  operation: string;
  /** The operation's path as /openapi.json writes it (`/v1/connections/{id}`). */
  path: string;
  /** False when a path value is '', '.' or '..': the URL then names another route (or none), not this operation. */
  addressesOperation: boolean;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** Raw bodies no schema would produce: deep nesting (the class-transformer stack overflow), bad JSON. */
const RAW_BODIES = [
  deeplyNested(5000, 'object'),
  deeplyNested(5000, 'array'),
  `{"a":${deeplyNested(40, 'array')}}`,
  '{"name":"a\\u0000b"}',
  '{"\\u0000":1}',
  '{',
  '{"a":1,}',
  'null',
  '"text"',
  '12',
  '[]',
  '[{"a":1}]',
  `{"x":"${'y'.repeat(200_000)}"}`,
  `[${Array.from({ length: 20_000 }, () => '0').join(',')}]`,
];

function encodeValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  // Lone surrogates cannot be percent-encoded as UTF-8; send them as the replacement a browser would.
  return encodeURIComponent(text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));
}

/** One request to one operation: path, query, headers and body, each valid-looking or hostile. */
export function requestArbitrary(op: Operation, target: FuzzTarget, resolve: (s: Schema) => Schema): fc.Arbitrary<FuzzRequest> {
  const realIds = Object.values(target.ids).flat();
  // Deleting the fuzzed connection or its key would end the run's coverage; deletes get other ids.
  const pathIdPool = op.method === 'delete' ? realIds : [target.connectionId, target.apiKeyId, ...realIds];
  const hints: Record<string, string[]> = {
    provider: ['ashby'],
    base_url: [target.sandbox.url],
    api_key: [API_KEY],
    connection_id: [target.connectionId],
    type: ['FULL', 'DELTA'],
    candidate_id: target.ids.ats_candidates,
    job_id: target.ids.ats_jobs,
    application_id: target.ids.ats_applications,
    stage_id: target.ids.ats_application_stages,
    rejection_reason_id: target.ids.ats_rejection_reasons,
    user_id: target.ids.ats_users,
  };
  const pathNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const pathValues = fc.tuple(...pathNames.map(() => fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pathIdPool) }, { weight: 2, arbitrary: fc.uuid() }, { weight: 2, arbitrary: hostileString })));
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  // Mostly valid values with at most one hostile one, so a hostile value gets past the others'
  // validation and reaches the layer it could break (the SQL, the partner call).
  const query = fc.tuple(
    fc.tuple(...queryParams.map((p) => fc.option(fromSchema(p.schema, resolve, hints), { freq: 2 }))),
    fc.option(fc.tuple(fc.nat(Math.max(0, queryParams.length - 1)), fc.oneof({ weight: 4, arbitrary: hostileString }, { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) })), { freq: 3 }),
    fc.option(fc.tuple(fc.constantFrom('colour', 'page', '__proto__', 'constructor', 'a[b]', ''), hostileString), { freq: 6 }),
  );
  const auth = fc.oneof(
    { weight: 6, arbitrary: fc.constant('admin') },
    { weight: 2, arbitrary: fc.constant('scoped') },
    { weight: 1, arbitrary: fc.constantFrom('none', 'garbage', 'basic') },
  );
  const connectionHeader = fc.oneof({ weight: 8, arbitrary: fc.constant(target.connectionId) }, { weight: 1, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.constantFrom('x', 'null', '00000000-0000-0000-0000-000000000000') }, { weight: 1, arbitrary: fc.constant(undefined) });
  const validBody = op.body ? fromSchema(op.body, resolve, hints) : fc.constant({});
  const paths = propertyPaths(op.body, resolve);
  const body: fc.Arbitrary<string | undefined> =
    op.method === 'get' || op.method === 'delete'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 4, arbitrary: validBody.map((v) => JSON.stringify(v)) },
          {
            weight: 4,
            arbitrary: fc
              .tuple(validBody, paths.length > 0 ? fc.constantFrom(...paths) : fc.constant([] as string[]), fc.oneof(hostileJson, fc.constant(null), fc.constant(JSON.parse(deeplyNested(200, 'array')))))
              .map(([v, path, bad]) => JSON.stringify(mutated(v, path, bad))),
          },
          { weight: 2, arbitrary: fc.constantFrom(...RAW_BODIES) },
          { weight: 1, arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'null') },
        );
  const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1');

  return fc.record({ pathValues, query, auth, connectionHeader, body, contentType, idempotency: fc.option(hostileString, { freq: 3 }) }).map((r) => {
    let path = op.path;
    const segments = pathNames.map((_, i) => encodeValue(r.pathValues[i]));
    pathNames.forEach((name, i) => (path = path.replace(`{${name}}`, segments[i])));
    const [valid, hostile, extra] = r.query as unknown as [unknown[], [number, unknown] | null, [string, string] | null];
    const values = [...valid];
    if (hostile && queryParams.length > 0) values[hostile[0]] = hostile[1];
    const pairs: string[] = [];
    queryParams.forEach((p, i) => {
      const v = values[i];
      if (v === null || v === undefined) return;
      for (const one of Array.isArray(v) ? v : [v]) pairs.push(`${encodeURIComponent(p.name)}=${encodeValue(one)}`);
    });
    if (extra) pairs.push(`${encodeURIComponent(extra[0])}=${encodeValue(extra[1])}`);
    const headers: Record<string, string> = {};
    if (r.auth === 'admin') headers.authorization = `Bearer ${target.t.adminKey}`;
    if (r.auth === 'scoped') headers.authorization = `Bearer ${target.scopedKey}`;
    if (r.auth === 'garbage') headers.authorization = `Bearer ats_${'z'.repeat(40)}`;
    if (r.auth === 'basic') headers.authorization = 'Basic YWRtaW46YWRtaW4=';
    if (r.connectionHeader) headers['x-connection-id'] = r.connectionHeader;
    if (r.body !== undefined) headers['content-type'] = r.contentType;
    // Header values cannot carry control characters; the fuzzer sends what a client could.
    if (r.idempotency && /^[\x20-\x7e]*$/.test(r.idempotency)) headers['idempotency-key'] = r.idempotency;
    return {
      operation: `${op.method.toUpperCase()} ${op.path}`,
      path: op.path,
      addressesOperation: segments.every((s) => s !== '' && s !== '.' && s !== '..'),
      method: op.method.toUpperCase(),
      url: `${target.url}${path}${pairs.length ? `?${pairs.join('&')}` : ''}`,
      headers,
      body: r.body,
    };
  });
}
