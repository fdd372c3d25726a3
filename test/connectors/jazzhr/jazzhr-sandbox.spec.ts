import type { JazzActivity, JazzApplicant2Job, JazzApplicantDetail, JazzApplicantSummary, JazzJob, JazzWorkflow } from '../../../src/connectors/jazzhr/jazzhr.types.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { findSandbox } from '../../../src/sandbox/sandbox-registry.js';
import { API_KEY, asList, control, jazzAll, jazzGet, jazzPost, startSandbox } from './jazzhr-test-kit.js';

describe('JazzHR sandbox', () => {
  let a: RunningSandbox;
  let b: RunningSandbox;
  let other: RunningSandbox;

  beforeAll(async () => {
    [a, b, other] = await Promise.all([startSandbox({ seed: 11, candidates: 250 }), startSandbox({ seed: 11, candidates: 250 }), startSandbox({ seed: 12, candidates: 250 })]);
  });
  afterAll(() => Promise.all([a.close(), b.close(), other.close()]));

  it('is registered for `ats-sync sandbox jazzhr` on port 4030', () => {
    expect(findSandbox('jazzhr')).toMatchObject({ provider: 'jazzhr', defaultPort: 4030 });
  });

  it('the same seed gives the same data, another seed other data; the size follows the option', async () => {
    for (const path of ['/applicants', '/jobs', '/users', '/workflows', '/applicants2jobs', '/hires', '/activities', '/categories', '/categories2applicants', '/notes', '/files']) {
      expect({ path, list: await jazzAll(a.url, path) }).toEqual({ path, list: await jazzAll(b.url, path) });
    }
    const [x, y] = [await jazzAll<JazzApplicantSummary>(a.url, '/applicants'), await jazzAll<JazzApplicantSummary>(other.url, '/applicants')];
    expect(x).toHaveLength(250);
    expect(x.map((c) => c.first_name)).not.toEqual(y.map((c) => c.first_name));
  });

  it('takes the key as the apikey query parameter: 401 without it or with a wrong one', async () => {
    expect((await jazzGet(a.url, '/users')).status).toBe(200);
    expect(await jazzGet(a.url, '/users', null)).toEqual({ status: 401, body: { _error: expect.any(String) } });
    expect((await jazzGet(a.url, '/users', 'wrong')).status).toBe(401);
    // An Authorization header is not JazzHR's auth.
    expect((await fetch(`${a.url}/users`, { headers: { Authorization: `Basic ${API_KEY}` } })).status).toBe(401);
  });

  it('pages with /page/N at 100 a page, bare arrays with no page count; a page past the end is empty', async () => {
    const first = await jazzGet<JazzApplicantSummary[]>(a.url, '/applicants');
    const page1 = await jazzGet<JazzApplicantSummary[]>(a.url, '/applicants/page/1');
    const page3 = await jazzGet<JazzApplicantSummary[]>(a.url, '/applicants/page/3');
    expect(Array.isArray(first.body) && first.body.length).toBe(100);
    expect(page1.body).toEqual(first.body);
    expect(page3.body).toHaveLength(50);
    expect((await jazzGet(a.url, '/applicants/page/4')).body).toEqual([]);
    const all = await jazzAll<JazzApplicantSummary>(a.url, '/applicants');
    expect(new Set(all.map((x) => x.id)).size).toBe(250);
  });

  it('answers a single match with the bare object, not a one-element array', async () => {
    const all = await jazzAll<JazzApplicantSummary>(a.url, '/applicants');
    const counts = new Map<string, number>();
    for (const x of all) counts.set(`${x.first_name} ${x.last_name}`, (counts.get(`${x.first_name} ${x.last_name}`) ?? 0) + 1);
    const unique = all.find((x) => counts.get(`${x.first_name} ${x.last_name}`) === 1 && !all.some((y) => y !== x && `${y.first_name} ${y.last_name}`.includes(`${x.first_name} ${x.last_name}`)))!;
    const { body } = await jazzGet<JazzApplicantSummary>(a.url, `/applicants/name/${encodeURIComponent(`${unique.first_name} ${unique.last_name}`)}`);
    expect(Array.isArray(body)).toBe(false);
    expect(body).toEqual(unique);
    // Several matches are an array; none is an empty one.
    expect(Array.isArray((await jazzGet(a.url, `/applicants/name/${encodeURIComponent(unique.last_name.slice(0, 1))}`)).body)).toBe(true);
    expect((await jazzGet(a.url, '/applicants/name/zzzzzzzz')).body).toEqual([]);
  });

  it('lists applicants without email; only GET /applicants/{id} has it, with jobs, categories and comments', async () => {
    const [summary] = await jazzAll<JazzApplicantSummary>(a.url, '/applicants');
    expect(Object.keys(summary).sort()).toEqual(['apply_date', 'first_name', 'id', 'job_id', 'job_title', 'last_name', 'prospect_phone']);
    const { body: detail } = await jazzGet<JazzApplicantDetail>(a.url, `/applicants/${summary.id}`);
    expect(detail).toMatchObject({ id: summary.id, email: expect.stringContaining('@'), first_name: summary.first_name });
    const mappings = asList(await jazzGet<JazzApplicant2Job[]>(a.url, `/applicants2jobs/applicant_id/${summary.id}`).then((r) => r.body));
    expect(detail.jobs.map((j) => [j.job_id, j.workflow_step_id])).toEqual(mappings.map((m) => [m.job_id, m.workflow_step_id]));
    expect((await jazzGet(a.url, '/applicants/prospect_nope')).status).toBe(404);
    // There is no email filter.
    expect((await jazzGet(a.url, `/applicants/email/${encodeURIComponent(detail.email)}`)).status).toBe(404);
  });

  it('filters by path segments: name, job_id, from_apply_date; confidential jobs only through /jobs/confidential/true', async () => {
    const all = await jazzAll<JazzApplicantSummary>(a.url, '/applicants');
    const date = all[200].apply_date;
    const since = await jazzAll<JazzApplicantSummary>(a.url, `/applicants/from_apply_date/${date}`);
    expect(since.map((x) => x.id).sort()).toEqual(all.filter((x) => x.apply_date >= date).map((x) => x.id).sort());
    const jobs = await jazzAll<JazzJob>(a.url, '/jobs');
    expect(jobs.every((j) => !('confidential' in j))).toBe(true);
    const confidential = asList((await jazzGet<JazzJob[]>(a.url, '/jobs/confidential/true')).body);
    expect(confidential.length).toBeGreaterThan(1);
    expect(confidential.length).toBeLessThan(jobs.length);
    expect(confidential.every((j) => jobs.some((x) => x.id === j.id))).toBe(true);
    const job = jobs.find((j) => j.status === 'Open')!;
    const onJob = await jazzAll<JazzApplicantSummary>(a.url, `/applicants/job_id/${job.id}`);
    const mapped = await jazzAll<JazzApplicant2Job>(a.url, `/applicants2jobs/job_id/${job.id}`);
    expect(onJob.map((x) => x.id).sort()).toEqual([...new Set(mapped.map((m) => m.applicant_id))].sort());
  });

  it('serves workflows with numbered steps, hires on Hired steps, activities newest first, categories, notes and files', async () => {
    const workflows = asList((await jazzGet<JazzWorkflow[]>(a.url, '/workflows')).body);
    expect(workflows.length).toBe(2);
    for (const w of workflows) expect(w.workflow_steps.map((s) => s.workflow_step_category)).toEqual(expect.arrayContaining(['New', 'Active', 'Hired', 'Not Hired']));
    const hiredSteps = new Set(workflows.flatMap((w) => w.workflow_steps.filter((s) => s.workflow_step_category === 'Hired').map((s) => s.workflow_step_id)));
    const mappings = await jazzAll<JazzApplicant2Job>(a.url, '/applicants2jobs');
    const hires = await jazzAll<{ applicant_id: string; job_id: string }>(a.url, '/hires');
    expect(hires.length).toBeGreaterThan(0);
    expect(hires.map((h) => `${h.applicant_id}:${h.job_id}`).sort()).toEqual(mappings.filter((m) => hiredSteps.has(m.workflow_step_id)).map((m) => `${m.applicant_id}:${m.job_id}`).sort());
    expect(mappings.some((m) => m.date === '0000-00-00')).toBe(true);
    const activities = await jazzAll<JazzActivity>(a.url, '/activities');
    const stamps = activities.map((x) => `${x.date} ${x.time}`);
    expect(stamps).toEqual([...stamps].sort().reverse());
    for (const path of ['/categories', '/categories2applicants', '/notes', '/files', '/users']) expect({ path, n: (await jazzAll(a.url, path)).length > 0 }).toEqual({ path, n: true });
  });

  it('POST /applicants → {prospect_id}; the key may travel in the body; a known email makes a second, unflagged profile', async () => {
    const { body: existing } = await jazzGet<JazzApplicantDetail>(a.url, `/applicants/${(await jazzAll<JazzApplicantSummary>(a.url, '/applicants'))[5].id}`);
    const job = (await jazzAll<JazzJob>(a.url, '/jobs')).find((j) => j.status === 'Open')!;
    const created = await jazzPost<{ prospect_id: string }>(a.url, '/applicants', { first_name: existing.first_name, last_name: existing.last_name, email: existing.email, job: job.id });
    expect(created).toEqual({ status: 200, body: { prospect_id: expect.stringMatching(/^prospect_\d{14}_/) } });
    const { body: detail } = await jazzGet<JazzApplicantDetail>(a.url, `/applicants/${created.body.prospect_id}`);
    expect(detail).toMatchObject({ email: existing.email, first_name: existing.first_name });
    expect(detail.id).not.toBe(existing.id);
    // It landed in the job's workflow's "New" step.
    const workflows = asList((await jazzGet<JazzWorkflow[]>(a.url, '/workflows')).body);
    const newStep = workflows.find((w) => w.workflow_id === job.workflow_id)!.workflow_steps.find((s) => s.workflow_step_category === 'New')!;
    expect(detail.jobs).toEqual([expect.objectContaining({ job_id: job.id, workflow_step_id: newStep.workflow_step_id, applicant_progress: 'New' })]);
    // The same name now matches twice.
    expect(asList((await jazzGet<unknown[]>(a.url, `/applicants/name/${encodeURIComponent(`${existing.first_name} ${existing.last_name}`)}`)).body).length).toBeGreaterThanOrEqual(2);
    // Without a job: no mapping. The key as query parameter also works on POST.
    const bare = await jazzPost<{ prospect_id: string }>(a.url, '/applicants', { first_name: 'Solo', last_name: 'Person', email: 'solo@example.com' }, { queryKey: true });
    expect((await jazzGet<JazzApplicantDetail>(a.url, `/applicants/${bare.body.prospect_id}`)).body.jobs).toEqual([]);
  });

  it('refuses with an _error body on a success status, and writes nothing', async () => {
    const before = (await control(a.url, 'GET', 'stats')).records;
    expect(await jazzPost(a.url, '/applicants', { first_name: 'No', email: 'x@example.com' })).toEqual({ status: 200, body: { _error: expect.stringContaining('last_name') } });
    expect(await jazzPost(a.url, '/applicants', { first_name: 'No', last_name: 'Job', job: 'job_nope' })).toEqual({ status: 200, body: { _error: expect.stringContaining('job') } });
    expect((await control(a.url, 'GET', 'stats')).records).toEqual(before);
  });

  it('POST /applicants2jobs puts an applicant on another job; the same pairing again is an _error', async () => {
    const applicant = (await jazzAll<JazzApplicantSummary>(a.url, '/applicants'))[7];
    const own = asList((await jazzGet<JazzApplicant2Job[]>(a.url, `/applicants2jobs/applicant_id/${applicant.id}`)).body).map((m) => m.job_id);
    const job = (await jazzAll<JazzJob>(a.url, '/jobs')).find((j) => !own.includes(j.id))!;
    const added = await jazzPost<{ applicant2job_id: string }>(a.url, '/applicants2jobs', { applicant_id: applicant.id, job_id: job.id });
    expect(added).toEqual({ status: 200, body: { applicant2job_id: expect.stringMatching(/^projob_/) } });
    expect(asList((await jazzGet<JazzApplicant2Job[]>(a.url, `/applicants2jobs/applicant_id/${applicant.id}/job_id/${job.id}`)).body)).toEqual([expect.objectContaining({ id: added.body.applicant2job_id })]);
    expect((await jazzPost(a.url, '/applicants2jobs', { applicant_id: applicant.id, job_id: job.id })).body).toEqual({ _error: expect.stringContaining('already') });
  });

  it('POST /notes → {comment_id}, shown in the applicant detail', async () => {
    const applicant = (await jazzAll<JazzApplicantSummary>(a.url, '/applicants'))[9];
    const note = await jazzPost<{ comment_id: string }>(a.url, '/notes', { applicant_id: applicant.id, contents: 'Phone: 555', user_id: 'usr_anonymous', security: '1' });
    expect(note.body.comment_id).toMatch(/^comment_/);
    expect((await jazzGet<JazzApplicantDetail>(a.url, `/applicants/${applicant.id}`)).body.comments).toContainEqual(expect.objectContaining({ id: note.body.comment_id, contents: 'Phone: 555' }));
  });

  it('controls: faults (429 burst, 5xx, fail-after-commit), stats with detail reads, mutate with a change report', async () => {
    await control(a.url, 'DELETE', 'stats');
    await control(a.url, 'POST', 'faults', { rate_limit_burst: 2, server_errors: 1, server_error_status: 502 });
    expect((await jazzGet(a.url, '/users')).status).toBe(429);
    expect((await jazzGet(a.url, '/users')).status).toBe(429);
    expect((await jazzGet(a.url, '/users')).status).toBe(502);
    expect((await jazzGet(a.url, '/users')).status).toBe(200);
    await expect(fetch(`${a.url}/_sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rateLimitBurst: 1 }) }).then((r) => r.status)).resolves.toBe(400);

    // writes_time_out_after_commit: the applicant is created, the reply never comes (the connection drops).
    await control(a.url, 'POST', 'faults', { writes_time_out_after_commit: 1, time_out_ms: 50 });
    await expect(jazzPost(a.url, '/applicants', { first_name: 'Lost', last_name: 'Reply', email: 'lost.reply@example.com' })).rejects.toThrow();
    expect(asList((await jazzGet<JazzApplicantSummary[]>(a.url, '/applicants/name/Lost%20Reply')).body)).toHaveLength(1);
    // writes_fail_after_commit: created, then answered with the 5xx.
    await control(a.url, 'POST', 'faults', { writes_fail_after_commit: 1, server_error_status: 504 });
    expect((await jazzPost(a.url, '/applicants', { first_name: 'Late', last_name: 'Failure' })).status).toBe(504);
    expect(asList((await jazzGet<JazzApplicantSummary[]>(a.url, '/applicants/name/Late%20Failure')).body)).toHaveLength(1);

    const [first] = await jazzAll<JazzApplicantSummary>(a.url, '/applicants');
    await jazzGet(a.url, `/applicants/${first.id}`);
    const stats = await control(a.url, 'GET', 'stats');
    expect(stats).toMatchObject({ rate_limited: 2, dropped: 1, by_status: { '429': 2, '502': 1, '504': 1 }, detail_reads: { [first.id]: 1 } });
    expect(stats.by_endpoint['GET /applicants/{id}']).toBe(1);
    expect(stats.by_endpoint['GET /applicants/name']).toBe(2);

    const { changed } = await control(a.url, 'POST', 'mutate', { update: { applicants: 2, applicants2jobs: 2, jobs: 1 }, create: 2, delete: 1, hire: 1, tag: 1 });
    expect([changed.applicants.updated.length, changed.applicants.created.length, changed.applicants.deleted.length, changed.hires.created.length, changed.jobs.updated.length]).toEqual([3, 2, 1, 1, 1]);
    expect((await jazzGet(a.url, `/applicants/${changed.applicants.deleted[0]}`)).status).toBe(404);
    // Every applicant change left an activity, newest first.
    const recent = asList((await jazzGet<JazzActivity[]>(a.url, '/activities')).body).slice(0, 12).map((x) => x.object_id);
    for (const id of [...changed.applicants.updated, ...changed.applicants.created]) expect(recent).toContain(id);
    await expect(fetch(`${a.url}/_sandbox/mutate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ explode: 1 }) }).then((r) => r.status)).resolves.toBe(400);
  });
});

describe('JazzHR sandbox rate limit (100 a minute per key; here 5 a second)', () => {
  let s: RunningSandbox;
  beforeAll(async () => {
    s = await startSandbox({ candidates: 20, rateLimit: { requests: 5, windowMs: 1000 } });
  });
  afterAll(() => s.close());

  it('answers 429 over the limit within the window, and admits again once the window has moved on', async () => {
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await jazzGet(s.url, '/users')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await jazzGet(s.url, '/users')).status).toBe(200);
    // The control endpoints are not limited.
    expect((await control(s.url, 'GET', 'stats')).rate_limited).toBe(2);
  });
});
