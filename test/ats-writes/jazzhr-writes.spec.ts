import type { JazzApplicant2Job, JazzApplicantDetail, JazzApplicantSummary, JazzJob, JazzWorkflow } from '../../src/connectors/jazzhr/jazzhr.types.js';
import { asList, jazzAll, jazzGet, jazzPost } from '../connectors/jazzhr/jazzhr-test-kit.js';
import { JazzWriteHarness, writeRequests } from '../connectors/jazzhr/jazzhr-write-harness.js';

/**
 * The upload flow of seed 001 on JazzHR, over real HTTP: the app, the real JazzHR connector and the
 * JazzHR sandbox behind a synced connection. Every outcome is checked in the sandbox's own data and
 * counters: JazzHR does not dedupe, so "exactly one applicant" is counted there.
 */
describe('write API on JazzHR', () => {
  const h = new JazzWriteHarness();
  let open: JazzJob[];
  let confidential: JazzJob;
  let workflows: JazzWorkflow[];
  let synced: JazzApplicantDetail[];

  beforeAll(async () => {
    await h.start();
    const jobs = await jazzAll<JazzJob>(h.sandbox.url, '/jobs');
    const secret = new Set(asList<JazzJob>((await jazzGet<JazzJob[]>(h.sandbox.url, '/jobs/confidential/true')).body).map((j) => j.id));
    open = jobs.filter((j) => j.status === 'Open' && !secret.has(j.id));
    confidential = jobs.find((j) => secret.has(j.id) && j.status === 'Open')!;
    workflows = asList<JazzWorkflow>((await jazzGet<JazzWorkflow[]>(h.sandbox.url, '/workflows')).body);
    const summaries = (await jazzAll<JazzApplicantSummary>(h.sandbox.url, '/applicants')).slice(0, 12);
    synced = await Promise.all(summaries.map(async (s) => (await jazzGet<JazzApplicantDetail>(h.sandbox.url, `/applicants/${s.id}`)).body));
  }, 120_000);
  afterAll(() => h.close());
  afterEach(() => h.faults(null));

  const person = (over: Record<string, unknown> = {}) => ({ first_name: 'Ada', last_name: 'Lovelace', email_address: 'ada@upload.example', ...over });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => h.t.http().post(`/v1/ats${path}`).set(h.as(headers)).send(body as object);
  const detail = async (id: string) => (await jazzGet<JazzApplicantDetail>(h.sandbox.url, `/applicants/${id}`)).body;
  const applicantsNamed = async (first: string, last: string) => asList<JazzApplicantSummary>((await jazzGet<JazzApplicantSummary[]>(h.sandbox.url, `/applicants/name/${encodeURIComponent(`${first} ${last}`)}`)).body);
  const newStepOf = (job: JazzJob) => workflows.find((w) => w.workflow_id === job.workflow_id)!.workflow_steps.find((s) => s.workflow_step_category === 'New')!;
  const messages = (res: { body: { warnings: { message: string }[] } }) => res.body.warnings.map((w) => w.message).join(' ');

  it('upload as new with a job: POST /applicants with the job, landing in its workflow’s "New" status; the read API shows it at once', async () => {
    const job = open[0];
    const before = await h.stats();
    const res = await post(`/jobs/remote:${job.id}/applications`, { candidate: person({ email_address: 'ada.one@upload.example', phone_number: '5551234567' }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', warnings: [] });
    const after = await h.stats();
    expect([after.records.applicants - before.records.applicants, after.records.applicants2jobs - before.records.applicants2jobs]).toEqual([1, 1]);
    expect(after.by_endpoint['POST /applicants'] - (before.by_endpoint['POST /applicants'] ?? 0)).toBe(1);
    const created = await detail(res.body.data.candidate.remote_id);
    expect(created).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada.one@upload.example', phone: '5551234567' });
    expect(created.jobs).toEqual([expect.objectContaining({ job_id: job.id, workflow_step_id: newStepOf(job).workflow_step_id, applicant_progress: 'New' })]);
    const read = await h.t.http().get(`/v1/ats/applications/${res.body.data.id}`).set(h.as());
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ job_id: h.id('jobs', job.id), current_stage_id: h.id('application_stages', String(newStepOf(job).workflow_step_id)), outcome: 'PENDING' });
    expect(res.body.data.candidate).toMatchObject({ first_name: 'Ada', email_addresses: [expect.objectContaining({ email_address: 'ada.one@upload.example' })] });
  });

  it('upload as new without a job: an applicant on no job', async () => {
    const res = await post('/candidates', { candidate: person({ first_name: 'Solo', email_address: 'solo@upload.example' }) });
    expect(res.status).toBe(200);
    expect((await detail(res.body.data.remote_id)).jobs).toEqual([]);
    expect(res.body.data).toMatchObject({ first_name: 'Solo', remote_id: expect.stringMatching(/^prospect_/) });
  });

  it('first name, last name and email are required: 400 naming the field, and not one partner request', async () => {
    const before = await h.stats();
    for (const missing of ['first_name', 'last_name', 'email_address']) {
      const candidate: Record<string, unknown> = person();
      delete candidate[missing];
      const res = await post(`/jobs/remote:${open[0].id}/applications`, { candidate });
      expect({ missing, status: res.status, code: res.body.error?.code }).toEqual({ missing, status: 400, code: 'PLATFORM.INPUT_INVALID' });
      expect(res.body.error.message).toContain(missing);
    }
    expect((await h.stats()).requests).toBe(before.requests);
  });

  it('confidential jobs are hidden: left out of ?confidential=false and a write to one is a 404 with no partner request', async () => {
    const listed = await h.t.http().get('/v1/ats/jobs?confidential=false&page_size=250').set(h.as());
    expect(listed.status).toBe(200);
    const remoteIds = listed.body.data.results.map((j: { remote_id: string }) => j.remote_id);
    expect(remoteIds).not.toContain(confidential.id);
    expect(remoteIds).toContain(open[0].id);
    const before = await h.stats();
    const res = await post(`/jobs/remote:${confidential.id}/applications`, { candidate: person({ email_address: 'secret@upload.example' }) });
    expect(res.status).toBe(404);
    expect((await h.stats()).requests).toBe(before.requests);
  });

  describe('duplicates', () => {
    it('duplicate-check by name and email finds an applicant created in JazzHR since the last sync (name search, then the detail’s email)', async () => {
      const made = await jazzPost<{ prospect_id: string }>(h.sandbox.url, '/applicants', { first_name: 'Marie', last_name: 'Curie', email: 'marie@lab.example' });
      const before = await h.stats();
      const res = await post('/candidates/duplicate-check', { first_name: 'Marie', last_name: 'Curie', email_addresses: ['MARIE@lab.example'] });
      expect(res.status).toBe(200);
      expect(res.body.data.results).toEqual([expect.objectContaining({ candidate: expect.objectContaining({ remote_id: made.body.prospect_id }), matched_on: expect.arrayContaining(['email', 'name']) })]);
      const after = await h.stats();
      expect(after.by_endpoint['GET /applicants/name'] - (before.by_endpoint['GET /applicants/name'] ?? 0)).toBe(1);
    });

    it('duplicate-check by email alone answers from the mirror (JazzHR cannot search by email)', async () => {
      const existing = synced[0];
      const before = await h.stats();
      const res = await post('/candidates/duplicate-check', { email_addresses: [existing.email] });
      expect(res.body.data.results.map((r: { candidate: { remote_id: string } }) => r.candidate.remote_id)).toContain(existing.id);
      expect((await h.stats()).requests).toBe(before.requests);
    });

    it('"Merge with selected profile": the application is added with POST /applicants2jobs and the new email kept as a note (v1 cannot update an applicant)', async () => {
      const existing = synced.find((s) => s.jobs.length > 0 && !s.jobs.some((j) => j.job_id === open[1].id))!;
      const before = await h.stats();
      const res = await post(`/jobs/remote:${open[1].id}/applications`, {
        candidate: person({ first_name: existing.first_name, last_name: existing.last_name, email_address: 'second.address@upload.example' }),
        merge_with_candidate_id: h.id('candidates', existing.id),
      });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).toBe(existing.id);
      expect(messages(res)).toContain('cannot update an applicant');
      const after = await h.stats();
      expect(after.records.applicants).toBe(before.records.applicants);
      expect(after.by_endpoint['POST /applicants2jobs'] - (before.by_endpoint['POST /applicants2jobs'] ?? 0)).toBe(1);
      const now = await detail(existing.id);
      expect(now.email).toBe(existing.email);
      expect(now.jobs.map((j) => j.job_id)).toEqual([...existing.jobs.map((j) => j.job_id), open[1].id]);
      expect(now.comments.at(-1)!.contents).toContain('Email: second.address@upload.example');
      expect(res.body.data).toMatchObject({ job_id: h.id('jobs', open[1].id), current_stage_id: h.id('application_stages', String(newStepOf(open[1]).workflow_step_id)) });
    });

    it('the same applicant on the same job again: 400 ATS.APPLICATION_ALREADY_EXISTS, nothing written', async () => {
      const existing = synced.find((s) => s.jobs.some((j) => open.some((o) => o.id === j.job_id)))!;
      const job = existing.jobs.find((j) => open.some((o) => o.id === j.job_id))!.job_id;
      const before = await h.stats();
      const res = await post(`/jobs/remote:${job}/applications`, { candidate: person({ email_address: existing.email }), merge_with_candidate_id: h.id('candidates', existing.id) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ATS.APPLICATION_ALREADY_EXISTS');
      expect(writeRequests(await h.stats())).toBe(writeRequests(before));
    });

    it('attach_on_email_match (the default): a synced email adds the application to that applicant and creates none', async () => {
      const existing = synced.find((s) => !s.jobs.some((j) => j.job_id === open[2].id) && s.id !== synced[0].id)!;
      const before = await h.stats();
      const res = await post(`/jobs/remote:${open[2].id}/applications`, { candidate: person({ email_address: existing.email.toUpperCase() }) });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).toBe(existing.id);
      expect(messages(res)).toContain('attach_on_email_match');
      expect((await h.stats()).records.applicants).toBe(before.records.applicants);
    });

    it('attach_on_email_match finds an applicant created in JazzHR since the last sync (name search, then the email on its detail)', async () => {
      const made = await jazzPost<{ prospect_id: string }>(h.sandbox.url, '/applicants', { first_name: 'Lise', last_name: 'Meitner', email: 'lise@lab.example' });
      const before = await h.stats();
      const res = await post(`/jobs/remote:${open[1].id}/applications`, { candidate: person({ first_name: 'Lise', last_name: 'Meitner', email_address: 'LISE@lab.example' }) });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).toBe(made.body.prospect_id);
      expect((await h.stats()).records.applicants).toBe(before.records.applicants);
    });

    it('"Upload as new candidate" with a known email: JazzHR makes a second, unflagged profile', async () => {
      const existing = synced[3];
      const res = await post('/candidates', { candidate: person({ first_name: existing.first_name, last_name: existing.last_name, email_address: existing.email }), duplicate_strategy: 'create_new' });
      expect(res.status).toBe(200);
      expect(res.body.data.remote_id).not.toBe(existing.id);
      const twins = await applicantsNamed(existing.first_name, existing.last_name);
      const emails = await Promise.all(twins.map(async (t) => (await detail(t.id)).email));
      expect(emails.filter((e) => e === existing.email).length).toBeGreaterThanOrEqual(2);
    });

    it('fail: 409 ATS.CANDIDATE_DUPLICATE naming the match, nothing written', async () => {
      const existing = synced[4];
      const before = await h.stats();
      const res = await post('/candidates', { candidate: person({ email_address: existing.email }), duplicate_strategy: 'fail' });
      expect(res.status).toBe(409);
      expect(res.body.error.matches).toEqual([{ candidate_id: h.id('candidates', existing.id), remote_id: existing.id }]);
      expect(writeRequests(await h.stats())).toBe(writeRequests(before));
    });
  });

  describe('exactly once when the answer is lost after JazzHR stored the write', () => {
    it('create: the timed-out POST /applicants is looked up by name and email, never sent again', async () => {
      await h.faults({ writes_time_out_after_commit: 1, time_out_ms: 3000 });
      const before = await h.stats();
      const res = await post(`/jobs/remote:${open[0].id}/applications`, { candidate: person({ first_name: 'Lost', last_name: 'Answer', email_address: 'lost.answer@upload.example' }) });
      expect(res.status).toBe(200);
      expect(messages(res)).toContain('not created twice');
      const after = await h.stats();
      expect(after.dropped - before.dropped).toBe(1);
      expect(after.by_endpoint['POST /applicants'] - before.by_endpoint['POST /applicants']).toBe(1);
      expect(after.records.applicants - before.records.applicants).toBe(1);
      const found = await applicantsNamed('Lost', 'Answer');
      expect(found.map((a) => a.id)).toEqual([res.body.data.candidate.remote_id]);
      expect(res.body.data).toMatchObject({ job_id: h.id('jobs', open[0].id) });
    });

    it('create: with the same person already in JazzHR from before today, the lookup still picks only the new one', async () => {
      const existing = synced[5];
      await h.faults({ writes_time_out_after_commit: 1, time_out_ms: 3000 });
      const before = await h.stats();
      const res = await post('/candidates', { candidate: person({ first_name: existing.first_name, last_name: existing.last_name, email_address: existing.email }), duplicate_strategy: 'create_new' });
      expect(res.status).toBe(200);
      expect(res.body.data.remote_id).not.toBe(existing.id);
      expect((await h.stats()).records.applicants - before.records.applicants).toBe(1);
    });

    it('application: a timed-out POST /applicants2jobs is found by its pairing, not repeated', async () => {
      const existing = synced.find((s) => !s.jobs.some((j) => j.job_id === open[3].id) && s.id !== synced[0].id)!;
      await h.faults({ writes_time_out_after_commit: 1, time_out_ms: 3000 });
      const before = await h.stats();
      const res = await post(`/jobs/remote:${open[3].id}/applications`, { candidate: person({ email_address: existing.email }) });
      expect(res.status).toBe(200);
      const after = await h.stats();
      expect(after.by_endpoint['POST /applicants2jobs'] - (before.by_endpoint['POST /applicants2jobs'] ?? 0)).toBe(1);
      expect(after.records.applicants2jobs - before.records.applicants2jobs).toBe(1);
      const pairs = asList<JazzApplicant2Job>((await jazzGet<JazzApplicant2Job[]>(h.sandbox.url, `/applicants2jobs/applicant_id/${existing.id}/job_id/${open[3].id}`)).body);
      expect(pairs.map((p) => p.id)).toEqual([res.body.data.remote_id]);
    });

    it('create: a 5xx after JazzHR stored the applicant is looked up too, and not sent again', async () => {
      await h.faults({ writes_fail_after_commit: 1, server_error_status: 502 });
      const before = await h.stats();
      const res = await post('/candidates', { candidate: person({ first_name: 'Bad', last_name: 'Gateway', email_address: 'bad.gateway@upload.example' }) });
      expect(res.status).toBe(200);
      expect(messages(res)).toContain('not created twice');
      const after = await h.stats();
      expect(after.by_endpoint['POST /applicants'] - before.by_endpoint['POST /applicants']).toBe(1);
      expect((await applicantsNamed('Bad', 'Gateway')).map((a) => a.id)).toEqual([res.body.data.remote_id]);
    });

    it('a 5xx that JazzHR never stored: looked up, not found, sent once more → one applicant', async () => {
      await h.faults({ server_errors: 1 });
      const before = await h.stats();
      // create_new: no duplicate search first, so the 5xx falls on the create itself.
      const res = await post('/candidates', { candidate: person({ first_name: 'Retry', last_name: 'Once', email_address: 'retry.once@upload.example' }), duplicate_strategy: 'create_new' });
      expect(res.status).toBe(200);
      const after = await h.stats();
      expect(after.by_endpoint['POST /applicants'] - before.by_endpoint['POST /applicants']).toBe(2);
      expect(after.records.applicants - before.records.applicants).toBe(1);
      expect((await applicantsNamed('Retry', 'Once')).length).toBe(1);
    });
  });

  it('notes: an application note (POST /v1/ats/applications/:id/notes) is a JazzHR note on its applicant', async () => {
    const existing = synced.find((x) => x.jobs.length > 0 && x.id !== synced[0].id)!;
    const [mapping] = asList<JazzApplicant2Job>((await jazzGet<JazzApplicant2Job[]>(h.sandbox.url, `/applicants2jobs/applicant_id/${existing.id}`)).body);
    const res = await h.t.http().post(`/v1/ats/applications/${h.id('applications', mapping.id)}/notes`).set(h.as()).send({ content: 'Called back', content_type: 'PLAIN_TEXT' });
    expect(res.status).toBe(200);
    expect(messages(res)).toContain('on the applicant');
    expect((await detail(existing.id)).comments.map((c) => c.contents)).toContain('Called back');
  });

  it('the next DELTA finds the written-through records unchanged', async () => {
    const run = await h.sync('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
    expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
    // …and it did see them: they came in the delta (new apply dates and activities), each identical to its row.
    expect(run.counts.candidates!.unchanged).toBeGreaterThanOrEqual(5);
  });

  it('models JazzHR lacks are empty lists on the read API, not errors', async () => {
    for (const model of ['interviews', 'offers', 'rejection-reasons']) {
      const res = await h.t.http().get(`/v1/ats/${model}`).set(h.as());
      expect({ model, status: res.status, results: res.body.data?.results }).toEqual({ model, status: 200, results: [] });
    }
    // …and the connection says which ones it has.
    const connection = await h.t.http().get(`/v1/connections/${h.connectionId}`).set(h.t.admin);
    const models = connection.body.data.models;
    expect(models.unsupported).toEqual(expect.arrayContaining(['interviews', 'offers', 'rejection_reasons']));
    expect(models.supported).toEqual(expect.arrayContaining(['candidates', 'applications', 'jobs', 'users']));
    expect(models.supported).not.toContain('offers');
  });
});
