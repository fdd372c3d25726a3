import { AshbyWriteHarness } from '../connectors/ashby/ashby-write-harness.js';

/**
 * The upload flow of the Ashby seed over real HTTP: the app, an Ashby connection synced from the
 * Ashby sandbox, and Ashby's own records (and request counts) as the proof of what was written.
 */
describe('write API on Ashby', () => {
  const h = new AshbyWriteHarness();
  /** An open, non-confidential job and its interview plan. */
  let job: { id: string; stages: { id: string; title: string; type: string }[] };
  let otherJob: { id: string; stages: { id: string; title: string; type: string }[] };
  let confidentialJobId: string;
  let jose: { id: string; email: string };

  const candidate = (over: Record<string, unknown> = {}) => ({ first_name: 'Grace', last_name: 'Hopper', email_address: `grace.${Math.random().toString(36).slice(2, 8)}@example.com`, ...over });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => h.t.http().post(`/v1/ats${path}`).set(h.as(undefined, headers)).send(body as object);
  const counts = async () => (await h.stats()).records as { candidates: number; applications: number };
  const plan = async (id: string) => ({ id, stages: (await h.ashby('jobInterviewPlan.info', { jobId: id })).stages });

  beforeAll(async () => {
    await h.start({
      // A candidate with an accented name, synced by the first FULL.
      before: async (hh) => {
        const created = await hh.ashby('candidate.create', { name: 'José Núñez', email: 'Jose.Nunez@Example.com' });
        jose = { id: created.id, email: 'Jose.Nunez@Example.com' };
      },
    });
    const jobs = await h.ashby('job.list', { status: ['Open'] });
    const open = jobs.filter((j: any) => !j.confidential);
    job = await plan(open[0].id);
    otherJob = await plan(open[1].id);
    confidentialJobId = jobs.find((j: any) => j.confidential)?.id;
    expect(confidentialJobId).toBeDefined();
  }, 120_000);
  afterAll(() => h.close());
  afterEach(() => h.faults({ reset: true }));

  let created: { candidateId: string; remoteId: string; applicationId: string; applicationRemoteId: string };

  it('creates a candidate with an application that lands in the job’s "New Lead" stage; the read API shows both at once', async () => {
    const before = await counts();
    const res = await post(`/jobs/remote:${job.id}/applications`, { candidate: candidate({ first_name: 'Lead', last_name: 'Lander', phone_number: '+1 555 0101' }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', data: { remote_id: expect.any(String), candidate: { first_name: 'Lead', last_name: 'Lander' } } });
    const app = await h.ashby('application.info', { applicationId: res.body.data.remote_id });
    expect(app.currentInterviewStage.title).toBe('New Lead');
    expect(app.currentInterviewStage.id).toBe(job.stages.find((s) => s.type === 'Lead')!.id);
    const after = await counts();
    expect([after.candidates - before.candidates, after.applications - before.applications]).toEqual([1, 1]);
    created = { candidateId: res.body.data.candidate.id, remoteId: res.body.data.candidate.remote_id, applicationId: res.body.data.id, applicationRemoteId: app.id };

    const read = await h.t.http().get(`/v1/ats/candidates/${created.candidateId}`).set(h.as());
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ remote_id: app.candidate.id, first_name: 'Lead', phone_numbers: [{ phone_number: '+1 555 0101' }] });
    const readApp = await h.t.http().get(`/v1/ats/applications/${created.applicationId}`).set(h.as());
    expect(readApp.body.data).toMatchObject({ job_id: h.id('jobs', job.id), current_stage_id: h.id('application_stages', app.currentInterviewStage.id) });
  });

  it('creates a candidate without a job (POST /v1/ats/candidates, no application)', async () => {
    const before = await counts();
    const res = await post('/candidates', { candidate: candidate({ first_name: 'Solo' }) });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ first_name: 'Solo', applications: [] });
    const after = await counts();
    expect([after.candidates - before.candidates, after.applications - before.applications]).toEqual([1, 0]);
    expect((await h.ashby('candidate.info', { id: res.body.data.remote_id })).applicationIds).toEqual([]);
  });

  it('sourced_by and source: the candidate is credited to the user, with the source Ashby has by that name', async () => {
    const users = await h.ashby('user.list', {});
    const res = await post(`/jobs/remote:${job.id}/applications`, { candidate: candidate({ first_name: 'Credited' }), sourced_by: { user_id: h.id('users', users[2].id) }, source: { name: 'LinkedIn Sourcing' } });
    expect(res.status).toBe(200);
    const remote = await h.ashby('candidate.info', { id: res.body.data.candidate.remote_id });
    expect([remote.creditedToUser.id, remote.source.title]).toEqual([users[2].id, 'LinkedIn Sourcing']);
    expect((await h.ashby('application.info', { applicationId: res.body.data.remote_id })).source.title).toBe('LinkedIn Sourcing');
    expect(res.body.data.candidate.source).toBe('LinkedIn Sourcing');
    const unknown = await post('/candidates', { candidate: candidate({ first_name: 'Unsourced' }), source: { name: 'Carrier pigeon' } });
    expect(unknown.status).toBe(200);
    expect(unknown.body.warnings).toEqual([{ message: expect.stringContaining('no source named "Carrier pigeon"') }]);
  });

  it('GET /v1/ats/actions/ats_create_application on Ashby: available, with the attachment restrictions', async () => {
    const res = await h.t.http().get('/v1/ats/actions/ats_create_application').set(h.as());
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ provider: 'ashby', available: true, attachment_restrictions: { types: { CV: { is_supported: true }, OTHER: { is_supported: true } } } });
  });

  it('Kombo’s older create with application{job_id} and no stage also lands in "New Lead"', async () => {
    const res = await post('/candidates', { candidate: candidate({ first_name: 'Older' }), application: { job_id: h.id('jobs', otherJob.id) } });
    expect(res.status).toBe(200);
    const [applicationId] = (await h.ashby('candidate.info', { id: res.body.data.remote_id })).applicationIds;
    expect((await h.ashby('application.info', { applicationId })).currentInterviewStage.title).toBe('New Lead');
  });

  it('the next DELTA and FULL syncs find the written-through records unchanged', async () => {
    for (const type of ['DELTA', 'FULL'] as const) {
      const run = await h.sync(type);
      expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
      expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
    }
  });

  describe('duplicates', () => {
    it('attach_on_email_match (default): the email in another case adds an application to the existing candidate, no candidate', async () => {
      const before = await counts();
      const res = await post(`/jobs/remote:${job.id}/applications`, { candidate: candidate({ first_name: 'Jose', last_name: 'Nunez', email_address: 'JOSE.NUNEZ@example.COM' }) });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).toBe(jose.id);
      expect(res.body.warnings).toEqual([{ message: expect.stringContaining('attach_on_email_match') }]);
      const after = await counts();
      expect([after.candidates - before.candidates, after.applications - before.applications]).toEqual([0, 1]);
      expect((await h.ashby('application.info', { applicationId: res.body.data.remote_id })).candidate.id).toBe(jose.id);
    });

    it('attach_on_email_match also finds a candidate created in Ashby after the last sync (live search), and creates none', async () => {
      const late = await h.ashby('candidate.create', { name: 'Newer Than Sync', email: 'newer.than.sync@example.com' });
      const before = await counts();
      const res = await post(`/jobs/remote:${job.id}/applications`, { candidate: candidate({ first_name: 'Newer', last_name: 'Than Sync', email_address: 'Newer.Than.Sync@EXAMPLE.com' }) });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).toBe(late.id);
      const after = await counts();
      expect([after.candidates - before.candidates, after.applications - before.applications]).toEqual([0, 1]);
      // Written through: the mirror has the late candidate now, with the new application.
      const read = await h.t.http().get(`/v1/ats/candidates/${h.id('candidates', late.id)}`).set(h.as());
      expect(read.body.data.applications.map((a: any) => a.remote_id)).toEqual([res.body.data.remote_id]);
    });

    it('create_new makes a second candidate with the same email', async () => {
      const before = await counts();
      const res = await post('/candidates', { candidate: candidate({ first_name: 'José', last_name: 'Núñez', email_address: jose.email }), duplicate_strategy: 'create_new' });
      expect(res.status).toBe(200);
      expect(res.body.data.remote_id).not.toBe(jose.id);
      expect((await counts()).candidates - before.candidates).toBe(1);
      expect((await h.ashby('candidate.search', { email: jose.email })).map((c: any) => c.id).sort()).toEqual([jose.id, res.body.data.remote_id].sort());
    });

    it('fail: 409 ATS.CANDIDATE_DUPLICATE listing the matches, and no write reaches Ashby', async () => {
      const before = await h.stats();
      const res = await post(`/jobs/remote:${otherJob.id}/applications`, { candidate: candidate({ email_address: 'jose.nunez@example.com' }), duplicate_strategy: 'fail' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ATS.CANDIDATE_DUPLICATE');
      expect(res.body.error.matches.map((m: { remote_id: string }) => m.remote_id)).toContain(jose.id);
      const after = await h.stats();
      for (const write of ['candidate.create', 'application.create', 'candidate.update']) expect(after.by_endpoint[write] ?? 0).toBe(before.by_endpoint[write] ?? 0);
      expect(after.records).toEqual(before.records);
    });

    it('merge_with_candidate_id adds the new email and the application; the old emails and the source stay', async () => {
      // A synced candidate with a source and an email, not yet applied to the job.
      const listed = await h.t.http().get('/v1/ats/candidates?page_size=100').set(h.as());
      const target = listed.body.data.results.find((c: any) => c.source && c.email_addresses.length > 0 && !c.applications.some((a: any) => a.job?.remote_id === otherJob.id) && c.remote_id !== jose.id);
      expect(target).toBeDefined();
      const old = await h.ashby('candidate.info', { id: target.remote_id });
      const oldEmails = old.emailAddresses.map((e: any) => e.value);
      const before = await counts();
      const res = await post(`/jobs/remote:${otherJob.id}/applications`, {
        candidate: candidate({ first_name: 'Someone', last_name: 'Else', email_address: 'merged.in@work.example' }),
        merge_with_candidate_id: target.id,
      });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).toBe(target.remote_id);
      const merged = await h.ashby('candidate.info', { id: target.remote_id });
      expect(merged.emailAddresses.map((e: any) => e.value)).toEqual([...oldEmails, 'merged.in@work.example']);
      expect(merged.name).toBe(old.name);
      expect(merged.source).toEqual(old.source);
      const after = await counts();
      expect([after.candidates - before.candidates, after.applications - before.applications]).toEqual([0, 1]);
      const read = await h.t.http().get(`/v1/ats/candidates/${target.id}`).set(h.as());
      expect(read.body.data.email_addresses.map((e: any) => e.email_address)).toEqual([...oldEmails, 'merged.in@work.example']);
      expect(read.body.data.source).toBe(target.source);
    });
  });

  describe('duplicate-check', () => {
    const check = (body: object) => post('/candidates/duplicate-check', body);
    const ids = (res: { body: any }) => res.body.data.results.map((r: any) => r.candidate.remote_id);

    it('finds a synced candidate by email (any case)', async () => {
      const res = await check({ email_addresses: ['jose.NUNEZ@example.com'] });
      expect(res.status).toBe(200);
      expect(res.body.data.results.find((r: any) => r.candidate.remote_id === jose.id)).toMatchObject({ matched_on: ['email'] });
    });

    it('finds a synced candidate by a name folded for case and accents', async () => {
      const res = await check({ first_name: 'JOSE', last_name: ' nunez ', email_addresses: [] });
      expect(res.body.data.results.find((r: any) => r.candidate.remote_id === jose.id)).toMatchObject({ matched_on: ['name'] });
    });

    it('finds a candidate created in Ashby after the last sync (Ashby’s live search)', async () => {
      const late = await h.ashby('candidate.create', { name: 'Late Comer', email: 'late.comer@example.com' });
      expect(ids(await check({ email_addresses: ['LATE.COMER@example.com'] }))).toContain(late.id);
      const byName = await h.ashby('candidate.create', { name: 'Later Still', email: 'later.still@example.com' });
      expect(ids(await check({ first_name: 'Later', last_name: 'Still' }))).toContain(byName.id);
    });
  });

  describe('bad input: 400/404 naming the fields, and not one request to Ashby', () => {
    let requests: number;
    beforeEach(async () => (requests = await h.partnerRequests()));
    afterEach(async () => expect(await h.partnerRequests()).toBe(requests));

    it('missing first name, last name and email are all named (400 PLATFORM.INPUT_INVALID)', async () => {
      const res = await post(`/jobs/remote:${job.id}/applications`, { candidate: {} });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PLATFORM.INPUT_INVALID');
      for (const field of ['candidate.first_name', 'candidate.last_name', 'candidate.email_address']) expect(res.body.error.message).toContain(field);
    });

    it('a malformed email, an unknown stage and a stage of another job', async () => {
      const bad = await post('/candidates', { candidate: candidate({ email_address: 'not-an-email' }) });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'PLATFORM.INPUT_INVALID']);
      expect(bad.body.error.message).toContain('candidate.email_address');
      const unknown = await post(`/jobs/remote:${job.id}/applications`, { candidate: candidate(), stage_id: 'remote:no-such-stage' });
      expect([unknown.status, unknown.body.error.code]).toEqual([400, 'PLATFORM.INPUT_INVALID']);
      expect(unknown.body.error.message).toContain('stage_id');
      const other = await post(`/jobs/remote:${job.id}/applications`, { candidate: candidate(), stage_id: `remote:${otherJob.stages[0].id}` });
      expect(other.status).toBe(400);
      expect(other.body.error.message).toContain('is not a stage of the job');
    });

    it('a confidential job answers exactly as a job that does not exist (404)', async () => {
      const missing = await post('/jobs/remote:00000000-0000-4000-a000-000000000000/applications', { candidate: candidate() });
      const secret = await post(`/jobs/remote:${confidentialJobId}/applications`, { candidate: candidate() });
      expect([missing.status, missing.body.error.code]).toEqual([404, 'PLATFORM.INPUT_INVALID']);
      expect(secret.status).toBe(404);
      const strip = (b: { error: Record<string, unknown> }) => ({ ...b.error, message: String(b.error.message).replace(/remote:\S+/g, 'ID'), log_url: undefined });
      expect(strip(secret.body)).toEqual(strip(missing.body));
      const older = await post('/candidates', { candidate: candidate(), application: { job_id: `remote:${confidentialJobId}` } });
      expect([older.status, older.body.error.code]).toEqual([404, 'PLATFORM.INPUT_INVALID']);
    });

    it('GET /v1/ats/jobs?confidential=false leaves the confidential job out', async () => {
      const res = await h.t.http().get('/v1/ats/jobs?confidential=false&page_size=250').set(h.as());
      const remoteIds = res.body.data.results.map((j: any) => j.remote_id);
      expect(remoteIds).toContain(job.id);
      expect(remoteIds).not.toContain(confidentialJobId);
    });
  });

  it('Idempotency-Key: the same key and body replay the stored response (Idempotent-Replay: true); another body → 422', async () => {
    const body = { candidate: candidate({ first_name: 'Idem' }) };
    const first = await post('/candidates', body, { 'Idempotency-Key': 'ashby-key-1' });
    expect(first.status).toBe(200);
    const before = await h.stats();
    const again = await post('/candidates', body, { 'Idempotency-Key': 'ashby-key-1' });
    expect([again.status, again.headers['idempotent-replay']]).toEqual([200, 'true']);
    expect(again.body).toEqual(first.body);
    const other = await post('/candidates', { candidate: candidate({ first_name: 'Other' }) }, { 'Idempotency-Key': 'ashby-key-1' });
    expect([other.status, other.body.error.code]).toEqual([422, 'PLATFORM.INPUT_INVALID']);
    const after = await h.stats();
    expect(after.records.candidates).toBe(before.records.candidates);
    expect(after.by_endpoint['candidate.create']).toBe(before.by_endpoint['candidate.create']);
  });

  it('a create whose answer times out after Ashby stored it makes exactly one candidate', async () => {
    const body = { candidate: candidate({ first_name: 'Once' }) };
    const before = await h.stats();
    await h.faults({ writes_time_out_after_commit: 1, time_out_ms: 8_000, write_fault_endpoints: ['candidate.create'] });
    const res = await post(`/jobs/remote:${job.id}/applications`, body);
    expect(res.status).toBe(200);
    const after = await h.stats();
    expect(after.faults.writes_time_out_after_commit).toBe(0);
    expect(after.by_endpoint['candidate.create'] - before.by_endpoint['candidate.create']).toBe(1);
    expect(after.records.candidates - before.records.candidates).toBe(1);
    const found = await h.ashby('candidate.search', { email: body.candidate.email_address });
    expect(found.map((c: any) => c.id)).toEqual([res.body.data.candidate.remote_id]);
    expect(found[0].applicationIds).toEqual([res.body.data.remote_id]);
  });

  it('a create Ashby answers with a 5xx and did not store: REMOTE.SERVICE_UNAVAILABLE only if the retry fails too, never a 500', async () => {
    await h.faults({ server_errors: 2, server_error_endpoints: ['candidate.create'] });
    const body = { candidate: candidate({ first_name: 'Down' }) };
    const res = await post('/candidates', body);
    expect([res.status, res.body.error.code]).toEqual([503, 'REMOTE.SERVICE_UNAVAILABLE']);
    expect(await h.ashby('candidate.search', { email: body.candidate.email_address })).toEqual([]);
  });

  it('Ashby’s own refusals (200 success:false) → 400 with Ashby’s message: Kombo’s ATS.APPLICATION_ALREADY_EXISTS for a second application, else REMOTE.INPUT_INVALID', async () => {
    // The candidate has an application for this job already: Ashby refuses a second one.
    const res = await post(`/jobs/remote:${job.id}/applications`, { candidate: candidate({ email_address: 'jose.nunez@example.com' }) });
    expect([res.status, res.body.error.code]).toEqual([400, 'ATS.APPLICATION_ALREADY_EXISTS']);
    expect(res.body.error.message).toContain('application_already_exists');
    // A move to the Archived stage without a reason (that is a reject): Ashby refuses it and says why.
    const stale = job.stages.find((s) => s.type === 'Archived')!;
    const moved = await h.t.http().put(`/v1/ats/applications/${created.applicationId}/stage`).set(h.as()).send({ stage_id: h.id('application_stages', stale.id) });
    expect([moved.status, moved.body.error.code]).toEqual([400, 'REMOTE.INPUT_INVALID']);
    expect(moved.body.error.message).toContain('archive_reason_required');
  });

  it('a key scoped to another connection cannot write to this one (404), and Ashby sees nothing', async () => {
    const other = await h.connect();
    const key = (await h.t.http().post('/v1/api-keys').set(h.t.admin).send({ connection_id: other })).body.data.key;
    const requests = await h.partnerRequests();
    const res = await h.t.http().post('/v1/ats/candidates').set({ Authorization: `Bearer ${key}`, 'X-Integration-Id': h.connectionId }).send({ candidate: candidate() });
    expect(res.status).toBe(404);
    const tag = await h.t.http().post(`/v1/ats/candidates/${created.candidateId}/tags`).set({ Authorization: `Bearer ${key}`, 'X-Integration-Id': h.connectionId }).send({ tag: { name: 'x' } });
    expect(tag.status).toBe(404);
    expect(await h.partnerRequests()).toBe(requests);
  });

  it('a write on a candidate whose source Ashby keeps only on the first application keeps that source (write-through derives it as the sync does)', async () => {
    const listed = await h.t.http().get('/v1/ats/candidates?page_size=250').set(h.as());
    let target: any;
    for (const c of listed.body.data.results.filter((x: any) => x.source)) {
      if (!(await h.ashby('candidate.info', { id: c.remote_id })).source) {
        target = c;
        break;
      }
    }
    expect(target).toBeDefined();
    const res = await post(`/candidates/${target.id}/tags`, { tag: { name: 'Derived source check' } });
    expect(res.status).toBe(200);
    const read = await h.t.http().get(`/v1/ats/candidates/${target.id}`).set(h.as());
    expect(read.body.data.source).toBe(target.source);
    expect(read.body.data.tags.map((t: any) => t.name)).toContain('Derived source check');
  });

  describe('the other writes', () => {
    it('moves the application to a stage, then rejects it (archive with the reason)', async () => {
      const screen = job.stages.find((s) => s.type === 'PreInterviewScreen')!;
      const moved = await h.t.http().put(`/v1/ats/applications/${created.applicationId}/stage`).set(h.as()).send({ stage_id: h.id('application_stages', screen.id) });
      expect(moved.status).toBe(200);
      expect((await h.ashby('application.info', { applicationId: created.applicationRemoteId })).currentInterviewStage.id).toBe(screen.id);
      const reasons = await h.ashby('archiveReason.list', {});
      const rejected = await h.t.http().post(`/v1/ats/applications/${created.applicationId}/reject`).set(h.as()).send({ rejection_reason_id: `remote:${reasons[0].id}` });
      expect(rejected.status).toBe(200);
      const app = await h.ashby('application.info', { applicationId: created.applicationRemoteId });
      expect([app.status, app.archiveReason.id]).toEqual(['Archived', reasons[0].id]);
      const read = await h.t.http().get(`/v1/ats/applications/${created.applicationId}`).set(h.as());
      expect(read.body.data).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: reasons[0].text });
    });

    it('a new tag is created and added; the read API shows it at once; removing it works', async () => {
      const added = await post(`/candidates/${created.candidateId}/tags`, { tag: { name: 'Sourced via ats-sync' } });
      expect(added.status).toBe(200);
      expect((await h.ashby('candidate.info', { id: created.remoteId })).tags.map((t: any) => t.title)).toEqual(['Sourced via ats-sync']);
      const read = await h.t.http().get(`/v1/ats/candidates/${created.candidateId}`).set(h.as());
      expect(read.body.data.tags.map((t: any) => t.name)).toEqual(['Sourced via ats-sync']);
      const removed = await h.t.http().delete(`/v1/ats/candidates/${created.candidateId}/tags`).set(h.as()).send({ tag: { name: 'Sourced via ats-sync' } });
      expect(removed.status).toBe(200);
      expect((await h.ashby('candidate.info', { id: created.remoteId })).tags).toEqual([]);
    });

    it('a note and attachments land on the candidate; the attachment read lists them', async () => {
      const notes = (await counts() as any).notes;
      const note = await post(`/applications/${created.applicationId}/notes`, { content: 'Great call', content_type: 'PLAIN_TEXT' });
      expect(note.status).toBe(200);
      expect(note.body.warnings).toEqual([{ message: expect.stringContaining('notes on the candidate') }]);
      expect(((await counts()) as any).notes - notes).toBe(1);
      const cv = await post(`/candidates/${created.candidateId}/attachments`, { attachment: { name: 'cv.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF-1.4').toString('base64'), type: 'CV' } });
      const letter = await post(`/applications/${created.applicationId}/attachments`, { attachment: { name: 'letter.txt', data_url: 'data:text/plain;base64,aGk=', type: 'COVER_LETTER' } });
      expect([cv.status, letter.status]).toEqual([200, 200]);
      const listed = await h.t.http().get(`/v1/ats/candidates/${created.candidateId}/attachments`).set(h.as());
      expect(listed.body.data.results.map((a: any) => [a.file_name, a.type])).toEqual([['cv.pdf', 'CV'], ['letter.txt', 'OTHER']]);
    });

    it('the DELTA after these writes still finds nothing changed (the tag made by the write included)', async () => {
      const run = await h.sync('DELTA');
      expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
      expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
      expect(run.counts.tags ?? { created: 0, updated: 0 }).toMatchObject({ created: 0, updated: 0 });
    });
  });
});
