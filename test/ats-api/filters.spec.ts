import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';
import { readClient } from './support/read-client.js';

describe('read API: filters', () => {
  let t: TestApp;
  let f: AtsFixtures;
  let read: ReturnType<typeof readClient>;
  const sorted = (ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    t = await startTestApp();
    f = new AtsFixtures(t.db, await createConnection(t.db));
    read = readClient(t, f.connectionId);
    await f.user('u1', { email: 'Ada@Example.com' });
    await f.user('u2', { email: 'grace@example.com' });
    await f.user('u3', { email: null });
    await f.job('j1', { name: 'Senior Backend Engineer', status: 'OPEN' });
    await f.job('j2', { name: 'Product Designer', status: 'CLOSED' });
    await f.job('j3', { name: 'Frontend engineer (100%_remote)', status: 'DRAFT' });
    await f.stage('s1');
    await f.stage('s2');
    await f.candidate('c1', { first_name: 'Jane', last_name: 'Doe', email_addresses: [{ email_address: 'jane@work.com', type: 'WORK' }, { email_address: 'Jane.Doe@Home.org', type: 'PERSONAL' }] });
    await f.candidate('c2', { first_name: 'John', last_name: 'Doe', email_addresses: [{ email_address: 'john@work.com', type: 'WORK' }] });
    await f.candidate('c3', { first_name: 'jane', last_name: 'Roe', email_addresses: [] });
    await f.candidate('c4', { first_name: 'Max', last_name: 'Mustermann', remote_deleted_at: new Date() });
    await f.application('a1', { candidate: 'c1', job: 'j1', stage: 's1' }, { outcome: 'PENDING' });
    await f.application('a2', { candidate: 'c2', job: 'j1', stage: 's2' }, { outcome: 'HIRED' });
    await f.application('a3', { candidate: 'c3', job: 'j2', stage: 's1' }, { outcome: 'DECLINED' });
    await f.application('a4', { candidate: 'c2', job: 'j3', stage: 's2' }, { outcome: 'PENDING', remote_deleted_at: new Date() });
    await f.interview('i1', 'a1');
    await f.interview('i2', 'a2');
    await f.interview('i3', 'a3');
  });
  afterAll(() => t.close());

  const ids = (model: Parameters<AtsFixtures['id']>[0], ...remote: string[]) => sorted(remote.map((r) => f.id(model, r)));
  const find = async (path: string, query: Record<string, string | boolean>) => sorted(await read.ids(path, query));

  it('ids and remote_ids, on every model', async () => {
    expect(await find('candidates', { ids: `${f.id('candidates', 'c1')},${f.id('candidates', 'c3')}` })).toEqual(ids('candidates', 'c1', 'c3'));
    expect(await find('candidates', { remote_ids: 'c2,c3,nope' })).toEqual(ids('candidates', 'c2', 'c3'));
    expect(await find('jobs', { remote_ids: 'j2' })).toEqual(ids('jobs', 'j2'));
    expect(await find('users', { ids: f.id('users', 'u3').toUpperCase() })).toEqual(ids('users', 'u3'));
    expect(await find('application-stages', { remote_ids: 's1' })).toEqual(ids('application_stages', 's1'));
  });

  it('include_deleted shows deleted records; by default they are hidden', async () => {
    expect(await find('candidates', {})).toEqual(ids('candidates', 'c1', 'c2', 'c3'));
    expect(await find('candidates', { include_deleted: true })).toEqual(ids('candidates', 'c1', 'c2', 'c3', 'c4'));
    expect(await find('candidates', { include_deleted: false })).toEqual(ids('candidates', 'c1', 'c2', 'c3'));
    const deleted = (await read.page('candidates', { include_deleted: true, remote_ids: 'c4' })).results[0];
    expect(deleted.remote_deleted_at).toMatch(/Z$/);
    expect(await find('applications', { include_deleted: true, candidate_ids: f.id('candidates', 'c2') })).toEqual(ids('applications', 'a2', 'a4'));
  });

  it('candidates: email is case-insensitive and matches any address', async () => {
    expect(await find('candidates', { email: 'JANE.doe@home.ORG' })).toEqual(ids('candidates', 'c1'));
    expect(await find('candidates', { email: 'jane@work.com' })).toEqual(ids('candidates', 'c1'));
    expect(await find('candidates', { email: 'jane@work.com,john@work.com' })).toEqual(ids('candidates', 'c1', 'c2'));
    expect(await find('candidates', { email: 'nobody@example.com' })).toEqual([]);
  });

  it('candidates: first_name, last_name (case-insensitive) and job_ids', async () => {
    expect(await find('candidates', { first_name: 'JANE' })).toEqual(ids('candidates', 'c1', 'c3'));
    expect(await find('candidates', { last_name: 'doe' })).toEqual(ids('candidates', 'c1', 'c2'));
    expect(await find('candidates', { first_name: 'jane', last_name: 'doe' })).toEqual(ids('candidates', 'c1'));
    expect(await find('candidates', { job_ids: f.id('jobs', 'j1') })).toEqual(ids('candidates', 'c1', 'c2'));
    expect(await find('candidates', { job_ids: `${f.id('jobs', 'j2')},${f.id('jobs', 'j3')}` })).toEqual(ids('candidates', 'c3'));
    // The application to j3 is deleted: it counts only with include_deleted.
    expect(await find('candidates', { job_ids: f.id('jobs', 'j3'), include_deleted: true })).toEqual(ids('candidates', 'c2'));
    expect(await find('candidates', { job_ids: f.id('jobs', 'j1'), email: 'john@work.com' })).toEqual(ids('candidates', 'c2'));
    expect(await find('candidates', { job_ids: f.id('jobs', 'j2'), last_name: 'Doe' })).toEqual([]);
  });

  it('applications: job_ids, candidate_ids, outcomes, current_stage_ids and their combinations', async () => {
    expect(await find('applications', { job_ids: f.id('jobs', 'j1') })).toEqual(ids('applications', 'a1', 'a2'));
    expect(await find('applications', { candidate_ids: f.id('candidates', 'c3') })).toEqual(ids('applications', 'a3'));
    expect(await find('applications', { outcomes: 'HIRED,DECLINED' })).toEqual(ids('applications', 'a2', 'a3'));
    expect(await find('applications', { current_stage_ids: f.id('application_stages', 's1') })).toEqual(ids('applications', 'a1', 'a3'));
    expect(await find('applications', { job_ids: f.id('jobs', 'j1'), outcomes: 'PENDING' })).toEqual(ids('applications', 'a1'));
    expect(
      await find('applications', { current_stage_ids: f.id('application_stages', 's1'), outcomes: 'PENDING,DECLINED', job_ids: f.id('jobs', 'j2') }),
    ).toEqual(ids('applications', 'a3'));
  });

  it('jobs: statuses and name_contains (case-insensitive, literal)', async () => {
    expect(await find('jobs', { statuses: 'OPEN,DRAFT' })).toEqual(ids('jobs', 'j1', 'j3'));
    expect(await find('jobs', { name_contains: 'ENGINEER' })).toEqual(ids('jobs', 'j1', 'j3'));
    expect(await find('jobs', { name_contains: '100%_r' })).toEqual(ids('jobs', 'j3'));
    expect(await find('jobs', { name_contains: '%' })).toEqual(ids('jobs', 'j3'));
    expect(await find('jobs', { name_contains: 'engineer', statuses: 'OPEN' })).toEqual(ids('jobs', 'j1'));
  });

  it('interviews: job_ids and application_ids', async () => {
    expect(await find('interviews', { job_ids: f.id('jobs', 'j1') })).toEqual(ids('interviews', 'i1', 'i2'));
    expect(await find('interviews', { application_ids: f.id('applications', 'a3') })).toEqual(ids('interviews', 'i3'));
    expect(await find('interviews', { job_ids: f.id('jobs', 'j1'), application_ids: f.id('applications', 'a3') })).toEqual([]);
  });

  it('users: emails, case-insensitive', async () => {
    expect(await find('users', { emails: 'ada@example.com,GRACE@example.com' })).toEqual(ids('users', 'u1', 'u2'));
  });

  it('repeated parameters are one list: ?job_ids=a&job_ids=b', async () => {
    const response = await t
      .http()
      .get(`/v1/ats/applications?job_ids=${f.id('jobs', 'j1')}&job_ids=${f.id('jobs', 'j2')}`)
      .set({ ...t.admin, 'X-Connection-Id': f.connectionId });
    expect(sorted(response.body.data.results.map((r: { id: string }) => r.id))).toEqual(ids('applications', 'a1', 'a2', 'a3'));
  });
});
