import fc from 'fast-check';
import { changedTables, fingerprinter } from './support/db-fingerprint.js';
import { requestArbitrary, type FuzzRequest } from './support/fuzz-requests.js';
import { startFuzzTarget, type FuzzTarget } from './support/fuzz-target.js';
import { operationsOf, type Operation, type Schema } from './support/openapi-operations.js';
import { API_KEY } from '../connectors/ashby/ashby-test-support.js';
import { recordFigure } from './support/chaos-figures.js';
import { DocumentedErrors, type OpenApiDoc } from './support/documented-errors.js';

/**
 * Property-based fuzzing of every operation in /openapi.json, on the real app and real PostgreSQL:
 * hostile paths, queries, headers and bodies. No response may be a 5xx; every error is in the
 * envelope, with a status the operation documents and a body that validates against the schema it
 * documents for that status; a refused request leaves the database exactly as it was.
 * FUZZ_RUNS sets the number of requests (the chaos suite sends 10,000); FUZZ_SEED the seed.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

describe('fuzzing every operation of /openapi.json', () => {
  let target: FuzzTarget;
  let operations: Operation[];
  let resolve: (s: Schema) => Schema;
  let fingerprint: () => Promise<string>;
  let documented: DocumentedErrors;

  beforeAll(async () => {
    target = await startFuzzTarget();
    const doc = await (await fetch(`${target.url}/openapi.json`)).json();
    ({ operations, resolve } = operationsOf(doc as Parameters<typeof operationsOf>[0]));
    documented = new DocumentedErrors(doc as OpenApiDoc);
    fingerprint = await fingerprinter(target.t.db);
  }, 120_000);
  afterAll(() => target?.close());

  it(`sends ${RUNS} hostile requests: 0 responses ≥ 500, errors in the envelope, nothing written by a refused request`, async () => {
    expect(operations.length).toBeGreaterThan(20);
    const statuses = new Map<number, number>();
    const perOperation = new Map<string, number>();
    const failures: string[] = [];
    let baseline = await fingerprint();
    // Secrets of the run: none may appear in any response (but the one that creates a key) or log line.
    const secrets = [target.t.adminKey, target.scopedKey, API_KEY, target.t.config.encryptionKey.toString('base64'), target.t.config.encryptionKey.toString('hex')];
    const secretHits: string[] = [];
    let checkedAgainstSchema = 0;

    const send = async (r: FuzzRequest) => {
      const response = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body });
      const text = await response.text();
      const createsKey = r.method === 'POST' && r.url.includes('/v1/api-keys') && response.status === 201;
      for (const secret of secrets) if (!createsKey && text.includes(secret)) secretHits.push(`${r.method} ${r.url.slice(0, 120)} → ${response.status}`);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      perOperation.set(r.operation, (perOperation.get(r.operation) ?? 0) + 1);
      const problem = (what: string) => `${what}: ${r.method} ${r.url.slice(0, 300)} body=${(r.body ?? '').slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;
      if (response.status >= 500) {
        failures.push(problem('5xx'));
        return false;
      }
      if (response.status >= 400) {
        let envelope: { status?: string; error?: { code?: unknown; title?: unknown; message?: unknown } } = {};
        try {
          envelope = JSON.parse(text);
        } catch {
          /* reported below */
        }
        if (envelope.status !== 'error' || typeof envelope.error?.code !== 'string' || typeof envelope.error.title !== 'string' || typeof envelope.error.message !== 'string' || envelope.error.title === 'Http') {
          failures.push(problem('not in the error envelope'));
          return false;
        }
        // Reported, and the database still checked below.
        const undocumented = r.addressesOperation ? documented.problem(r.method, r.path, response.status, text) : undefined;
        if (undocumented) failures.push(problem(`not as documented: ${undocumented}`));
        if (r.addressesOperation) checkedAgainstSchema += 1;
        const after = await fingerprint();
        if (after !== baseline) {
          failures.push(problem(`refused, yet changed ${changedTables(baseline, after).join(', ')}`));
          baseline = after;
          return false;
        }
        return true;
      }
      if (r.method !== 'GET') {
        // An accepted change may have disabled or re-pointed the fuzzed connection: put it back.
        await fetch(`${target.url}/v1/connections/${target.connectionId}`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${target.t.adminKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ enabled: true, base_url: target.sandbox.url, credentials: { api_key: API_KEY }, verify_credentials: false }),
        });
        baseline = await fingerprint();
      }
      return true;
    };

    const request = fc.integer({ min: 0, max: operations.length - 1 }).chain((i) => requestArbitrary(operations[i], target, resolve));
    // Every failure is collected (not only the first), so one run names every cause.
    await fc.assert(fc.asyncProperty(request, async (r) => { await send(r); }), { numRuns: RUNS, seed: SEED, endOnFailure: true });

    const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
    const fiveXx = [...statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
    process.stdout.write(
      `fuzz: ${sent} requests over ${perOperation.size}/${operations.length} operations, seed ${SEED}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; 5xx ${fiveXx}; ${checkedAgainstSchema} errors checked against their documented schema\n`,
    );
    const logs = target.t.logs.text();
    const logHits = secrets.filter((secret) => logs.includes(secret)).length;
    recordFigure('secrets', { searched: secrets.length, responses: sent, logBytes: logs.length, hits: secretHits.length + logHits });
    expect({ secretHits: secretHits.slice(0, 5), logHits }).toEqual({ secretHits: [], logHits: 0 });
    recordFigure('fuzz', { requests: sent, operations: perOperation.size, of: operations.length, seed: SEED, fiveXx, errorsCheckedAgainstSchema: checkedAgainstSchema, failures: failures.length, statuses: Object.fromEntries(statuses) });
    // 5xx first, then the rest; a few of each kind are enough to name a cause.
    const shown = [...failures.filter((f) => f.startsWith('5xx')), ...failures.filter((f) => !f.startsWith('5xx'))].slice(0, 15);
    expect({ failures: failures.length, shown }).toEqual({ failures: 0, shown: [] });
    expect(sent).toBe(RUNS);
    expect(perOperation.size).toBe(operations.length);
  }, 1_800_000);
});
