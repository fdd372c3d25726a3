import type { GemApplication, GemCandidate, GemErrorBody, GemJob } from '../../../src/connectors/gem/gem.types.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { findSandbox } from '../../../src/sandbox/sandbox-registry.js';
import { API_KEY, control, gemAll, gemGet, startSandbox } from './gem-test-kit.js';

describe('Gem sandbox', () => {
  let a: RunningSandbox;
  let b: RunningSandbox;
  let other: RunningSandbox;

  beforeAll(async () => {
    [a, b, other] = await Promise.all([startSandbox({ seed: 11, candidates: 400 }), startSandbox({ seed: 11, candidates: 400 }), startSandbox({ seed: 12, candidates: 400 })]);
  });
  afterAll(() => Promise.all([a.close(), b.close(), other.close()]));

  it('is registered for `ats-sync sandbox gem` on port 4020', () => {
    expect(findSandbox('gem')).toMatchObject({ provider: 'gem', defaultPort: 4020 });
  });

  it('the same seed gives the same data; another seed other data', async () => {
    for (const path of ['/ats/v0/candidates', '/ats/v0/applications', '/ats/v0/jobs', '/ats/v0/job_posts', '/ats/v0/job_stages', '/ats/v0/scheduled_interviews', '/ats/v0/users', '/ats/v0/offices', '/ats/v0/departments']) {
      expect(await gemAll(a.url, path, '&include_deleted=true')).toEqual(await gemAll(b.url, path, '&include_deleted=true'));
    }
    expect(await gemGet(a.url, '/v0/projects')).toMatchObject({ body: (await gemGet(b.url, '/v0/projects')).body });
    const [x, y] = [await gemAll<GemCandidate>(a.url, '/ats/v0/candidates'), await gemAll<GemCandidate>(other.url, '/ats/v0/candidates')];
    expect(x.map((c) => c.first_name)).not.toEqual(y.map((c) => c.first_name));
  });

  it('has the shapes of §2.7: several offices and departments, live and inactive posts, all four hiring roles, sources, reasons', async () => {
    const jobs = await gemAll<GemJob>(a.url, '/ats/v0/jobs');
    expect(jobs.some((j) => j.offices.length > 1)).toBe(true);
    expect(jobs.some((j) => j.departments.length > 1)).toBe(true);
    for (const role of ['hiring_managers', 'recruiters', 'coordinators', 'sourcers'] as const) expect(jobs.some((j) => (j.hiring_team?.[role] ?? []).length > 0)).toBe(true);
    const posts = await gemAll<{ live: boolean; active: boolean }>(a.url, '/ats/v0/job_posts');
    expect(posts.some((p) => p.live && p.active)).toBe(true);
    expect(posts.some((p) => !p.active)).toBe(true);
    const candidates = await gemAll<GemCandidate>(a.url, '/ats/v0/candidates');
    expect(candidates.some((c) => c.email_addresses.length > 1 && c.phone_numbers.length > 1 && c.social_media_addresses.length > 1)).toBe(true);
    expect(candidates.some((c) => c.phone_numbers.length === 0)).toBe(true);
    const applications = await gemAll<GemApplication>(a.url, '/ats/v0/applications');
    expect(applications.some((x) => x.rejection_reason?.name)).toBe(true);
    expect(new Set(applications.map((x) => x.source?.public_name)).size).toBeGreaterThan(3);
    const interviews = await gemAll<{ interviewers: unknown[] }>(a.url, '/ats/v0/scheduled_interviews');
    expect(interviews.some((i) => i.interviewers.length > 1)).toBe(true);
  });

  it('checks the key: 401 with Gem’s error body', async () => {
    const missing = await fetch(`${a.url}/ats/v0/users`);
    expect(missing.status).toBe(401);
    const wrong = await gemGet<GemErrorBody>(a.url, '/v0/users', 'nope');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: 401, status: 'Unauthorized', message: expect.any(String), errors: {} });
  });

  it('ATS paging: per_page ≤ 500 (default 100), bare arrays; out-of-range is a 400 naming the parameter', async () => {
    expect((await gemGet<unknown[]>(a.url, '/ats/v0/candidates')).body).toHaveLength(100);
    expect((await gemGet<unknown[]>(a.url, '/ats/v0/candidates?per_page=500&include_deleted=true')).body).toHaveLength(400);
    const page2 = await gemGet<GemCandidate[]>(a.url, '/ats/v0/candidates?per_page=150&page=2');
    const all = await gemAll<GemCandidate>(a.url, '/ats/v0/candidates');
    expect(page2.body.map((c) => c.id)).toEqual(all.slice(150, 300).map((c) => c.id));
    const tooBig = await gemGet<GemErrorBody>(a.url, '/ats/v0/candidates?per_page=501');
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toMatchObject({ code: 400, status: 'Bad Request', errors: { per_page: expect.any(Object) } });
    expect((await gemGet(a.url, '/ats/v0/jobs?updated_after=yesterday')).status).toBe(400);
  });

  it('v0 paging: page_size ≤ 100, X-Pagination header, Unix-second timestamps', async () => {
    const first = await gemGet<{ created_at: number; last_updated_at: number }[]>(a.url, '/v0/candidates?page_size=100');
    expect(first.body).toHaveLength(100);
    expect(JSON.parse(first.headers.get('x-pagination')!)).toMatchObject({ total_pages: expect.any(Number), page: 1 });
    expect(Number.isInteger(first.body[0].created_at)).toBe(true);
    expect((await gemGet(a.url, '/v0/candidates?page_size=101')).status).toBe(400);
    const since = first.body[50].created_at;
    const after = await gemGet<{ created_at: number }[]>(a.url, `/v0/candidates?page_size=100&created_after=${since}`);
    expect(after.body.every((c) => c.created_at > since)).toBe(true);
  });

  it('filters: updated_after, last_activity_after, include_deleted with deleted_at', async () => {
    const live = await gemAll<GemCandidate>(a.url, '/ats/v0/candidates');
    const withDeleted = await gemAll<GemCandidate>(a.url, '/ats/v0/candidates', '&include_deleted=true');
    expect(live.every((c) => c.deleted_at === null)).toBe(true);
    expect(withDeleted.length).toBeGreaterThan(live.length);
    const cut = live[200].updated_at!;
    const since = await gemAll<GemCandidate>(a.url, '/ats/v0/candidates', `&updated_after=${encodeURIComponent(cut)}`);
    expect(since.length).toBe(live.filter((c) => Date.parse(c.updated_at!) > Date.parse(cut)).length);
    const apps = await gemAll<GemApplication>(a.url, '/ats/v0/applications');
    const activityCut = apps[100].last_activity_at;
    const active = await gemAll<GemApplication>(a.url, '/ats/v0/applications', `&last_activity_after=${encodeURIComponent(activityCut)}`);
    expect(active.length).toBe(apps.filter((x) => Date.parse(x.last_activity_at) > Date.parse(activityCut)).length);
  });

  it('mutate reports exactly what changed; deletes are soft and bump updated_at', async () => {
    const before = Date.now();
    const { changed } = await control<{ changed: Record<string, Record<string, string[]>> }>(other.url, 'POST', 'mutate', { update: 2, delete: 1, create: 1, hire: 1 });
    expect(changed.candidates.updated).toHaveLength(2);
    expect(changed.candidates.created).toHaveLength(1);
    expect(changed.applications.created).toHaveLength(1);
    expect(changed.applications.updated).toHaveLength(1);
    const deletedId = changed.candidates.deleted[0];
    expect((await gemGet(other.url, `/ats/v0/candidates/${deletedId}`)).body).toMatchObject({ id: deletedId, deleted_at: expect.any(String) });
    const live = await gemAll<GemCandidate>(other.url, '/ats/v0/candidates');
    expect(live.some((c) => c.id === deletedId)).toBe(false);
    const changedSince = await gemAll<GemCandidate>(other.url, '/ats/v0/candidates', `&include_deleted=true&updated_after=${new Date(before - 1).toISOString()}`);
    expect(changedSince.map((c) => c.id).sort()).toEqual([...changed.candidates.updated, ...changed.candidates.created, deletedId].sort());
    const deleted = changedSince.find((c) => c.id === deletedId)!;
    expect(deleted.updated_at).toBe(deleted.deleted_at);
    const hired = await gemAll<GemApplication>(other.url, '/ats/v0/applications', `&last_activity_after=${new Date(before - 1).toISOString()}`);
    expect(hired.find((x) => x.id === changed.applications.updated[0])?.status).toBe('hired');
  });

  it('v0 create, get and update a candidate; duplicate create is a 400 with duplicate_candidate.id', async () => {
    const { body: users } = await gemGet<{ id: string }[]>(other.url, '/v0/users');
    const post = (body: unknown) =>
      fetch(`${other.url}/v0/candidates`, { method: 'POST', headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post({ created_by: users[0].id, first_name: 'Ada', last_name: 'Lovelace', emails: [{ email_address: 'ada@example.net', is_primary: true }], linked_in_handle: 'ada-l' });
    expect(created.status).toBe(201);
    const candidate = (await created.json()) as { id: string; created_at: number };
    expect(Number.isInteger(candidate.created_at)).toBe(true);
    const duplicate = await post({ created_by: users[0].id, emails: [{ email_address: 'other@example.net' }], linked_in_handle: 'ada-l' });
    expect(duplicate.status).toBe(400);
    expect(await duplicate.json()).toMatchObject({ code: 400, errors: { duplicate_candidate: { id: candidate.id } } });
    const put = await fetch(`${other.url}/v0/candidates/${candidate.id}`, { method: 'PUT', headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Analyst' }) });
    expect(await put.json()).toMatchObject({ id: candidate.id, title: 'Analyst' });
    expect((await gemGet(other.url, `/ats/v0/candidates/${candidate.id}`)).body).toMatchObject({ title: 'Analyst', first_name: 'Ada' });
  });

  it('v0 projects and membership', async () => {
    const { body: users } = await gemGet<{ id: string }[]>(other.url, '/v0/users');
    const send = (method: string, path: string, body: unknown) =>
      fetch(`${other.url}${path}`, { method, headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const project = (await (await send('POST', '/v0/projects', { user_id: users[0].id, name: 'Pipeline', privacy_type: 'shared' })).json()) as { id: string };
    const [candidate] = await gemAll<GemCandidate>(other.url, '/ats/v0/candidates');
    expect((await send('PUT', `/v0/projects/${project.id}/candidates`, { candidate_ids: [candidate.id], user_id: users[0].id })).status).toBe(204);
    expect((await send('PUT', `/v0/projects/${project.id}/candidates`, { candidate_ids: [candidate.id], user_id: users[0].id })).status).toBe(400);
    const members = await gemGet<{ candidate_id: string }[]>(other.url, `/v0/projects/${project.id}/candidates`);
    expect(members.body.map((m) => m.candidate_id)).toEqual([candidate.id]);
    expect((await send('DELETE', `/v0/projects/${project.id}/candidates`, { candidate_ids: [candidate.id], user_id: users[0].id })).status).toBe(204);
    expect((await gemGet<unknown[]>(other.url, `/v0/projects/${project.id}/candidates`)).body).toEqual([]);
  });
});
