import { gemAll, gemGet } from '../connectors/gem/gem-test-kit.js';
import { GemWriteHarness, writeRequests } from '../connectors/gem/gem-write-harness.js';
import { exportAndWait } from './support/export-client.js';

interface V0 {
  id: string;
  first_name: string;
  last_name: string;
  emails: { email_address: string }[];
  work_info: Record<string, unknown>[];
  education_info: Record<string, unknown>[];
  profiles: { url: string }[];
  project_ids: string[];
  sourced_from: string | null;
  created_by: string;
}

/** The SeekOut → Gem export of seed 004, over real HTTP against the Gem sandbox. */
describe('bulk export into Gem', () => {
  const h = new GemWriteHarness();
  let project: string;
  let job: { id: string; remote_id: string };
  const run = Date.now();
  const profile = (i: number, over: Record<string, unknown> = {}) => ({
    external_id: `seekout-${run}-${i}`,
    first_name: `Sourced${i}`,
    last_name: 'Profile',
    location: { city: 'Lisbon', country: 'Portugal' },
    email_addresses: [`gem.export.${run}.${i}@example.com`],
    social_links: [`https://www.linkedin.com/in/gem-export-${run}-${i}`, `https://github.com/gem-export-${i}`],
    source: 'SeekOut',
    work_history: [{ company: 'Initech', title: 'Engineer', start_date: '2019-04-01', end_date: null, is_current: true }],
    education: [{ school: 'Universidade de Lisboa', degree: 'MSc', field_of_study: 'Informatics', start_date: '2012-09-01', end_date: '2014-06-30' }],
    ...over,
  });

  beforeAll(async () => {
    await h.start(60, { requestsPerSecond: 1000, concurrency: 4 });
    project = (await gemAll<{ id: string }>(h.sandbox.url, '/v0/projects'))[0].id;
    const jobs = await h.t.http().get('/v1/ats/jobs?confidential=false&statuses=OPEN&page_size=1').set(h.as());
    job = jobs.body.data.results[0];
  });
  afterAll(() => h.close());


  const v0 = async (id: string) => (await gemGet<V0>(h.sandbox.url, `/v0/candidates/${id}`)).body;

  it('300 profiles into a project: created with work history, education, links, source and creator as Gem stores them', async () => {
    const out = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 300 }, (_, i) => profile(i)), project_ids: [project] });
    expect(out.state).toBe('COMPLETED');
    expect(out.counts).toEqual({ created: 300, updated: 0, skipped_already_exported: 0, failed: 0, pending: 0 });
    const five = await v0(out.results[5].candidate_remote_id);
    expect(five).toMatchObject({
      first_name: 'Sourced5',
      emails: [expect.objectContaining({ email_address: `gem.export.${run}.5@example.com` })],
      work_info: [{ company: 'Initech', title: 'Engineer', work_start_date: '2019-04-01', work_end_date: null, is_current: true }],
      education_info: [expect.objectContaining({ school: 'Universidade de Lisboa', degree: 'MSc', field_of_study: 'Informatics', start_date: '2012-09-01', end_date: '2014-06-30' })],
      sourced_from: 'SeekOut',
      created_by: h.defaultUser,
    });
    expect(five.profiles.map((p) => p.url)).toContain(`https://github.com/gem-export-5`);
    expect(five.project_ids).toContain(project);
    const members: { candidate_id: string }[] = [];
    for (let page = 1; ; page++) {
      const { body } = await gemGet<{ candidate_id: string }[]>(h.sandbox.url, `/v0/projects/${project}/candidates?page=${page}&page_size=100`);
      members.push(...body);
      if (body.length < 100) break;
    }
    const ours = new Set(out.results.map((r: { candidate_remote_id: string }) => r.candidate_remote_id));
    expect(members.filter((m) => ours.has(m.candidate_id))).toHaveLength(300);
  });

  it('a re-export skips all 300 with zero partner writes; with include_previously_exported they are updated and none created', async () => {
    const before = await h.stats();
    const again = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 300 }, (_, i) => profile(i)), project_ids: [project] });
    expect(again.counts).toMatchObject({ created: 0, skipped_already_exported: 300 });
    expect(writeRequests(await h.stats())).toBe(writeRequests(before));

    const records = before.records.candidates;
    const updated = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 20 }, (_, i) => profile(i, { last_name: 'Renamed' })), include_previously_exported: true });
    expect(updated.counts).toMatchObject({ created: 0, updated: 20, failed: 0 });
    expect((await h.stats()).records.candidates).toBe(records);
    expect((await v0(updated.results[3].candidate_remote_id)).last_name).toBe('Renamed');
    expect(updated.results[3].warnings.join(' ')).toMatch(/work history, education and profile links were left/);
  });

  it('into a job: each lands in the job’s first stage; Gem’s ATS create says what it could not carry', async () => {
    const out = await exportAndWait(h.t, h.as(), { candidates: Array.from({ length: 10 }, (_, i) => profile(1000 + i)), job_id: job.id });
    expect(out.counts).toMatchObject({ created: 10, failed: 0 });
    await h.sync('DELTA');
    const read = await h.t.http().get(`/v1/ats/applications/${out.results[0].application_id}`).set(h.as());
    expect(read.status).toBe(200);
    expect(read.body.data.job_id).toBe(job.id);
    const stages = await h.t.http().get(`/v1/ats/jobs/${job.id}`).set(h.as());
    expect(read.body.data.current_stage_id).toBe(stages.body.data.stages[0].id);
    expect(out.results[0].warnings.join(' ')).toMatch(/[Ww]ork history/);
  });

  it('placeholder emails are stable across two exports and make one candidate', async () => {
    const quiet = { external_id: `seekout-${run}-quiet`, first_name: 'Quiet', last_name: 'Person', email_addresses: [] };
    const opts = { generate_placeholder_emails: true, placeholder_email_domain: 'seekout.example.com' };
    const first = await exportAndWait(h.t, h.as(), { candidates: [quiet], ...opts });
    expect(first.counts.created).toBe(1);
    const second = await exportAndWait(h.t, h.as(), { candidates: [quiet], include_previously_exported: true, ...opts });
    expect(second.counts).toMatchObject({ created: 0, updated: 1 });
    expect(second.results[0].candidate_remote_id).toBe(first.results[0].candidate_remote_id);
    expect((await v0(first.results[0].candidate_remote_id)).emails.map((e) => e.email_address)).toEqual([`no-email-seekout-${run}-quiet@seekout.example.com`]);
  });

  it('one profile Gem refuses fails alone with Gem’s reason while the rest are created', async () => {
    const out = await exportAndWait(h.t, h.as(), {
      candidates: [profile(2000), profile(2001, { work_history: [{ company: 'Initech', title: 'x'.repeat(280), is_current: true }] }), profile(2002)],
      project_ids: [project],
    });
    expect(out.state).toBe('PARTIALLY_FAILED');
    expect(out.counts).toMatchObject({ created: 2, failed: 1 });
    expect(out.results[1]).toMatchObject({ outcome: 'failed', candidate_id: null, error: { code: 'REMOTE.INPUT_INVALID', message: expect.stringContaining('Gem') } });
  });
});
