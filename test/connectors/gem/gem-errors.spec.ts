import { RemoteError } from '../../../src/connectors/remote-error.js';
import { createGemCandidate } from '../../../src/connectors/gem/gem.candidates-api.js';
import { gemConnector } from '../../../src/connectors/gem/gem.connector.js';
import { crmOnlyKey } from '../../../src/connectors/gem/sandbox/gem-sandbox-app.js';
import type { GemCandidate } from '../../../src/connectors/gem/gem.types.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { API_KEY, control, gemAll, gemContext, gemGet, ids, runStream, startSandbox } from './gem-test-kit.js';

interface Stats {
  requests: number;
  rate_limited: number;
  by_status: Record<string, number>;
  records: Record<string, number>;
}

describe('Gem connector: auth, rate limits, faults and the duplicate check', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ candidates: 300 });
  });
  afterAll(() => sandbox.close());
  afterEach(() => control(sandbox.url, 'DELETE', 'faults'));

  it('accepts the right key', async () => {
    await expect(gemConnector.checkCredentials(gemContext(sandbox.url))).resolves.toBeUndefined();
  });

  it('a wrong key is RemoteError AUTH (HTTP 401), on the credential check and on a stream', async () => {
    const context = gemContext(sandbox.url, { apiKey: 'wrong' });
    await expect(gemConnector.checkCredentials(context)).rejects.toMatchObject({ name: 'RemoteError', kind: 'AUTH', details: { status: 401 } });
    await expect(runStream(context, 'candidates', 'FULL')).rejects.toMatchObject({ kind: 'AUTH', details: { status: 401 } });
  });

  it('a key without ATS access is RemoteError AUTH (HTTP 403)', async () => {
    const context = gemContext(sandbox.url, { apiKey: crmOnlyKey(API_KEY) });
    const error = await gemConnector.checkCredentials(context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ kind: 'AUTH', details: { status: 403 } });
  });

  it('recovers from injected 429s (with and without Retry-After) and 5xx answers', async () => {
    const before = await control<Stats>(sandbox.url, 'GET', 'stats');
    await control(sandbox.url, 'POST', 'faults', { rate_limit_burst: 3, retry_after_seconds: 0 });
    const withHeader = await runStream(gemContext(sandbox.url), 'users', 'FULL');
    await control(sandbox.url, 'POST', 'faults', { rate_limit_burst: 2, server_errors: 2, server_error_status: 502 });
    const without = await runStream(gemContext(sandbox.url), 'users', 'FULL');
    const after = await control<Stats>(sandbox.url, 'GET', 'stats');
    const users = await gemAll(sandbox.url, '/ats/v0/users', '&include_deleted=true');
    expect(ids(withHeader.mapped.records.users)).toEqual(users.map((u) => u.id).sort());
    expect(ids(without.mapped.records.users)).toEqual(ids(withHeader.mapped.records.users));
    expect(after.rate_limited - before.rate_limited).toBe(5);
    expect((after.by_status['502'] ?? 0) - (before.by_status['502'] ?? 0)).toBe(2);
  });

  it('5xx answers that never stop end as RemoteError UNAVAILABLE', async () => {
    await control(sandbox.url, 'POST', 'faults', { server_errors: 1000 });
    await expect(runStream(gemContext(sandbox.url), 'users', 'FULL')).rejects.toMatchObject({ kind: 'UNAVAILABLE', details: { status: 503 } });
  });

  it('duplicate candidate: Gem’s 400 names the existing candidate', async () => {
    const [existing] = await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates');
    const { body: users } = await gemGet<{ id: string }[]>(sandbox.url, '/v0/users');
    const context = gemContext(sandbox.url);
    const email = existing.email_addresses[0].value.toUpperCase();
    await expect(createGemCandidate(context, { created_by: users[0].id, first_name: 'Dup', emails: [{ email_address: email }] })).resolves.toEqual({
      duplicateOf: existing.id,
    });
    const created = await createGemCandidate(context, { created_by: users[0].id, first_name: 'New', last_name: 'Person', emails: [{ email_address: 'new.person@example.net' }] });
    expect('created' in created && created.created.id).toEqual(expect.any(String));
    const again = await createGemCandidate(context, { created_by: users[0].id, emails: [{ email_address: 'new.person@example.net' }] });
    expect(again).toEqual({ duplicateOf: 'created' in created ? created.created.id : null });
    await expect(createGemCandidate(context, { created_by: 'nobody', emails: [{ email_address: 'x@example.net' }] })).rejects.toMatchObject({
      kind: 'INPUT',
      details: { status: 400 },
    });
  });
});

describe('Gem’s leaky bucket (about 20 requests a second per key)', () => {
  let sandbox: RunningSandbox;

  beforeAll(async () => {
    // Gem's rate (20 a second) with a bucket of 4, so that the client's 8 requests at once
    // overflow it however slowly a loaded machine sends them; PartnerHttp retries.
    sandbox = await startSandbox({ candidates: 3000, rateLimit: { perSecond: 20, capacity: 4 } });
  });
  afterAll(() => sandbox.close());

  it('answers 429 once the bucket is full; the connector retries and gets every record', async () => {
    // A DELTA over 25 changed jobs asks for each one's stages at once: far more than 20 a second.
    const startedAt = new Date(Date.now() - 1000);
    const { changed } = await control<{ changed: { jobs: { updated: string[] } } }>(sandbox.url, 'POST', 'mutate', { update: { jobs: 25 } });
    const context = gemContext(sandbox.url, { requestsPerSecond: 10_000, concurrency: 8 });
    const run = await runStream(context, 'jobs', 'DELTA', { updated_after: startedAt.toISOString() });
    const stats = await control<Stats>(sandbox.url, 'GET', 'stats');
    expect(stats.rate_limited).toBeGreaterThan(0);
    expect(ids(run.mapped.records.jobs)).toEqual([...changed.jobs.updated].sort());
    const plans = run.mapped.joins.filter((j) => j.join === 'job_stages');
    expect(plans).toHaveLength(25);
    expect(plans.every((j) => j.members.length >= 5)).toBe(true);
    expect(run.mapped.failures).toEqual([]);
  });

  it('a burst of raw requests gets 429 with Gem’s gateway body and no Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`${sandbox.url}/ats/v0/users?per_page=1`, { headers: { 'X-API-Key': API_KEY } })));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].headers.get('retry-after')).toBeNull();
    expect(await limited[0].json()).toEqual({ message: 'Too Many Requests' });
  });
});
