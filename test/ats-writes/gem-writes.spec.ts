import type { GemApplication, GemCandidate, GemJob, GemJobStage } from '../../src/connectors/gem/gem.types.js';
import { API_KEY, gemAll, gemGet } from '../connectors/gem/gem-test-kit.js';
import { GemWriteHarness, writeRequests } from '../connectors/gem/gem-write-harness.js';

/**
 * The upload flow on Gem, over real HTTP: the app, the real Gem connector and the Gem sandbox behind
 * a synced connection. Every outcome is checked in the sandbox's own data and counters.
 */
describe('write API on Gem', () => {
  const h = new GemWriteHarness();
  let jobA: GemJob;
  let jobB: GemJob;
  let confidential: GemJob;
  let stagesA: GemJobStage[];
  let synced: GemCandidate[];

  beforeAll(async () => {
    await h.start();
    const jobs = await gemAll<GemJob>(h.sandbox.url, '/ats/v0/jobs');
    [jobA, jobB] = jobs.filter((j) => j.status === 'open' && !j.confidential);
    confidential = jobs.find((j) => j.confidential)!;
    stagesA = (await gemGet<GemJobStage[]>(h.sandbox.url, `/ats/v0/jobs/${jobA.id}/stages`)).body.sort((a, b) => a.priority - b.priority);
    synced = (await gemAll<GemCandidate>(h.sandbox.url, '/ats/v0/candidates')).filter((c) => c.applications.length > 0);
  }, 120_000);
  afterAll(() => h.close());
  afterEach(() => h.faults(null));

  const candidate = (over: Record<string, unknown> = {}) => ({ first_name: 'Grace', last_name: 'Hopper', email_address: 'grace@upload.example', ...over });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}, connectionId = h.connectionId) =>
    h.t.http().post(`/v1/ats${path}`).set(h.as(connectionId, headers)).send(body as object);
  const gemCandidate = async (id: string) => (await gemGet<GemCandidate>(h.sandbox.url, `/ats/v0/candidates/${id}`)).body;
  const byEmail = (email: string) => gemAll<GemCandidate>(h.sandbox.url, '/ats/v0/candidates', `&email=${encodeURIComponent(email)}`);

  it('creates a candidate with an application in the job’s first stage, shown by the read API at once', async () => {
    const before = await h.stats();
    const res = await post(`/jobs/remote:${jobA.id}/applications`, { candidate: candidate({ email_address: 'grace.one@upload.example' }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', warnings: [] });
    const after = await h.stats();
    expect(after.records.candidates - before.records.candidates).toBe(1);
    expect(after.records.applications - before.records.applications).toBe(1);
    const created = await gemCandidate(res.body.data.candidate.remote_id);
    expect(created.applications).toEqual([expect.objectContaining({ id: res.body.data.remote_id, current_stage: { id: stagesA[0].id, name: stagesA[0].name } })]);
    const read = await h.t.http().get(`/v1/ats/applications/${res.body.data.id}`).set(h.as());
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ remote_id: res.body.data.remote_id, job_id: h.id('jobs', jobA.id), current_stage_id: h.id('application_stages', stagesA[0].id) });
    const person = await h.t.http().get(`/v1/ats/candidates/${res.body.data.candidate.id}`).set(h.as());
    expect(person.body.data).toMatchObject({ first_name: 'Grace', email_addresses: [expect.objectContaining({ email_address: 'grace.one@upload.example' })] });
  });

  it('creates a candidate without a job through Gem’s v0 create, credited to the connection’s default user', async () => {
    const before = await h.stats();
    const res = await post('/candidates', { candidate: candidate({ first_name: 'Solo', email_address: 'solo@upload.example' }) });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ first_name: 'Solo', applications: [] });
    expect((await h.stats()).records.candidates).toBe(before.records.candidates + 1);
    expect((await gemGet<{ created_by: string }>(h.sandbox.url, `/v0/candidates/${res.body.data.remote_id}`)).body.created_by).toBe(h.defaultUser);
  });

  it('sourced_by names the Gem user a v0 create is credited to', async () => {
    const other = (await gemAll<{ id: string }>(h.sandbox.url, '/ats/v0/users'))[1].id;
    const res = await post('/candidates', { candidate: candidate({ first_name: 'Credited', email_address: 'credited@upload.example' }), sourced_by: { user_id: `remote:${other}` } });
    expect(res.status).toBe(200);
    expect((await gemGet<{ created_by: string }>(h.sandbox.url, `/v0/candidates/${res.body.data.remote_id}`)).body.created_by).toBe(other);
  });

  it('the next sync finds the written-through candidates and applications unchanged', async () => {
    const run = await h.sync('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
    expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
    // …and it did see them: they came in the delta, each found identical to its row.
    expect(run.counts.candidates!.unchanged).toBeGreaterThanOrEqual(2);
    expect(run.counts.applications!.unchanged).toBeGreaterThanOrEqual(1);
  });

  describe('duplicates', () => {
    it('attach_on_email_match: the email in another case adds an application to the existing candidate and creates none', async () => {
      const existing = synced.find((c) => !c.applications.some((a) => a.jobs.some((j) => j.id === jobB.id)))!;
      const before = await h.stats();
      const res = await post(`/jobs/remote:${jobB.id}/applications`, { candidate: candidate({ email_address: existing.email_addresses[0].value.toUpperCase() }) });
      expect(res.status).toBe(200);
      const after = await h.stats();
      expect(after.records.candidates).toBe(before.records.candidates);
      expect(after.records.applications).toBe(before.records.applications + 1);
      expect(res.body.data.candidate.remote_id).toBe(existing.id);
      expect(res.body.warnings).toEqual([{ message: expect.stringContaining('attach_on_email_match') }]);
      const now = await gemCandidate(existing.id);
      expect(now.applications.find((a) => a.id === res.body.data.remote_id)?.jobs[0].id).toBe(jobB.id);
    });

    it('the same person to the same job again: Gem refuses a second active application → 400 ATS.APPLICATION_ALREADY_EXISTS, nothing created', async () => {
      const email = 'twice@upload.example';
      expect((await post(`/jobs/remote:${jobB.id}/applications`, { candidate: candidate({ email_address: email }) })).status).toBe(200);
      const before = await h.stats();
      const again = await post(`/jobs/remote:${jobB.id}/applications`, { candidate: candidate({ email_address: email.toUpperCase() }) });
      expect(again.status).toBe(400);
      expect(again.body.error).toMatchObject({ code: 'ATS.APPLICATION_ALREADY_EXISTS', message: expect.stringContaining(jobB.id) });
      const after = await h.stats();
      expect([after.records.candidates, after.records.applications]).toEqual([before.records.candidates, before.records.applications]);
    });

    it('create_new with a job: Gem’s ATS create does not dedupe, so a second candidate with that email exists', async () => {
      const existing = synced[1];
      const email = existing.email_addresses[0].value;
      const res = await post(`/jobs/remote:${jobA.id}/applications`, { candidate: candidate({ email_address: email }), duplicate_strategy: 'create_new' });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).not.toBe(existing.id);
      expect((await byEmail(email)).map((c) => c.id).sort()).toEqual([existing.id, res.body.data.candidate.remote_id].sort());
    });

    it('create_new without a job: Gem’s v0 refuses a known email, so the existing candidate is used and the answer says so', async () => {
      const existing = synced[2];
      const before = await h.stats();
      const res = await post('/candidates', { candidate: candidate({ email_address: existing.email_addresses[0].value }), duplicate_strategy: 'create_new' });
      expect(res.status).toBe(200);
      expect(res.body.data.remote_id).toBe(existing.id);
      expect(res.body.warnings.map((w: { message: string }) => w.message).join(' ')).toContain('one candidate per email address');
      expect((await h.stats()).records.candidates).toBe(before.records.candidates);
    });

    it('merge_with_candidate_id adds the new email, keeps the old ones and the source', async () => {
      // As Gem has it now (an earlier test may have added an application to it).
      const existing = await gemCandidate(synced.find((c) => c.applications.some((a) => a.source) && !c.applications.some((a) => a.jobs.some((j) => j.id === jobA.id)))!.id);
      const mirrored = (await h.t.http().get(`/v1/ats/candidates/${h.id('candidates', existing.id)}`).set(h.as())).body.data;
      const res = await post(`/jobs/remote:${jobA.id}/applications`, {
        candidate: candidate({ first_name: existing.first_name, last_name: existing.last_name, email_address: 'merged.new@upload.example' }),
        merge_with_candidate_id: h.id('candidates', existing.id),
      });
      expect(res.status).toBe(200);
      const now = await gemCandidate(existing.id);
      expect(now.email_addresses.map((e) => e.value)).toEqual([...existing.email_addresses.map((e) => e.value), 'merged.new@upload.example']);
      expect(now.applications.filter((a) => a.id !== res.body.data.remote_id).map((a) => a.source)).toEqual(existing.applications.map((a) => a.source));
      const read = (await h.t.http().get(`/v1/ats/candidates/${h.id('candidates', existing.id)}`).set(h.as())).body.data;
      expect(read.source).toBe(mirrored.source);
      expect(read.email_addresses.map((e: { email_address: string }) => e.email_address)).toContain('merged.new@upload.example');
      expect(read.email_addresses.slice(0, mirrored.email_addresses.length)).toEqual(mirrored.email_addresses);
    });

    it('a candidate created in Gem after the last sync is found live by email: fail → 409, the default attaches to it', async () => {
      const made = await fetch(`${h.sandbox.url}/v0/candidates`, {
        method: 'POST',
        headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify({ created_by: h.defaultUser, first_name: 'New', last_name: 'InGem', emails: [{ email_address: 'new.in.gem@upload.example', is_primary: true }] }),
      });
      const late = (await made.json()) as { id: string };
      const refused = await post('/candidates', { candidate: candidate({ email_address: 'NEW.IN.GEM@upload.example' }), duplicate_strategy: 'fail' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.matches).toEqual([{ candidate_id: h.id('candidates', late.id), remote_id: late.id }]);
      const before = await h.stats();
      const res = await post(`/jobs/remote:${jobA.id}/applications`, { candidate: candidate({ email_address: 'new.in.gem@upload.example' }) });
      expect(res.status).toBe(200);
      expect(res.body.data.candidate.remote_id).toBe(late.id);
      const after = await h.stats();
      expect([after.records.candidates, after.records.applications]).toEqual([before.records.candidates, before.records.applications + 1]);
    });

    it('fail: 409 ATS.CANDIDATE_DUPLICATE naming the match, nothing written', async () => {
      const existing = synced[3];
      const before = writeRequests(await h.stats());
      const res = await post('/candidates', { candidate: candidate({ email_address: existing.email_addresses[0].value }), duplicate_strategy: 'fail' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ATS.CANDIDATE_DUPLICATE');
      expect(res.body.error.matches).toEqual([{ candidate_id: h.id('candidates', existing.id), remote_id: existing.id }]);
      expect(writeRequests(await h.stats())).toBe(before);
    });
  });

  describe('duplicate-check', () => {
    const check = (body: unknown) => post('/candidates/duplicate-check', body);

    it('finds a synced candidate by email and by accent-folded name', async () => {
      const target = synced.slice(4).find((c) => /[aeo]/i.test(c.first_name!) && /[aeo]/i.test(c.last_name!))!;
      const byMail = await check({ email_addresses: [target.email_addresses[0].value.toUpperCase()] });
      expect(byMail.status).toBe(200);
      expect(byMail.body.data.results[0]).toMatchObject({ candidate: { remote_id: target.id }, matched_on: ['email'] });
      const accented = (s: string) => s.toUpperCase().replace(/A/, 'Á').replace(/E/, 'É').replace(/O/, 'Ö');
      expect(accented(target.first_name!)).not.toBe(target.first_name!.toUpperCase());
      expect(accented(target.last_name!)).not.toBe(target.last_name!.toUpperCase());
      const byName = await check({ first_name: ` ${accented(target.first_name!)}`, last_name: accented(target.last_name!) });
      expect(byName.body.data.results.map((r: { candidate: { remote_id: string } }) => r.candidate.remote_id)).toContain(target.id);
      expect(byName.body.data.results.find((r: { candidate: { remote_id: string } }) => r.candidate.remote_id === target.id).matched_on).toEqual(['name']);
    });

    it('finds a candidate created in Gem after the last sync, through Gem’s live email search', async () => {
      const created = await fetch(`${h.sandbox.url}/v0/candidates`, {
        method: 'POST',
        headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
        body: JSON.stringify({ created_by: h.defaultUser, first_name: 'Late', last_name: 'Comer', emails: [{ email_address: 'late.comer@upload.example', is_primary: true }] }),
      });
      const late = (await created.json()) as { id: string };
      const res = await check({ email_addresses: ['Late.Comer@upload.example'] });
      expect(res.body.data.results).toEqual([expect.objectContaining({ candidate: expect.objectContaining({ remote_id: late.id, first_name: 'Late' }), matched_on: ['email'] })]);
    });
  });

  describe('bad input', () => {
    it.each([
      ['a missing first name', { candidate: { last_name: 'H', email_address: 'x@upload.example' } }, 'candidate.first_name'],
      ['a missing last name', { candidate: { first_name: 'G', email_address: 'x@upload.example' } }, 'candidate.last_name'],
      ['a missing email', { candidate: { first_name: 'G', last_name: 'H' } }, 'candidate.email_address'],
      ['a malformed email', { candidate: { first_name: 'G', last_name: 'H', email_address: 'not-an-email' } }, 'candidate.email_address'],
      ['an unknown stage', { candidate: candidate(), stage_id: 'remote:nope' }, 'stage_id'],
    ])('%s → 400 PLATFORM.INPUT_INVALID naming the field, no partner request', async (_what, body, field) => {
      const before = (await h.stats()).requests;
      const res = await post(`/jobs/remote:${jobA.id}/applications`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PLATFORM.INPUT_INVALID');
      expect(res.body.error.message).toContain(field);
      expect((await h.stats()).requests).toBe(before);
    });

    it('a stage of another job → 400 naming stage_id, no partner request', async () => {
      const otherStage = (await gemGet<GemJobStage[]>(h.sandbox.url, `/ats/v0/jobs/${jobB.id}/stages`)).body[0];
      const before = (await h.stats()).requests;
      const res = await post(`/jobs/remote:${jobA.id}/applications`, { candidate: candidate(), stage_id: `remote:${otherStage.id}` });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringContaining('stage_id') });
      expect((await h.stats()).requests).toBe(before);
    });

    it('a confidential job answers exactly as a missing one (404), with no partner request', async () => {
      const before = (await h.stats()).requests;
      const hidden = await post(`/jobs/remote:${confidential.id}/applications`, { candidate: candidate() });
      const missing = await post('/jobs/remote:no-such-job/applications', { candidate: candidate() });
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.body.error.code).toBe(missing.body.error.code);
      expect(hidden.body.error.message.replace(confidential.id, 'X')).toBe(missing.body.error.message.replace('no-such-job', 'X'));
      expect((await h.stats()).requests).toBe(before);
    });
  });

  it('with settings.allow_confidential_jobs a confidential job takes uploads', async () => {
    const patch = (allow: boolean) => h.t.http().patch(`/v1/connections/${h.connectionId}`).set(h.t.admin).send({ settings: { allow_confidential_jobs: allow } });
    expect((await patch(true)).status).toBe(200);
    try {
      const res = await post(`/jobs/remote:${confidential.id}/applications`, { candidate: candidate({ email_address: 'confidential.ok@upload.example' }) });
      expect(res.status).toBe(200);
      expect((await gemCandidate(res.body.data.candidate.remote_id)).applications[0].jobs[0].id).toBe(confidential.id);
    } finally {
      expect((await patch(false)).status).toBe(200);
    }
  });

  describe('safe retries', () => {
    it('the same Idempotency-Key replays the stored answer: one candidate; another body → 422', async () => {
      const body = { candidate: candidate({ email_address: 'idem@upload.example' }) };
      const before = await h.stats();
      const first = await post(`/jobs/remote:${jobA.id}/applications`, body, { 'Idempotency-Key': 'gem-idem-1' });
      const again = await post(`/jobs/remote:${jobA.id}/applications`, body, { 'Idempotency-Key': 'gem-idem-1' });
      expect(first.status).toBe(200);
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replay']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await h.stats()).records.candidates).toBe(before.records.candidates + 1);
      const other = await post(`/jobs/remote:${jobA.id}/applications`, { candidate: candidate({ email_address: 'other@upload.example' }) }, { 'Idempotency-Key': 'gem-idem-1' });
      expect(other.status).toBe(422);
    });

    it.each([
      ['with a job (ATS create), the answer timing out', 'job', { writes_time_out_after_commit: 1, time_out_ms: 3000 }],
      ['with a job (ATS create), a 503 after the write', 'job', { writes_fail_after_commit: 1 }],
      ['without a job (v0 create), the answer timing out', 'none', { writes_time_out_after_commit: 1, time_out_ms: 3000 }],
    ])('a create %s is looked up by email, not repeated: exactly one candidate', async (_what, target, fault) => {
      const email = `lost.${target}.${Object.keys(fault)[0]}@upload.example`;
      await h.faults(fault);
      const before = await h.stats();
      const res = target === 'job' ? await post(`/jobs/remote:${jobA.id}/applications`, { candidate: candidate({ email_address: email }) }) : await post('/candidates', { candidate: candidate({ email_address: email }) });
      expect(res.status).toBe(200);
      expect(res.body.warnings.map((w: { message: string }) => w.message).join(' ')).toContain('not created twice');
      expect((await h.stats()).records.candidates).toBe(before.records.candidates + 1);
      expect((await byEmail(email)).length).toBe(1);
    });
  });

  it('a key scoped to another connection cannot write to this one (404), and Gem sees no write', async () => {
    const key = (await h.t.http().post('/v1/api-keys').set(h.t.admin).send({ connection_id: h.otherConnectionId })).body.data.key;
    const before = writeRequests(await h.stats());
    const res = await h.t
      .http()
      .post(`/v1/ats/jobs/remote:${jobA.id}/applications`)
      .set({ Authorization: `Bearer ${key}`, 'X-Integration-Id': h.connectionId })
      .send({ candidate: candidate({ email_address: 'scoped@upload.example' }) });
    expect(res.status).toBe(404);
    expect(writeRequests(await h.stats())).toBe(before);
  });

  it('after all these writes, a sync finds every written-through candidate and application unchanged', async () => {
    const applications = await gemAll<GemApplication>(h.sandbox.url, '/ats/v0/applications');
    expect(applications.length).toBeGreaterThan(0);
    const run = await h.sync('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
    expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
    // …and it did see them: they came in the delta, each found identical to its row.
    expect(run.counts.candidates!.unchanged).toBeGreaterThanOrEqual(2);
    expect(run.counts.applications!.unchanged).toBeGreaterThanOrEqual(2);
  });
});
