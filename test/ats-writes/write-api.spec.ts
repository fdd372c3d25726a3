import { WriteHarness } from './support/write-harness.js';

/**
 * The provider-agnostic rules of the write path, over real HTTP against the writable fake partner:
 * input checked before any partner call, duplicates as asked, idempotency, write-through, audit.
 */
describe('write API', () => {
  const h = new WriteHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());

  const candidate = (over: Record<string, unknown> = {}) => ({ first_name: 'Grace', last_name: 'Hopper', email_address: 'grace@example.com', ...over });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => h.t.http().post(`/v1/ats${path}`).set(h.as(undefined, headers)).send(body as object);

  it('creates a candidate with an application in the job’s first stage, visible in the read API at once', async () => {
    const writesBefore = h.ats.writes().length;
    const res = await post('/jobs/remote:job-open/applications', { candidate: candidate({ email_address: 'grace.one@example.com' }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'success', warnings: [] });
    const app = [...h.ats.applications.values()].find((a) => a.id === res.body.data.remote_id)!;
    expect(app).toMatchObject({ job_id: 'job-open', stage_id: 'st-lead' });
    expect(res.body.data.candidate).toMatchObject({ first_name: 'Grace', last_name: 'Hopper' });
    expect(h.ats.writes().length).toBe(writesBefore + 1);
    const read = await h.t.http().get(`/v1/ats/applications/${res.body.data.id}`).set(h.as());
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: res.body.data.id, remote_id: app.id, job_id: h.id('jobs', 'job-open'), current_stage_id: h.id('application_stages', 'st-lead') });
  });

  it('creates a candidate without a job (the seeds’ “job optional”)', async () => {
    const before = h.ats.candidates.size;
    const res = await post('/candidates', { candidate: candidate({ first_name: 'Solo', email_address: 'solo@example.com' }) });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ first_name: 'Solo', email_addresses: [{ email_address: 'solo@example.com' }] });
    expect(h.ats.candidates.size).toBe(before + 1);
    expect([...h.ats.applications.values()].filter((a) => a.candidate_id === res.body.data.remote_id)).toEqual([]);
  });

  it('the next sync finds a written-through candidate unchanged', async () => {
    const run = await h.sync('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
    expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
  });

  describe('duplicates', () => {
    it('attach_on_email_match (default): an email in another case reuses the candidate and adds only an application', async () => {
      const before = h.ats.candidates.size;
      const res = await post('/jobs/remote:job-second/applications', { candidate: candidate({ first_name: 'Jose', last_name: 'Nunez', email_address: 'JOSE.NUNEZ@example.COM' }) });
      expect(res.status).toBe(200);
      expect(h.ats.candidates.size).toBe(before);
      expect(res.body.data.candidate.remote_id).toBe('cand-0001');
      expect(res.body.warnings).toEqual([{ message: expect.stringContaining('attach_on_email_match') }]);
      expect(h.ats.applications.get(res.body.data.remote_id)).toMatchObject({ candidate_id: 'cand-0001', job_id: 'job-second' });
    });

    it('create_new makes a second candidate with the same email', async () => {
      const before = h.ats.candidates.size;
      const res = await post('/candidates', { candidate: candidate({ email_address: 'ada@example.com', first_name: 'Ada' }), duplicate_strategy: 'create_new' });
      expect(res.status).toBe(200);
      expect(h.ats.candidates.size).toBe(before + 1);
      expect(res.body.data.remote_id).not.toBe('cand-0002');
    });

    it('fail: 409 ATS.CANDIDATE_DUPLICATE listing the matches, nothing written', async () => {
      const writes = h.ats.writes().length;
      const res = await post('/candidates', { candidate: candidate({ email_address: 'jose.nunez@example.com' }), duplicate_strategy: 'fail' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ATS.CANDIDATE_DUPLICATE');
      expect(res.body.error.matches).toEqual([{ candidate_id: h.id('candidates', 'cand-0001'), remote_id: 'cand-0001' }]);
      expect(h.ats.writes().length).toBe(writes);
    });

    it('merge_with_candidate_id adds the missing email and phone, keeps the old ones and the source', async () => {
      const before = h.ats.candidates.size;
      const res = await post('/jobs/remote:job-open/applications', {
        candidate: candidate({ first_name: 'Ada', last_name: 'King', email_address: 'ada.king@work.example', phone_number: '+44 20 7946 0000' }),
        merge_with_candidate_id: h.id('candidates', 'cand-0002'),
      });
      expect(res.status).toBe(200);
      expect(h.ats.candidates.size).toBe(before);
      const ada = h.ats.candidates.get('cand-0002')!;
      expect(ada.emails).toEqual(['ada@example.com', 'ada.king@work.example']);
      expect(ada.phones).toEqual(['+44 20 7946 0000']);
      expect(ada.links).toEqual(['https://example.com/ada']);
      expect(ada.source).toBe('LinkedIn');
      expect(ada.first_name).toBe('Ada');
      const read = await h.t.http().get(`/v1/ats/candidates/${h.id('candidates', 'cand-0002')}`).set(h.as());
      expect(read.body.data.email_addresses.map((e: { email_address: string }) => e.email_address)).toEqual(['ada@example.com', 'ada.king@work.example']);
    });

    it('merge_with_candidate_id of an unknown candidate → 404 PLATFORM.INPUT_INVALID, nothing written', async () => {
      const writes = h.ats.writes().length;
      const res = await post('/candidates', { candidate: candidate(), merge_with_candidate_id: 'remote:nobody' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('PLATFORM.INPUT_INVALID');
      expect(h.ats.writes().length).toBe(writes);
    });
  });

  describe('duplicate-check', () => {
    it('finds a synced candidate by email and by a name folded for case and accents, best first', async () => {
      const res = await post('/candidates/duplicate-check', { first_name: 'JOSÉ ', last_name: 'nunez', email_addresses: ['jose.nunez@EXAMPLE.com'] });
      expect(res.status).toBe(200);
      const [best] = res.body.data.results;
      expect(best.candidate.remote_id).toBe('cand-0001');
      expect(best.matched_on).toEqual(expect.arrayContaining(['email', 'name']));
      const byName = await post('/candidates/duplicate-check', { first_name: 'Jose', last_name: 'Núñez', email_addresses: [] });
      expect(byName.body.data.results.map((r: { candidate: { remote_id: string } }) => r.candidate.remote_id)).toContain('cand-0001');
      const scores = res.body.data.results.map((r: { score: number }) => r.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    it('finds by phone digits', async () => {
      const res = await post('/candidates/duplicate-check', { first_name: 'X', last_name: 'Y', email_addresses: [], phone_numbers: ['+34 (600) 111-222'] });
      expect(res.body.data.results.map((r: { candidate: { remote_id: string }; matched_on: string[] }) => [r.candidate.remote_id, r.matched_on])).toContainEqual(['cand-0001', ['phone']]);
    });

    it('finds a candidate created in the ATS after the last sync through the live search', async () => {
      const fresh = h.ats.addCandidate({ first_name: 'Late', last_name: 'Comer', emails: ['late@example.com'], phones: [], links: [], source: null, tags: [] });
      const res = await post('/candidates/duplicate-check', { first_name: 'Someone', last_name: 'Else', email_addresses: ['LATE@example.com'] });
      expect(res.body.data.results.map((r: { candidate: { remote_id: string } }) => r.candidate.remote_id)).toContain(fresh.id);
    });
  });

  describe('bad input: 400/404 naming the fields, and no partner call', () => {
    let writes: number;
    beforeEach(() => (writes = h.ats.log.length));
    afterEach(() => expect(h.ats.log.length).toBe(writes));

    it('missing names, email and a malformed email are all named', async () => {
      const res = await post('/candidates', { candidate: { email_address: 'not-an-email' } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('PLATFORM.INPUT_INVALID');
      for (const field of ['candidate.first_name', 'candidate.last_name', 'candidate.email_address']) expect(res.body.error.message).toContain(field);
    });

    it('an unknown stage and a stage of another job are named', async () => {
      const unknown = await post('/jobs/remote:job-open/applications', { candidate: candidate(), stage_id: 'remote:nope' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain('stage_id');
      const other = await post('/jobs/remote:job-open/applications', { candidate: candidate(), stage_id: 'remote:st-other' });
      expect(other.status).toBe(400);
      expect(other.body.error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringContaining('is not a stage of the job') });
    });

    it('an unknown job in the path → 404 PLATFORM.INPUT_INVALID, and a confidential one answers exactly the same', async () => {
      const missing = await post('/jobs/remote:no-such-job/applications', { candidate: candidate() });
      const secret = await post('/jobs/remote:job-secret/applications', { candidate: candidate() });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('PLATFORM.INPUT_INVALID');
      expect(secret.status).toBe(404);
      const strip = (b: { error: Record<string, unknown> }) => ({ ...b.error, message: String(b.error.message).replace(/remote:\S+/g, 'ID'), log_url: undefined });
      expect(strip(secret.body)).toEqual(strip(missing.body));
    });

    it('a closed job → ATS.JOB_CLOSED', async () => {
      const res = await post('/jobs/remote:job-closed/applications', { candidate: candidate() });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('ATS.JOB_CLOSED');
    });

    it('a write on a provider without the action → 400 INTEGRATION.ACTION_NOT_AVAILABLE', async () => {
      const res = await h.t.http().post('/v1/ats/candidates').set(h.as(h.readOnlyId)).send({ candidate: candidate({ email_address: 'nobody-like-this@example.com' }) });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INTEGRATION.ACTION_NOT_AVAILABLE');
    });
  });

  it('confidential jobs are hidden from GET /v1/ats/jobs?confidential=false', async () => {
    const res = await h.t.http().get('/v1/ats/jobs?confidential=false').set(h.as());
    const ids = res.body.data.results.map((j: { remote_id: string }) => j.remote_id);
    expect(ids).toEqual(expect.arrayContaining(['job-open', 'job-second']));
    expect(ids).not.toContain('job-secret');
  });

  describe('Idempotency-Key', () => {
    it('the same key and body replays the stored response; another body → 422', async () => {
      const body = { candidate: candidate({ first_name: 'Idem', email_address: 'idem@example.com' }) };
      const first = await post('/candidates', body, { 'Idempotency-Key': 'key-1' });
      expect(first.status).toBe(200);
      const before = h.ats.candidates.size;
      const again = await post('/candidates', body, { 'Idempotency-Key': 'key-1' });
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replay']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(h.ats.candidates.size).toBe(before);
      const other = await post('/candidates', { candidate: candidate({ first_name: 'Other', email_address: 'idem2@example.com' }) }, { 'Idempotency-Key': 'key-1' });
      expect(other.status).toBe(422);
      expect(h.ats.candidates.size).toBe(before);
    });

    it('a key still in flight → 409, and one write lands', async () => {
      h.ats.faults.writeLatencyMs = 300;
      try {
        const body = { candidate: candidate({ first_name: 'Flight', email_address: 'flight@example.com' }), duplicate_strategy: 'create_new' };
        const before = h.ats.candidates.size;
        const [a, b] = await Promise.all([post('/candidates', body, { 'Idempotency-Key': 'key-flight' }), new Promise((r) => setTimeout(r, 100)).then(() => post('/candidates', body, { 'Idempotency-Key': 'key-flight' }))]);
        expect([a.status, b.status]).toEqual([200, 409]);
        expect(h.ats.candidates.size).toBe(before + 1);
      } finally {
        h.ats.faults.writeLatencyMs = 0;
      }
    });
  });

  it('a create whose response times out after the partner stored it makes exactly one candidate', async () => {
    h.ats.faults.commitThenHang = { count: 1, hangMs: 1500 };
    const before = h.ats.candidates.size;
    const res = await post('/jobs/remote:job-open/applications', { candidate: candidate({ first_name: 'Once', email_address: 'once@example.com' }) });
    expect(res.status).toBe(200);
    expect(h.ats.candidates.size).toBe(before + 1);
    expect([...h.ats.candidates.values()].filter((c) => c.emails.includes('once@example.com'))).toHaveLength(1);
    expect(res.body.data.candidate.email_addresses).toEqual([expect.objectContaining({ email_address: 'once@example.com' })]);
  });

  it('a key scoped to another connection cannot write to this one (404)', async () => {
    const key = (await h.t.http().post('/v1/api-keys').set(h.t.admin).send({ connection_id: h.readOnlyId })).body.data.key;
    const writes = h.ats.writes().length;
    const res = await h.t.http().post('/v1/ats/candidates').set({ Authorization: `Bearer ${key}`, 'X-Integration-Id': h.connectionId }).send({ candidate: candidate({ email_address: 'scoped@example.com' }) });
    expect(res.status).toBe(404);
    expect(h.ats.writes().length).toBe(writes);
  });

  it('the audit log lists every write with its outcome, without secrets or attachment bytes', async () => {
    const data = Buffer.from('%PDF-1.4 secret-bytes').toString('base64');
    const ok = await post('/candidates', { candidate: candidate({ first_name: 'Audit', email_address: 'audit@example.com' }), attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', data, type: 'CV' }] }, { 'Idempotency-Key': 'audit-1' });
    expect(ok.status).toBe(200);
    const res = await h.t.http().get(`/v1/connections/${h.connectionId}/actions`).set(h.t.admin);
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(data);
    expect(text).not.toContain('partner-key');
    const entries = res.body.data?.results ?? res.body.results ?? res.body;
    const mine = entries.find((e: { idempotency_key: string }) => e.idempotency_key === 'audit-1');
    expect(mine).toMatchObject({ action: 'ats_create_candidate', outcome: 'SUCCEEDED' });
    expect(entries.some((e: { outcome: string; error_code: string }) => e.outcome === 'FAILED' && e.error_code === 'ATS.CANDIDATE_DUPLICATE')).toBe(true);
  });

  it('GET /v1/ats/actions/:action tells which fields and attachment types an action takes', async () => {
    const res = await h.t.http().get('/v1/ats/actions/ats_create_application').set(h.as());
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('first_name');
    expect(JSON.stringify(res.body)).toContain('application/pdf');
  });
});
