import { AshbyWriteHarness } from '../connectors/ashby/ashby-write-harness.js';

/** The same bulk export on Ashby: candidate, application, and work history and education as a note. */
describe('bulk export into Ashby', () => {
  const h = new AshbyWriteHarness();
  let job: { id: string; remote_id: string };
  const profile = (i: number, over: Record<string, unknown> = {}) => ({
    external_id: `ashby-export-${i}`,
    first_name: `Exported${i}`,
    last_name: 'Ashby',
    email_addresses: [`ashby.export.${i}@example.com`],
    social_links: [`https://www.linkedin.com/in/ashby-export-${i}`],
    work_history: [{ company: 'Initech', title: 'Engineer', start_date: '2019-04-01', is_current: true }],
    education: [{ school: 'State U', degree: 'BSc', field_of_study: 'CS', end_date: '2016-06-30' }],
    ...over,
  });

  beforeAll(async () => {
    await h.start({ candidates: 40 });
    job = (await h.t.http().get('/v1/ats/jobs?confidential=false&statuses=OPEN&page_size=1').set(h.as())).body.data.results[0];
  });
  afterAll(() => h.close());

  async function exportAndWait(body: Record<string, unknown>) {
    const res = await h.t.http().post('/v1/ats/exports').set(h.as()).send(body);
    expect(res.status).toBe(202);
    for (let i = 0; i < 400; i++) {
      const got = await h.t.http().get(`/v1/ats/exports/${res.body.data.id}`).set(h.as());
      if (!['QUEUED', 'RUNNING'].includes(got.body.data.state)) return got.body.data;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('export did not finish');
  }

  it('creates each candidate in the job’s “New Lead” stage with work history and education in a note; a re-export skips, an included one updates', async () => {
    const notes = (await h.stats()).records.notes;
    const out = await exportAndWait({ candidates: Array.from({ length: 8 }, (_, i) => profile(i)), job_id: job.id });
    expect(out.counts).toEqual({ created: 8, updated: 0, skipped_already_exported: 0, failed: 0, pending: 0 });
    const first = out.results[0];
    const candidate = await h.ashby('candidate.info', { id: first.candidate_remote_id });
    expect(candidate.primaryEmailAddress.value).toBe('ashby.export.0@example.com');
    const application = await h.ashby('application.info', { applicationId: first.application_remote_id });
    expect(application.currentInterviewStage.title).toBe('New Lead');
    expect(application.candidate.id).toBe(first.candidate_remote_id);
    // Ashby has no fields for them: work history and education go on a note, one per candidate.
    expect((await h.stats()).records.notes - notes).toBe(8);

    const requests = await h.partnerRequests();
    const again = await exportAndWait({ candidates: Array.from({ length: 8 }, (_, i) => profile(i)), job_id: job.id });
    expect(again.counts).toMatchObject({ skipped_already_exported: 8, created: 0 });
    expect(await h.partnerRequests()).toBe(requests);

    const updated = await exportAndWait({ candidates: [profile(0, { last_name: 'Renamed' })], job_id: job.id, include_previously_exported: true });
    expect(updated.counts).toMatchObject({ updated: 1, created: 0, failed: 0 });
    expect((await h.ashby('candidate.info', { id: first.candidate_remote_id })).name).toBe('Exported0 Renamed');
    const apps = await h.ashby('application.list', { limit: 1000 });
    expect(apps.filter((a: { candidate: { id: string } }) => a.candidate.id === first.candidate_remote_id)).toHaveLength(1);
  });
});
