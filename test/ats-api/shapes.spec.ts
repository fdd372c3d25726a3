import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';
import { readClient } from './support/read-client.js';

describe('read API: shapes of every model', () => {
  let t: TestApp;
  let f: AtsFixtures;
  let read: ReturnType<typeof readClient>;

  beforeAll(async () => {
    t = await startTestApp();
    f = new AtsFixtures(t.db, await createConnection(t.db));
    read = readClient(t, f.connectionId);
    await f.user('u1', { system_roles: ['ADMIN', 'Billing'] });
    await f.user('u2');
    await f.job('j1', { weekly_hours: '40', salary_amount_from: '70000.50', location: 'Berlin', department: 'Engineering', custom_fields: { offices: ['Berlin', 'Paris'] } });
    await f.stage('s1', { global_index: 0 });
    await f.stage('s2', { global_index: 1 });
    await f.jobStage('j1', 's1', 0);
    await f.jobStage('j1', 's2', 1);
    await f.hiringTeamMember('j1', 'u1', ['HIRING_MANAGER', 'Panel lead']);
    await f.jobPosting('p1', 'j1', { status: 'CLOSED' });
    await f.candidate('c1', {
      company: 'Acme',
      phone_numbers: [{ phone_number: '+49 30 1', type: 'MOBILE' }],
      email_addresses: [{ email_address: 'Jane@Example.com' }],
      location: { city: 'Berlin' },
    });
    await f.tag('t1', { name: 'Referral' });
    await f.candidateTag('c1', 't1');
    await f.application('a1', { candidate: 'c1', job: 'j1', stage: 's2' }, { custom_fields: { source: 'LinkedIn' } });
    await f.interview('i1', 'a1', { starting_at: new Date('2026-02-01T10:00:00Z'), location: 'Room 1' });
    await f.interviewer('i1', 'u2');
    await f.offer('o1', 'a1', { status: 'SIGNED', compensation_amount: '85000' });
    await f.rejectionReason('r1');
  });
  afterAll(() => t.close());

  it('wraps every list in the envelope and shows the seed’s fields', async () => {
    const response = await read.get('candidates');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ status: 'success', data: { next: null, results: [expect.any(Object)] } });
    const [candidate] = response.body.data.results;
    expect(candidate).toMatchObject({
      id: f.id('candidates', 'c1'),
      remote_id: 'c1',
      first_name: 'Firstc1',
      company: 'Acme',
      email_addresses: [{ email_address: 'Jane@Example.com', type: null }],
      phone_numbers: [{ phone_number: '+49 30 1', type: 'MOBILE' }],
      location: { city: 'Berlin' },
      remote_deleted_at: null,
      remote_url: null,
      custom_fields: {},
      integration_fields: [],
      tags: [{ id: f.id('tags', 't1'), remote_id: 't1', name: 'Referral' }],
      applications: [
        {
          id: f.id('applications', 'a1'),
          remote_id: 'a1',
          outcome: 'PENDING',
          current_stage: { id: f.id('application_stages', 's2'), remote_id: 's2', name: 'Stage s2', index: 1 },
          job: { id: f.id('jobs', 'j1'), remote_id: 'j1', name: 'Job j1' },
        },
      ],
    });
    expect(candidate.changed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('shows jobs with stages in order, the hiring team with roles, and postings', async () => {
    const [job] = (await read.page('jobs')).results as any[];
    expect(job).toMatchObject({
      name: 'Job j1',
      status: 'OPEN',
      weekly_hours: 40,
      salary_amount_from: 70000.5,
      location: { raw: 'Berlin' },
      department: 'Engineering',
      custom_fields: { offices: ['Berlin', 'Paris'] },
      stages: [
        { id: f.id('application_stages', 's1'), remote_id: 's1', name: 'Stage s1', index: 0 },
        { id: f.id('application_stages', 's2'), remote_id: 's2', name: 'Stage s2', index: 1 },
      ],
      hiring_team: [
        {
          id: f.id('users', 'u1'),
          first_name: 'Firstu1',
          roles: ['HIRING_MANAGER', 'Panel lead'],
          hiring_team_roles: ['HIRING_MANAGER'],
          job_roles: [
            { remote_id: null, remote_label: 'HIRING_MANAGER', scope: 'JOB', unified_type: 'HIRING_MANAGER' },
            { remote_id: null, remote_label: 'Panel lead', scope: 'JOB', unified_type: null },
          ],
        },
      ],
      job_postings: [{ id: f.id('job_postings', 'p1'), status: 'INACTIVE', visibility: 'PUBLIC' }],
      screening_questions: [],
    });
  });

  it('shows applications with candidate, current stage, job, interviews and offers', async () => {
    const [application] = (await read.page('applications')).results as any[];
    expect(application).toMatchObject({
      candidate_id: f.id('candidates', 'c1'),
      job_id: f.id('jobs', 'j1'),
      current_stage_id: f.id('application_stages', 's2'),
      custom_fields: { source: 'LinkedIn' },
      candidate: { id: f.id('candidates', 'c1'), tags: [{ name: 'Referral' }] },
      current_stage: { name: 'Stage s2', index: 1 },
      job: { name: 'Job j1' },
      interviews: [{ id: f.id('interviews', 'i1'), starting_at: '2026-02-01T10:00:00.000Z', location: { raw: 'Room 1' } }],
      offers: [{ id: f.id('offers', 'o1'), status: 'ACCEPTED' }],
    });
  });

  it('shows interviews with their users and application; offers with theirs', async () => {
    const [interview] = (await read.page('interviews')).results as any[];
    expect(interview).toMatchObject({
      title: 'Interview i1',
      users: [{ id: f.id('users', 'u2'), first_name: 'Firstu2', email: 'u2@example.com' }],
      application: { id: f.id('applications', 'a1'), candidate: { id: f.id('candidates', 'c1') }, job: { id: f.id('jobs', 'j1') } },
    });
    const [offer] = (await read.page('offers')).results as any[];
    expect(offer).toMatchObject({ status: 'ACCEPTED', compensation_amount: 85000, application: { job: { name: 'Job j1' } } });
  });

  it('shows users, stages, postings, reasons and tags', async () => {
    const users = (await read.page('users')).results as any[];
    expect(users.find((u) => u.remote_id === 'u1')).toMatchObject({
      status: 'ACTIVE',
      system_roles: [
        { remote_id: null, remote_label: 'ADMIN', scope: 'SYSTEM', unified_type: 'ADMIN' },
        { remote_id: null, remote_label: 'Billing', scope: 'SYSTEM', unified_type: null },
      ],
    });
    expect((await read.page('application-stages')).results).toEqual(
      expect.arrayContaining([expect.objectContaining({ remote_id: 's1', name: 'Stage s1', global_index: 0 })]),
    );
    expect((await read.page('job-postings')).results).toEqual([expect.objectContaining({ remote_id: 'p1', status: 'CLOSED', job_id: f.id('jobs', 'j1') })]);
    expect((await read.page('rejection-reasons')).results).toEqual([expect.objectContaining({ remote_id: 'r1', name: 'Reason r1' })]);
    expect((await read.page('tags')).results).toEqual([expect.objectContaining({ remote_id: 't1', name: 'Referral' })]);
  });

  it('gets one record by id, and 404s an unknown one', async () => {
    const response = await read.get(`jobs/${f.id('jobs', 'j1')}`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'success', data: expect.objectContaining({ id: f.id('jobs', 'j1'), stages: expect.any(Array) }) });
    const missing = await read.get(`jobs/${f.id('jobs', 'nope')}`);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'PLATFORM.INPUT_INVALID', message: expect.stringContaining(f.id('jobs', 'nope')) });
    const malformed = await read.get('jobs/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.fields).toEqual([{ field: 'id', problem: 'must be a UUID' }]);
  });
});
