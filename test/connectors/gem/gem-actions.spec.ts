import { pino } from 'pino';
import { createConnectorContext } from '../../../src/connectors/connector-context.js';
import type { ConnectorContext } from '../../../src/connectors/connector.js';
import type { CandidateCreate } from '../../../src/connectors/connector-actions.js';
import { gemConnector } from '../../../src/connectors/gem/gem.connector.js';
import type { GemApplication, GemCandidate, GemJob, GemJobStage } from '../../../src/connectors/gem/gem.types.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { API_KEY, control, gemAll, gemGet, startSandbox } from './gem-test-kit.js';

interface Stats {
  requests: number;
  by_endpoint: Record<string, number>;
  records: Record<string, number>;
}

const actions = gemConnector.actions!;

/** The connector's writes against the sandbox, over HTTP, each checked in the sandbox's own data. */
describe('Gem connector actions', () => {
  let sandbox: RunningSandbox;
  let context: ConnectorContext;
  let bare: ConnectorContext;
  let userId: string;
  let job: GemJob;
  let stages: GemJobStage[];
  let seq = 0;

  const stats = () => control<Stats>(sandbox.url, 'GET', 'stats');
  const makeContext = (settings: Record<string, unknown>) => {
    const c = createConnectorContext(gemConnector, {
      baseUrl: sandbox.url,
      credentials: { api_key: API_KEY },
      logger: pino({ level: 'silent' }),
      retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 },
      limits: { requestsPerSecond: 1000, concurrency: 4 },
      timeoutMs: 400,
      settings,
    });
    return c;
  };
  const person = (overrides: Partial<CandidateCreate> = {}): CandidateCreate => {
    seq += 1;
    return {
      first_name: `Zoë${seq}`,
      last_name: `Tester${seq}`,
      emails: [{ email_address: `zoe${seq}@write.example`, type: null }],
      phones: [],
      social_links: [],
      company: null,
      title: null,
      location: null,
      sourced_by_user_remote_id: null,
      source: null,
      application: null,
      attachments: [],
      remote_fields: null,
      ...overrides,
    };
  };
  const atsCandidate = async (id: string) => (await gemGet<GemCandidate>(sandbox.url, `/ats/v0/candidates/${id}`)).body;

  beforeAll(async () => {
    sandbox = await startSandbox({ candidates: 40 });
    const users = await gemAll<{ id: string }>(sandbox.url, '/ats/v0/users');
    userId = users[0].id;
    context = makeContext({ default_user_remote_id: userId });
    bare = makeContext({});
    job = (await gemAll<GemJob>(sandbox.url, '/ats/v0/jobs', '&status=open'))[0];
    stages = (await gemGet<GemJobStage[]>(sandbox.url, `/ats/v0/jobs/${job.id}/stages`)).body.sort((a, b) => a.priority - b.priority);
  });
  afterAll(() => sandbox.close());
  afterEach(() => control(sandbox.url, 'DELETE', 'faults'));

  it('with an application: the ATS create, landing in the job’s first stage; extra emails follow through v0', async () => {
    const input = person({ application: { job_remote_id: job.id, stage_remote_id: null } });
    input.emails.push({ email_address: 'second@write.example', type: 'WORK' });
    const result = await actions.createCandidate!(context, input);
    const candidate = await atsCandidate(result.candidate_remote_id!);
    expect(candidate.email_addresses.map((e) => e.value)).toEqual([input.emails[0].email_address, 'second@write.example']);
    const application = candidate.applications.find((a) => a.id === result.application_remote_id)!;
    expect(application.current_stage?.id).toBe(stages[0].id);
    expect(result.touched).toEqual(expect.arrayContaining([{ model: 'candidates', remote_id: candidate.id }, { model: 'applications', remote_id: application.id }]));
  });

  it('without an application: v0’s create as created_by the default user; a known email is duplicate_of and creates nothing', async () => {
    const input = person();
    const created = await actions.createCandidate!(context, input);
    expect(created.duplicate_of).toBeUndefined();
    const v0 = (await gemGet<{ created_by: string }>(sandbox.url, `/v0/candidates/${created.candidate_remote_id}`)).body;
    expect(v0.created_by).toBe(userId);
    const before = (await stats()).records.candidates;
    const again = await actions.createCandidate!(context, person({ emails: [{ email_address: input.emails[0].email_address.toUpperCase(), type: null }] }));
    expect(again).toMatchObject({ duplicate_of: created.candidate_remote_id, candidate_remote_id: created.candidate_remote_id, touched: [] });
    expect((await stats()).records.candidates).toBe(before);
  });

  it('sourcing extras: v0 takes work history, education and projects; the ATS create adds projects through v0 and says what it left out', async () => {
    const project = (await gemGet<{ id: string }[]>(sandbox.url, '/v0/projects')).body[0];
    const extras = {
      work_history: [{ company: 'Acme', title: 'Engineer', start_date: '2019-04-01T00:00:00Z', end_date: null, is_current: true }],
      education: [{ school: 'ETH', degree: 'MSc', field_of_study: 'CS', start_date: '2014-09-01', end_date: '2016-07-01' }],
      project_remote_ids: [project.id],
    };
    const crm = await actions.createCandidate!(context, person(extras));
    const v0 = (await gemGet<{ work_info: unknown[]; education_info: unknown[]; project_ids: string[] }>(sandbox.url, `/v0/candidates/${crm.candidate_remote_id}`)).body;
    expect(v0.work_info).toEqual([{ company: 'Acme', title: 'Engineer', work_start_date: '2019-04-01', work_end_date: null, is_current: true }]);
    expect(v0.education_info).toEqual([{ school: 'ETH', degree: 'MSc', field_of_study: 'CS', start_date: '2014-09-01', end_date: '2016-07-01' }]);
    expect(v0.project_ids).toEqual([project.id]);
    expect(crm.warnings).toEqual([]);

    const ats = await actions.createCandidate!(context, person({ ...extras, application: { job_remote_id: job.id, stage_remote_id: null } }));
    expect((await gemGet<{ project_ids: string[] }>(sandbox.url, `/v0/candidates/${ats.candidate_remote_id}`)).body.project_ids).toEqual([project.id]);
    expect(ats.warnings.join(' ')).toContain('no work history or education');
  });

  it('without a user to credit, v0’s create is refused before any request', async () => {
    const before = (await stats()).requests;
    await expect(actions.createCandidate!(bare, person())).rejects.toMatchObject({ kind: 'INPUT', message: expect.stringContaining('default_user_remote_id') });
    expect((await stats()).requests).toBe(before);
  });

  it.each([
    ['times out', { writes_time_out_after_commit: 1, time_out_ms: 2000 }],
    ['answers 503', { writes_fail_after_commit: 1 }],
  ])('a create that lands but %s is looked up by email, not repeated: exactly one candidate', async (_what, fault) => {
    for (const application of [{ job_remote_id: job.id, stage_remote_id: null }, null]) {
      const input = person({ application });
      await control(sandbox.url, 'POST', 'faults', fault);
      const before = await stats();
      const result = await actions.createCandidate!(context, input);
      const after = await stats();
      expect(after.records.candidates - before.records.candidates).toBe(1);
      expect(result.warnings.join(' ')).toContain('not created twice');
      const found = await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates', `&email=${encodeURIComponent(input.emails[0].email_address)}`);
      expect(found.map((c) => c.id)).toEqual([result.candidate_remote_id]);
    }
  });

  it('a create that failed before landing (503 without commit) is tried again once after the lookup finds nothing', async () => {
    const input = person({ application: { job_remote_id: job.id, stage_remote_id: null } });
    await control(sandbox.url, 'POST', 'faults', { server_errors: 1 });
    const before = (await stats()).records.candidates;
    const result = await actions.createCandidate!(context, input);
    expect((await stats()).records.candidates).toBe(before + 1);
    expect(result.warnings).toEqual([]);
  });

  it('the ATS create does not dedupe: the same email twice makes two candidates (how "upload as new" works on Gem)', async () => {
    const input = person({ application: { job_remote_id: job.id, stage_remote_id: null } });
    const first = await actions.createCandidate!(context, input);
    const second = await actions.createCandidate!(context, { ...input, emails: [{ email_address: input.emails[0].email_address.toUpperCase(), type: null }] });
    expect(second.candidate_remote_id).not.toBe(first.candidate_remote_id);
  });

  it('merge adds only the missing email and phone, keeps the old ones and the source', async () => {
    const [existing] = (await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates')).filter((c) => c.phone_numbers.length === 0 && c.applications.some((a) => a.source));
    const oldEmails = existing.email_addresses.map((e) => e.value);
    const result = await actions.mergeIntoCandidate!(context, {
      candidate_remote_id: existing.id,
      existing: { emails: [], phones: [], social_links: [] },
      emails: [{ email_address: oldEmails[0].toUpperCase(), type: null }, { email_address: 'merged@write.example', type: null }],
      phones: [{ phone_number: '+49 30 1234567', type: null }],
      social_links: [{ url: 'https://github.com/merged' }],
    });
    const after = await atsCandidate(existing.id);
    expect(after.email_addresses.map((e) => e.value)).toEqual([...oldEmails, 'merged@write.example']);
    expect(after.email_addresses.find((e) => e.is_primary)?.value).toBe(existing.email_addresses.find((e) => e.is_primary)?.value);
    // Nothing overwritten: the old addresses keep their types.
    expect(after.email_addresses.slice(0, oldEmails.length)).toEqual(existing.email_addresses);
    expect(after.phone_numbers.map((p) => p.value)).toEqual(['+49 30 1234567']);
    expect(after.applications.map((a) => a.source)).toEqual(existing.applications.map((a) => a.source));
    expect(result.warnings.join(' ')).toContain('github.com/merged');
  });

  it('search finds by email (any case); Gem has no name search', async () => {
    const [c] = await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates');
    const found = await actions.searchCandidates!(context, { emails: [c.email_addresses[0].value.toUpperCase()], first_name: null, last_name: null });
    expect(found.map((f) => f.remote_id)).toEqual([c.id]);
    expect(await actions.searchCandidates!(context, { emails: [], first_name: c.first_name, last_name: c.last_name })).toEqual([]);
  });

  it('adds an application to an existing candidate, moves it, rejects it; a lost move answer is re-read, not repeated', async () => {
    const created = await actions.createCandidate!(context, person());
    const app = await actions.createApplication!(context, { candidate_remote_id: created.candidate_remote_id!, job_remote_id: job.id, stage_remote_id: null, sourced_by_user_remote_id: null });
    const read = async () => (await gemGet<GemApplication>(sandbox.url, `/ats/v0/applications/${app.application_remote_id}`)).body;
    expect((await read()).current_stage?.id).toBe(stages[0].id);
    await control(sandbox.url, 'POST', 'faults', { writes_fail_after_commit: 1 });
    await actions.moveApplicationToStage!(context, { application_remote_id: app.application_remote_id!, stage_remote_id: stages[1].id, job_remote_id: job.id });
    expect((await read()).current_stage?.id).toBe(stages[1].id);
    const reason = (await gemAll<GemApplication>(sandbox.url, '/ats/v0/applications', '&status=rejected'))[0].rejection_reason!;
    const rejected = await actions.rejectApplication!(context, { application_remote_id: app.application_remote_id!, rejection_reason_remote_id: reason.id, note: 'Not now' });
    expect(await read()).toMatchObject({ status: 'rejected', rejection_reason: { id: reason.id } });
    expect(rejected.touched).toContainEqual({ model: 'candidates', remote_id: created.candidate_remote_id });
  });

  it('notes go on the candidate’s activity feed as the default user', async () => {
    const [c] = await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates');
    const result = await actions.addApplicationNote!(context, { application_remote_id: c.applications[0].id, candidate_remote_id: c.id, content: 'Strong profile' });
    expect(result.warnings.join(' ')).toContain('activity feed');
    const notes = (await gemGet<{ body: string; user: { id: string } }[]>(sandbox.url, `/ats/v0/candidates/${c.id}/activity_feed/notes`)).body;
    expect(notes.at(-1)).toMatchObject({ body: 'Strong profile', user: { id: userId } });
  });

  it('a CV is uploaded through v0’s résumé upload and listed from the ATS candidate', async () => {
    const [c] = await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates');
    const data = Buffer.from('%PDF-1.4 a résumé');
    await actions.addCandidateAttachment!(context, { candidate_remote_id: c.id, attachment: { name: 'cv.pdf', content_type: 'application/pdf', type: 'CV', data } });
    // A name without an extension gets the one its MIME type implies (Gem reads the format from the name).
    await actions.addCandidateAttachment!(context, { candidate_remote_id: c.id, attachment: { name: 'Lebenslauf', content_type: 'application/pdf', type: 'CV', data } });
    const files = await actions.listAttachments!(context, { candidate_remote_id: c.id, application_remote_id: null });
    expect(files).toContainEqual(expect.objectContaining({ file_name: 'cv.pdf', type: 'CV', content_type: 'application/pdf' }));
    expect(files).toContainEqual(expect.objectContaining({ file_name: 'Lebenslauf.pdf', type: 'CV' }));
  });

  it('adds candidates to a project, skipping those already in it', async () => {
    const projects = (await gemGet<{ id: string }[]>(sandbox.url, '/v0/projects')).body;
    const members = (await gemGet<{ candidate_id: string }[]>(sandbox.url, `/v0/projects/${projects[0].id}/candidates?page_size=100`)).body.map((m) => m.candidate_id);
    const outside = (await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates')).map((c) => c.id).filter((id) => !members.includes(id)).slice(0, 2);
    const ids = [...outside, ...members.slice(0, 1)];
    await actions.addCandidatesToProject!(context, { project_remote_id: projects[0].id, candidate_remote_ids: ids, user_remote_id: null });
    const after = (await gemGet<{ candidate_id: string }[]>(sandbox.url, `/v0/projects/${projects[0].id}/candidates?page_size=100`)).body.map((m) => m.candidate_id);
    expect(after).toEqual(expect.arrayContaining(ids));
    expect(after.length).toBe(new Set(after).size);
  });

  it('fetchByIds maps candidates and applications exactly as the streams do, and names the missing ones', async () => {
    const candidates = (await gemAll<GemCandidate>(sandbox.url, '/ats/v0/candidates', '&include_deleted=true')).slice(0, 3);
    const appId = candidates[0].applications[0].id;
    const fetched = await gemConnector.fetchByIds!(context, [
      ...candidates.map((c) => ({ model: 'candidates' as const, remote_id: c.id })),
      { model: 'applications', remote_id: appId },
      { model: 'candidates', remote_id: 'nope' },
      { model: 'applications', remote_id: 'nope' },
    ]);
    const stream = (name: string) => gemConnector.streams!.find((s) => s.name === name)!;
    expect(fetched.records.candidates).toEqual(stream('candidates').map(candidates).records.candidates);
    const listed = (await gemAll<GemApplication>(sandbox.url, '/ats/v0/applications', '&include_deleted=true')).filter((a) => a.id === appId);
    expect(fetched.records.applications).toEqual(stream('applications').map(listed).records.applications);
    expect(fetched.missing).toEqual([{ model: 'candidates', remote_id: 'nope' }, { model: 'applications', remote_id: 'nope' }]);
  });
});
