import { AshbyWriteHarness } from '../connectors/ashby/ashby-write-harness.js';
import { exportAndWait } from './support/export-client.js';

/**
 * The bulk export on an Ashby connection (the Ashby connector's creates, its updateCandidate and
 * the work-history note), over real HTTP against the Ashby sandbox.
 */
describe('bulk export into Ashby', () => {
  const h = new AshbyWriteHarness();
  let job: { id: string; remote_id: string };
  const run = Date.now();
  const profile = (i: number, over: Record<string, unknown> = {}) => ({
    external_id: `ashby-export-${run}-${i}`,
    first_name: `Sourced${i}`,
    last_name: 'Profile',
    location: { city: 'Lisbon', country: 'Portugal' },
    email_addresses: [`ashby.export.${run}.${i}@example.com`],
    social_links: [`https://www.linkedin.com/in/ashby-export-${run}-${i}`],
    work_history: [{ company: 'Initech', title: 'Engineer', start_date: '2019-04-01', end_date: null, is_current: true }],
    education: [{ school: 'Universidade de Lisboa', degree: 'MSc', field_of_study: 'Informatics', start_date: '2012-09-01', end_date: '2014-06-30' }],
    ...over,
  });
  const writes = async () => {
    const { by_endpoint } = await h.stats();
    return ['candidate.create', 'candidate.update', 'application.create', 'candidate.createNote'].reduce((n, e) => n + (by_endpoint[e] ?? 0), 0);
  };

  beforeAll(async () => {
    await h.start({ candidates: 40, seed: 12 });
    const jobs = await h.t.http().get('/v1/ats/jobs?confidential=false&statuses=OPEN&page_size=1').set(h.as());
    job = jobs.body.data.results[0];
  }, 120_000);
  afterAll(() => h.close());


  let first: any;

  it('20 profiles into a job: candidates with email, LinkedIn and location, an application in "New Lead", work history and education as a note', async () => {
    const before = (await h.stats()).records;
    first = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 20 }, (_, i) => profile(i)), job_id: job.id });
    expect(first.state).toBe('COMPLETED');
    expect(first.counts).toMatchObject({ created: 20, updated: 0, skipped_already_exported: 0, failed: 0 });
    const after = (await h.stats()).records;
    expect([after.candidates - before.candidates, after.applications - before.applications, after.notes - before.notes]).toEqual([20, 20, 20]);
    const five = first.results.find((r: any) => r.external_id === `ashby-export-${run}-5`);
    const c = await h.ashby('candidate.info', { id: five.candidate_remote_id });
    expect(c).toMatchObject({ name: 'Sourced5 Profile', primaryEmailAddress: { value: `ashby.export.${run}.5@example.com` }, socialLinks: [{ type: 'LinkedIn', url: `https://www.linkedin.com/in/ashby-export-${run}-5` }] });
    expect(c.location.locationComponents).toEqual([{ type: 'City', name: 'Lisbon' }, { type: 'Country', name: 'Portugal' }]);
    const [applicationId] = c.applicationIds;
    expect((await h.ashby('application.info', { applicationId })).currentInterviewStage.title).toBe('New Lead');
    const note = h.sandbox.context.world.state.notes.filter((n) => h.sandbox.context.world.ids.id('candidate', n.candidate) === c.id);
    expect(note.map((n) => n.content)).toEqual(['Work history:\n- Engineer at Initech (2019-04-01 – present)\n\nEducation:\n- MSc, Informatics at Universidade de Lisboa (2012-09-01 – 2014-06-30)']);
  });

  it('the same export again skips all 20 with no write to Ashby', async () => {
    const before = await writes();
    const again = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 20 }, (_, i) => profile(i)), job_id: job.id });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, skipped_already_exported: 20, failed: 0 });
    expect(await writes()).toBe(before);
  });

  it('include_previously_exported updates the same Ashby candidates (updateCandidate), creating none', async () => {
    const before = (await h.stats()).records;
    const updated = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 20 }, (_, i) => profile(i, { last_name: 'Renamed' })), job_id: job.id, include_previously_exported: true });
    expect(updated.counts).toMatchObject({ created: 0, updated: 20, failed: 0 });
    const after = (await h.stats()).records;
    expect([after.candidates - before.candidates, after.applications - before.applications]).toEqual([0, 0]);
    const five = first.results.find((r: any) => r.external_id === `ashby-export-${run}-5`);
    const c = await h.ashby('candidate.info', { id: five.candidate_remote_id });
    expect([c.name, c.primaryEmailAddress.value]).toEqual(['Sourced5 Renamed', `ashby.export.${run}.5@example.com`]);
  });

  it('into an Ashby project: each candidate added once (candidate.addProject), again on a re-export with include_previously_exported', async () => {
    const [project] = await h.ashby('project.list', {});
    const before = (await h.stats()).records.projectMembers;
    const out = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 5 }, (_, i) => profile(100 + i)), project_ids: [project.id] });
    expect(out.counts).toMatchObject({ created: 5, failed: 0 });
    expect((await h.stats()).records.projectMembers - before).toBe(5);
    expect((await h.stats()).by_endpoint['candidate.addProject']).toBeGreaterThanOrEqual(5);
    const again = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 5 }, (_, i) => profile(100 + i)), project_ids: [project.id], include_previously_exported: true });
    expect(again.counts).toMatchObject({ updated: 5, created: 0 });
    expect((await h.stats()).records.projectMembers - before).toBe(5);
  });
});
