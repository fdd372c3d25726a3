import { startTestApp, type TestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';
import { readClient } from './support/read-client.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = '2026-02-01T00:00:00.000Z';
const T2 = new Date('2026-03-01T00:00:00.000Z');

describe('read API: updated_after, with nested changes and deletions', () => {
  let t: TestApp;
  let f: AtsFixtures;
  let read: ReturnType<typeof readClient>;
  const at = { changed_at: T0 };

  beforeAll(async () => {
    t = await startTestApp();
    f = new AtsFixtures(t.db, await createConnection(t.db));
    read = readClient(t, f.connectionId);
    for (const u of ['u1', 'u2']) await f.user(u, at);
    for (const j of ['j1', 'j2', 'j3', 'j4']) await f.job(j, at);
    await f.stage('s1', at);
    await f.jobStage('j1', 's1', 0, at);
    await f.hiringTeamMember('j2', 'u1', ['RECRUITER'], at);
    for (const c of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) await f.candidate(c, at);
    await f.tag('t1', at);
    await f.candidateTag('c2', 't1', at);
    await f.candidateTag('c3', 't1', at);
    await f.application('a1', { candidate: 'c1', job: 'j1', stage: 's1' }, at);
    await f.application('a4', { candidate: 'c4', job: 'j4' }, at);
    await f.interview('i1', 'a1', at);
    await f.interview('i2', 'a1', at);
    await f.interviewer('i1', 'u1', at);

    // After T1:
    await f.update('applications', 'a1', { outcome: 'HIRED', changed_at: T2 }); // c1's application changed
    await f.candidateTag('c2', 't1', { remote_deleted_at: T2, changed_at: T2 }); // c2's tag removed
    await f.update('jobs', 'j4', { name: 'renamed', changed_at: T2 }); // c4's application's job: not c4's change
    await f.update('candidates', 'c5', { company: 'New', changed_at: T2 }); // c5 itself
    await f.update('candidates', 'c6', { remote_deleted_at: T2, changed_at: T2 }); // c6 deleted
    await f.jobStage('j1', 's1', 1, { changed_at: T2 }); // j1's stage order
    await f.hiringTeamMember('j2', 'u2', ['HIRING_MANAGER'], { changed_at: T2 }); // j2's hiring team
    await f.interviewer('i2', 'u2', { changed_at: T2 }); // i2's interviewers
  });
  afterAll(() => t.close());

  const remote = async (path: string, query: Record<string, string | boolean>) =>
    (await read.all<{ remote_id: string }>(path, query)).map((r) => r.remote_id).sort();

  it('returns candidates whose own data, applications or tag joins changed, not those whose jobs changed', async () => {
    expect(await remote('candidates', { updated_after: T1 })).toEqual(['c1', 'c2', 'c5']);
  });

  it('with include_deleted, also returns records deleted after the time', async () => {
    expect(await remote('candidates', { updated_after: T1, include_deleted: true })).toEqual(['c1', 'c2', 'c5', 'c6']);
    const deleted = (await read.page<any>('candidates', { updated_after: T1, include_deleted: true, remote_ids: 'c6' })).results[0];
    expect(deleted.remote_deleted_at).toBe(T2.toISOString());
  });

  it('hides a removed tag in the nested list', async () => {
    const [c2] = (await read.page<any>('candidates', { remote_ids: 'c2' })).results;
    expect(c2.tags).toEqual([]);
    const [c3] = (await read.page<any>('candidates', { remote_ids: 'c3' })).results;
    expect(c3.tags.map((x: { remote_id: string }) => x.remote_id)).toEqual(['t1']);
  });

  it('returns jobs whose stages or hiring team changed', async () => {
    expect(await remote('jobs', { updated_after: T1 })).toEqual(['j1', 'j2', 'j4']);
    expect(await remote('jobs', { updated_after: T2.toISOString() })).toEqual([]);
  });

  it('returns interviews whose interviewers changed; plain models by their own changed_at', async () => {
    expect(await remote('interviews', { updated_after: T1 })).toEqual(['i2']);
    expect(await remote('applications', { updated_after: T1 })).toEqual(['a1']);
    expect(await remote('users', { updated_after: T1 })).toEqual([]);
    expect(await remote('users', { updated_after: '2026-01-01T01:00:00+02:00' })).toEqual(['u1', 'u2']);
  });

  it('combines updated_after with the other filters', async () => {
    expect(await remote('candidates', { updated_after: T1, remote_ids: 'c1,c3,c5' })).toEqual(['c1', 'c5']);
    expect(await remote('candidates', { updated_after: T1, job_ids: f.id('jobs', 'j1') })).toEqual(['c1']);
  });
});

describe('read API: paging while a sync writes', () => {
  let t: TestApp;
  let f: AtsFixtures;
  let read: ReturnType<typeof readClient>;
  const N = 40;

  beforeAll(async () => {
    t = await startTestApp();
    f = new AtsFixtures(t.db, await createConnection(t.db));
    read = readClient(t, f.connectionId);
    for (let i = 0; i < N; i++) await f.candidate(`c${i}`, { changed_at: new Date(T0.getTime() + i * 1000), first_name: i % 2 ? 'Odd' : 'Even' });
  });
  afterAll(() => t.close());

  it('sees every record once, none twice, while records change between pages', async () => {
    const seen: string[] = [];
    let page = await read.page<{ id: string; remote_id: string }>('candidates', { page_size: 7 });
    let round = 0;
    for (;;) {
      seen.push(...page.results.map((r) => r.remote_id));
      if (!page.next) break;
      // Between pages the sync touches records already read and records not read yet, and adds new ones.
      round += 1;
      for (const r of [...page.results.map((x) => x.remote_id), `c${(round * 11) % N}`]) {
        await f.update('candidates', r, { company: `v${round}` });
      }
      await f.candidate(`new${round}`);
      page = await read.page('candidates', { cursor: page.next });
    }
    const originals = seen.filter((r) => !r.startsWith('new'));
    expect(new Set(seen).size).toBe(seen.length);
    expect(originals.sort()).toEqual(Array.from({ length: N }, (_, i) => `c${i}`).sort());
  });

  it('a deep page costs no more than the first: the cursor is a position, not an offset', async () => {
    const all = await read.all<{ id: string }>('candidates', { page_size: 3 });
    expect(all.map((r) => r.id)).toEqual([...all.map((r) => r.id)].sort());
  });

  it('the cursor carries the filters; other filters with it answer 400', async () => {
    const first = await read.page<{ first_name: string }>('candidates', { first_name: 'odd', page_size: 5 });
    expect(first.results.every((r) => r.first_name === 'Odd')).toBe(true);
    const alone = await read.page<{ first_name: string }>('candidates', { cursor: first.next! });
    expect(alone.results.length).toBeGreaterThan(0);
    expect(alone.results.every((r) => r.first_name === 'Odd')).toBe(true);
    const same = await read.get('candidates', { cursor: first.next!, first_name: 'ODD', include_deleted: false, page_size: 3 });
    expect(same.status).toBe(200);
    expect(same.body.data.results).toHaveLength(3);
    const other = await read.get('candidates', { cursor: first.next!, first_name: 'Even' });
    expect(other.status).toBe(400);
    expect(other.body.error.fields[0].field).toBe('cursor');
    const dropped = await read.get('candidates', { cursor: first.next!, include_deleted: true });
    expect(dropped.status).toBe(400);
  });

  it('page_size defaults to 100 and the last page has next: null', async () => {
    const page = await read.page('candidates');
    expect(page.results.length).toBeLessThanOrEqual(100);
    expect(page.next).toBeNull();
    const sized = await read.page('candidates', { page_size: 250 });
    expect(sized.next).toBeNull();
  });
});
