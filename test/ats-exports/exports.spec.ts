import { WriteHarness } from '../ats-writes/support/write-harness.js';
import { exportAndWait, waitForExport } from './support/export-client.js';

/** Bulk export over real HTTP into the writable fake partner: exactly once per external id. */
describe('bulk export', () => {
  const h = new WriteHarness();
  beforeAll(() => h.start());
  afterAll(() => h.close());

  const profile = (i: number, over: Record<string, unknown> = {}) => ({
    external_id: `seek-${i}`,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    email_addresses: [`sourced.${i}@example.com`],
    social_links: [`https://www.linkedin.com/in/sourced-${i}`],
    source: 'SeekOut',
    work_history: [{ company: 'Initech', title: 'Engineer', start_date: '2019-04-01', end_date: null, is_current: true }],
    education: [{ school: 'State U', degree: 'BSc', field_of_study: 'CS', start_date: '2012-09-01', end_date: '2016-06-30' }],
    ...over,
  });


  it('exports candidates with work history and education to a job’s first stage and into projects', async () => {
    const before = h.ats.candidates.size;
    const out = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 30 }, (_, i) => profile(i)), job_id: 'remote:job-open', project_ids: ['proj-1'] });
    expect(out.state).toBe('COMPLETED');
    expect(out.counts).toEqual({ created: 30, updated: 0, skipped_already_exported: 0, failed: 0, pending: 0 });
    expect(h.ats.candidates.size).toBe(before + 30);
    const c = [...h.ats.candidates.values()].find((x) => x.emails.includes('sourced.7@example.com'))!;
    expect(c.work).toEqual([{ company: 'Initech', title: 'Engineer', start_date: '2019-04-01', end_date: null, is_current: true }]);
    expect(c.education).toEqual([{ school: 'State U', degree: 'BSc', field_of_study: 'CS', start_date: '2012-09-01', end_date: '2016-06-30' }]);
    expect(c.links).toEqual(['https://www.linkedin.com/in/sourced-7']);
    expect([...h.ats.applications.values()].filter((a) => a.candidate_id === c.id)).toEqual([expect.objectContaining({ job_id: 'job-open', stage_id: 'st-lead' })]);
    expect(h.ats.projects.get('proj-1')!.size).toBe(30);
    const seven = out.results.find((r: { external_id: string }) => r.external_id === 'seek-7');
    expect(seven).toMatchObject({ outcome: 'created', candidate_id: h.id('candidates', c.id), error: null });
    // One project call for all 30, not one per candidate.
    expect(h.ats.log.filter((l) => l === 'PUT /projects/proj-1/candidates')).toHaveLength(1);
  });

  it('a re-export skips them all without a partner write; with include_previously_exported they are updated, none created', async () => {
    const writes = h.ats.writes().length;
    const again = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 30 }, (_, i) => profile(i)), job_id: 'remote:job-open' });
    expect(again.counts).toMatchObject({ created: 0, skipped_already_exported: 30 });
    expect(h.ats.writes().length).toBe(writes);

    const before = h.ats.candidates.size;
    const apps = h.ats.applications.size;
    const updated = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 30 }, (_, i) => profile(i, { last_name: `Renamed${i}` })), job_id: 'remote:job-open', include_previously_exported: true });
    expect(updated.counts).toMatchObject({ created: 0, updated: 30, failed: 0 });
    expect(h.ats.candidates.size).toBe(before);
    expect(h.ats.applications.size).toBe(apps); // each already applied to that job
    expect([...h.ats.candidates.values()].find((x) => x.emails.includes('sourced.3@example.com'))!.last_name).toBe('Renamed3');
  });

  it('placeholder emails are stable across exports and never mint a second candidate', async () => {
    const noEmail = { external_id: 'seek-noemail-1047659244', first_name: 'Pat', last_name: 'Quiet', email_addresses: [] };
    const opts = { generate_placeholder_emails: true, placeholder_email_domain: 'seekout.example.com' };
    const first = await exportAndWait(h.t, h.as(), { candidates: [noEmail], ...opts });
    expect(first.counts.created).toBe(1);
    const pat = [...h.ats.candidates.values()].find((c) => c.last_name === 'Quiet')!;
    expect(pat.emails).toEqual(['no-email-seek-noemail-1047659244@seekout.example.com']);
    const second = await exportAndWait(h.t, h.as(), { candidates: [noEmail], include_previously_exported: true, ...opts });
    expect(second.counts).toMatchObject({ created: 0, updated: 1 });
    expect([...h.ats.candidates.values()].filter((c) => c.last_name === 'Quiet')).toHaveLength(1);
    expect(h.ats.candidates.get(pat.id)!.emails).toEqual(['no-email-seek-noemail-1047659244@seekout.example.com']);
    // The duplicate check ignores a placeholder: it identifies nobody.
    await h.sync('DELTA');
    const check = await h.t.http().post('/v1/ats/candidates/duplicate-check').set(h.as()).send({ email_addresses: ['no-email-seek-noemail-1047659244@seekout.example.com'] });
    expect(check.status).toBe(200);
    expect(check.body.data.results).toEqual([]);
    const real = await h.t.http().post('/v1/ats/candidates/duplicate-check').set(h.as()).send({ email_addresses: ['sourced.7@example.com'] });
    expect(real.body.data.results).toHaveLength(1);
  });

  it('one bad candidate fails alone with a clear error while the rest succeed', async () => {
    h.ats.faults.refuseLastName = 'Refused';
    try {
      const out = await exportAndWait(h.t, h.as(), { candidates: [profile(100), profile(101, { last_name: 'Refused' }), profile(102)] });
      expect(out.state).toBe('PARTIALLY_FAILED');
      expect(out.counts).toMatchObject({ created: 2, failed: 1 });
      const bad = out.results.find((r: { external_id: string }) => r.external_id === 'seek-101');
      expect(bad).toMatchObject({ outcome: 'failed', candidate_id: null, error: { code: 'REMOTE.INPUT_INVALID', message: expect.stringContaining('Refused') } });
    } finally {
      h.ats.faults.refuseLastName = undefined;
    }
  });

  it('validates the whole request first: 400 naming candidates[i].field, nothing stored or sent', async () => {
    const log = h.ats.log.length;
    const [{ n: before }] = await h.t.db.query('SELECT count(*)::int AS n FROM ats_exports');
    const res = await h.t.http().post('/v1/ats/exports').set(h.as()).send({
      candidates: [profile(200), profile(201, { email_addresses: ['nope'] }), profile(200), { external_id: 'x', first_name: ' ', last_name: '' }, profile(203, { created_by_user: 'ghost@example.com' })],
      job_id: 'remote:job-open',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('PLATFORM.INPUT_INVALID');
    const fields = res.body.error.fields.map((f: { field: string }) => f.field);
    expect(fields).toContain('candidates[1].email_addresses');
    const res2 = await h.t.http().post('/v1/ats/exports').set(h.as()).send({ candidates: [profile(200), profile(200), { external_id: 'x', first_name: ' ', last_name: '' }, profile(203, { created_by_user: 'ghost@example.com' })] });
    expect(res2.status).toBe(400);
    expect(res2.body.error.fields.map((f: { field: string }) => f.field)).toEqual(['candidates[1].external_id', 'candidates[2].first_name', 'candidates[3].created_by_user']);
    expect((await h.t.http().post('/v1/ats/exports').set(h.as()).send({ candidates: [] })).status).toBe(400);
    expect((await h.t.http().post('/v1/ats/exports').set(h.as()).send({ candidates: [profile(1)], job_id: 'remote:job-secret' })).status).toBe(404);
    expect((await h.t.http().post('/v1/ats/exports').set(h.as()).send({ candidates: [profile(1)], job_id: 'remote:job-closed' })).body.error.code).toBe('ATS.JOB_CLOSED');
    expect(h.ats.log.length).toBe(log);
    const [{ n: after }] = await h.t.db.query('SELECT count(*)::int AS n FROM ats_exports');
    expect(after).toBe(before);
  });

  it('the same Idempotency-Key returns the same export', async () => {
    const body = { candidates: [profile(300)] };
    const a = await h.t.http().post('/v1/ats/exports').set(h.as(undefined, { 'Idempotency-Key': 'export-300' })).send(body);
    const b = await h.t.http().post('/v1/ats/exports').set(h.as(undefined, { 'Idempotency-Key': 'export-300' })).send(body);
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.headers['idempotent-replay']).toBe('true');
    expect(b.body.data.id).toBe(a.body.data.id);
  });

  it('resumes an item left IN_PROGRESS by a dead process without creating its candidate twice', async () => {
    // What a crash leaves: the partner stored the candidate, the item never recorded it.
    const res = await h.t.http().post('/v1/ats/exports').set(h.as()).send({ candidates: [profile(400), profile(401)], job_id: 'remote:job-open' });
    const id = res.body.data.id;
    await waitForExport(h.t, h.as(), id);
    const landed = [...h.ats.candidates.values()].find((c) => c.emails.includes('sourced.400@example.com'))!;
    await h.t.db.query(`DELETE FROM ats_export_identities WHERE external_id IN ('seek-400', 'seek-401')`);
    await h.t.db.query(`UPDATE ats_export_items SET state = 'IN_PROGRESS', candidate_remote_id = NULL WHERE export_id = $1`, [id]);
    await h.t.db.query(`UPDATE ats_exports SET state = 'RUNNING', finished_at = NULL WHERE id = $1`, [id]);
    const before = h.ats.candidates.size;
    const apps = h.ats.applications.size;
    await h.sync('DELTA'); // the mirror knows the first attempt's application
    await h.t.http().post('/v1/ats/exports').set(h.as()).send({ candidates: [profile(999)] }); // any export request wakes the runner…
    const out = await waitForExport(h.t, h.as(), id); // …and the periodic sweep would too
    expect(out.counts).toMatchObject({ created: 2, failed: 0 });
    expect(h.ats.candidates.size).toBe(before + 1); // only seek-999
    expect(h.ats.applications.size).toBe(apps);
    expect(out.results[0]).toMatchObject({ external_id: 'seek-400', candidate_id: h.id('candidates', landed.id) });
  });


  it('a scoped key of another connection cannot read an export (404)', async () => {
    const out = await exportAndWait(h.t, h.as(), { candidates: [profile(500)] });
    const key = (await h.t.http().post('/v1/api-keys').set(h.t.admin).send({ connection_id: h.readOnlyId })).body.data.key;
    const res = await h.t.http().get(`/v1/ats/exports/${out.id}`).set({ Authorization: `Bearer ${key}` });
    expect(res.status).toBe(404);
  });

  it('an export.completed event is written with the export’s end, once, for a subscribed endpoint', async () => {
    const hook = await h.t.http().post('/v1/webhooks').set(h.t.admin).send({ url: 'http://127.0.0.1:9/hooks', event_types: ['export.completed'] });
    expect(hook.status).toBe(201);
    const out = await exportAndWait(h.t, h.as(), { candidates: [profile(600), profile(601)] });
    const events = await h.t.db.query(`SELECT id, body FROM webhook_events WHERE type = 'export.completed' AND source_key = $1`, [`export:${out.id}:completed`]);
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].body)).toEqual({
      id: events[0].id,
      type: 'export.completed',
      data: expect.objectContaining({ integration_id: h.connectionId, export_id: out.id, state: 'COMPLETED', total: 2, counts: expect.objectContaining({ created: 2 }) }),
    });
    const deliveries = await h.t.db.query(`SELECT endpoint_id FROM webhook_deliveries WHERE event_id = $1`, [events[0].id]);
    expect(deliveries.map((d) => d.endpoint_id)).toEqual([hook.body.data?.id ?? hook.body.id]);
  });
});
