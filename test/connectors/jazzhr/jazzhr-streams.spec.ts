import { RemoteError } from '../../../src/connectors/remote-error.js';
import { getAll, getPage, requestsPerSecondWithin } from '../../../src/connectors/jazzhr/jazzhr.client.js';
import { jazzhrConnector } from '../../../src/connectors/jazzhr/jazzhr.connector.js';
import type { JazzApplicantSummary } from '../../../src/connectors/jazzhr/jazzhr.types.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { asList, control, ids, jazzAll, jazzContext, jazzGet, runStream, startSandbox } from './jazzhr-test-kit.js';

describe('JazzHR client and streams against the sandbox', () => {
  let s: RunningSandbox;
  // 201 applicants: the third /applicants page holds one, which JazzHR sends as a bare object.
  const APPLICANTS = 201;

  beforeAll(async () => {
    s = await startSandbox({ seed: 21, candidates: APPLICANTS });
  });
  afterAll(() => s.close());

  it('reads a lone match sent as an object as a one-record page', async () => {
    const raw = await jazzGet<JazzApplicantSummary>(s.url, '/applicants/page/3');
    expect(Array.isArray(raw.body)).toBe(false);
    const page = await getPage<JazzApplicantSummary>(jazzContext(s.url).http, 'applicants', {}, 3);
    expect(page).toEqual([raw.body]);
    expect(await getAll(jazzContext(s.url).http, 'applicants')).toHaveLength(APPLICANTS);
  });

  it('turns an _error body on HTTP 200 into a RemoteError (INPUT), and a bad key into AUTH', async () => {
    const context = jazzContext(s.url);
    const refused = context.http.request({ method: 'POST', path: '/applicants', data: { first_name: 'Only' } }).then((r) => r.data);
    await expect(refused).resolves.toEqual({ _error: expect.any(String) });
    const { post } = await import('../../../src/connectors/jazzhr/jazzhr.client.js');
    const error = await post(context.http, 'applicants', { first_name: 'Only' }).catch((e) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect({ kind: error.kind, status: error.details.status, message: error.message }).toEqual({ kind: 'INPUT', status: 200, message: expect.stringContaining('last_name') });
    await expect(jazzhrConnector.checkCredentials(jazzContext(s.url, { apiKey: 'wrong' }))).rejects.toMatchObject({ kind: 'AUTH' });
    await expect(jazzhrConnector.checkCredentials(context)).resolves.toBeUndefined();
  });

  it('FULL candidates: every applicant, email from the detail, one detail call each and no other per-record call', async () => {
    await control(s.url, 'DELETE', 'stats');
    const run = await runStream(jazzContext(s.url), 'candidates', 'FULL');
    const stats = await control(s.url, 'GET', 'stats');
    const listed = await jazzAll<JazzApplicantSummary>(s.url, '/applicants');
    expect(ids(run.mapped.records.candidates)).toEqual(listed.map((a) => a.id).sort());
    expect(run.mapped.records.candidates!.every((c) => (c.fields.email_addresses as unknown[]).length === 1)).toBe(true);
    // 3 list pages + 201 details, and one page of the activity feed (what the next DELTA need not re-read).
    expect(stats.by_endpoint).toEqual({ 'GET /applicants': 3, 'GET /applicants/{id}': APPLICANTS, 'GET /activities/category': 1 });
    expect(Object.values(stats.detail_reads).every((n) => n === 1)).toBe(true);
    expect(run.position).toMatchObject({ activities_since: expect.any(String), applied_from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), known: [] });
  });

  it('DELTA candidates: only new applicants and those the activity feed names since the last run are read', async () => {
    const context = jazzContext(s.url);
    const full = await runStream(context, 'candidates', 'FULL', null, new Date(Date.now() - 1000));
    const { changed } = await control(s.url, 'POST', 'mutate', { update: { applicants: 3, applicants2jobs: 2 }, create: 2, tag: 1 });
    await control(s.url, 'DELETE', 'stats');
    const delta = await runStream(context, 'candidates', 'DELTA', full.position);
    const stats = await control(s.url, 'GET', 'stats');
    const mappings = await jazzAll<{ id: string; applicant_id: string }>(s.url, '/applicants2jobs');
    const moved = changed.applicants2jobs.updated.map((id: string) => mappings.find((m) => m.id === id)!.applicant_id);
    const expected = [...new Set([...changed.applicants.updated, ...changed.applicants.created, ...moved])].sort();
    expect(Object.keys(stats.detail_reads).sort()).toEqual(expected);
    expect(ids(delta.mapped.records.candidates)).toEqual(expected);
    expect(stats.by_endpoint['GET /applicants/{id}']).toBe(expected.length);
    // The created ones applied today: the next DELTA knows them and does not read them again.
    expect(delta.position.known).toEqual(expect.arrayContaining(changed.applicants.created));
    // The next DELTA's window overlaps this one by a day, but the activities handled here are skipped.
    await control(s.url, 'DELETE', 'stats');
    const again = await runStream(context, 'candidates', 'DELTA', delta.position);
    expect(again.mapped.records.candidates ?? []).toEqual([]);
    expect((await control(s.url, 'GET', 'stats')).by_endpoint['GET /applicants/{id}']).toBeUndefined();
  });

  it('DELTA in an account whose activity times are UTC−8 (no zone in the feed): the changes are still found', async () => {
    const pacific = await startSandbox({ seed: 22, candidates: 120, timeZoneOffsetHours: -8 });
    try {
      const context = jazzContext(pacific.url);
      const full = await runStream(context, 'candidates', 'FULL', null, new Date(Date.now() - 1000));
      const { changed } = await control(pacific.url, 'POST', 'mutate', { update: { applicants: 2 } });
      const delta = await runStream(context, 'candidates', 'DELTA', full.position);
      expect(ids(delta.mapped.records.candidates)).toEqual([...changed.applicants.updated].sort());
    } finally {
      await pacific.close();
    }
  });

  it('a DELTA without a usable position asks for a FULL', async () => {
    await expect(runStream(jazzContext(s.url), 'candidates', 'DELTA', {})).rejects.toMatchObject({ kind: 'POSITION_EXPIRED' });
  });

  it('jobs carry confidential from the filter, their workflow steps and hiring lead; postings only for jobs on the boards', async () => {
    const run = await runStream(jazzContext(s.url), 'jobs', 'FULL');
    const confidential = asList<{ id: string }>((await jazzGet<{ id: string }[]>(s.url, '/jobs/confidential/true')).body).map((j) => j.id).sort();
    expect(run.mapped.records.jobs!.filter((j) => j.fields.confidential).map((j) => j.remote_id).sort()).toEqual(confidential);
    const jobs = await jazzAll<{ id: string; send_to_job_boards: string }>(s.url, '/jobs');
    expect(ids(run.mapped.records.job_postings)).toEqual(jobs.filter((j) => j.send_to_job_boards === '1' && !confidential.includes(j.id)).map((j) => j.id).sort());
    expect(run.mapped.joins.filter((j) => j.join === 'job_stages').every((j) => j.members.length >= 6)).toBe(true);
  });

  it('retries a 429 burst and a 5xx on reads and still reads everything', async () => {
    await control(s.url, 'POST', 'faults', { rate_limit_burst: 3, server_errors: 2 });
    const run = await runStream(jazzContext(s.url), 'users', 'FULL');
    expect(run.mapped.records.users!.length).toBe((await jazzAll(s.url, '/users')).length);
    expect((await control(s.url, 'GET', 'stats')).faults).toMatchObject({ rate_limit_burst: 0, server_errors: 0 });
  });
});

describe('JazzHR rate limit on a shortened window (40 requests per 4 s instead of 100 per 60 s)', () => {
  let s: RunningSandbox;
  const LIMIT = { requests: 40, windowMs: 4000 };
  beforeAll(async () => {
    s = await startSandbox({ seed: 5, candidates: 10, rateLimit: LIMIT });
  });
  afterAll(() => s.close());

  it('the connector’s pacing uses ≥ 75% of the limit (≥ 90% at the real 60 s window) with no 429', async () => {
    const rate = requestsPerSecondWithin(LIMIT.requests, LIMIT.windowMs);
    const context = jazzContext(s.url, { requestsPerSecond: rate, concurrency: 2 });
    const started = Date.now();
    await Promise.all(Array.from({ length: 60 }, () => getPage(context.http, 'users', {}, 1)));
    const seconds = (Date.now() - started) / 1000;
    const stats = await control(s.url, 'GET', 'stats');
    expect(stats.rate_limited).toBe(0);
    expect(stats.requests).toBe(60);
    // The window allows 10/s; the pacing is 0.98 × 40 / 5 s = 7.84/s here and 0.98 × 100 / 61 s = 96/min at JazzHR's.
    const utilization = (60 - rate) / seconds / (LIMIT.requests / (LIMIT.windowMs / 1000));
    expect(utilization).toBeGreaterThan(0.75);
    expect(requestsPerSecondWithin(100, 60_000) * 60).toBeGreaterThan(90);
    expect(jazzhrConnector.limits.requestsPerSecond).toBe(requestsPerSecondWithin(100, 60_000));
  });

  it('without pacing the sandbox answers 429 and the client backs off until it gets through', async () => {
    await control(s.url, 'DELETE', 'stats');
    await new Promise((r) => setTimeout(r, LIMIT.windowMs));
    const context = jazzContext(s.url, { requestsPerSecond: 1000, concurrency: 4, retries: 200 });
    const pages = await Promise.all(Array.from({ length: 50 }, () => getPage(context.http, 'users', {}, 1)));
    expect(pages.every((p) => p.length > 0)).toBe(true);
    const stats = await control(s.url, 'GET', 'stats');
    expect(stats.rate_limited).toBeGreaterThan(0);
    expect(stats.by_status['200']).toBe(50);
  });
});
