import type { GemApplication, GemCandidate, GemJob, GemJobPost, GemJobStage, GemScheduledInterview, GemUser } from '../../src/connectors/gem/gem.types.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { JOIN_TABLES } from '../../src/sync/model-tables.js';
import { API_KEY, control, gemAll, startSandbox } from '../connectors/gem/gem-test-kit.js';
import { diff, E2eHarness, sorted, type Snapshot } from './support/e2e-harness.js';

/**
 * seed → FULL → the database holds exactly the sandbox's data (soft-deleted records with their
 * deleted_at), mapped by the seed's rules → a second FULL writes nothing → mutate → DELTA brings
 * exactly the updates, creations and soft deletions → a FULL then finds nothing left to do.
 */
const CANDIDATES = 300;

let sandbox: RunningSandbox;
let h: E2eHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ candidates: CANDIDATES, seed: 4 });
  h = await new E2eHarness('gem', sandbox.url, API_KEY).start();
});
afterAll(async () => {
  await h?.stop();
  await sandbox?.close();
});

interface GemData {
  users: GemUser[];
  stages: GemJobStage[];
  jobs: GemJob[];
  posts: GemJobPost[];
  candidates: GemCandidate[];
  applications: GemApplication[];
  interviews: GemScheduledInterview[];
}

/** Everything the sandbox serves, soft-deleted records included, read through its list endpoints. */
async function read(): Promise<GemData> {
  const all = <T>(path: string) => gemAll<T>(sandbox.url, `/ats/v0/${path}`, '&include_deleted=true');
  const [users, stages, jobs, posts, candidates, applications, interviews] = await Promise.all([
    all<GemUser>('users'),
    all<GemJobStage>('job_stages'),
    all<GemJob>('jobs'),
    all<GemJobPost>('job_posts'),
    all<GemCandidate>('candidates'),
    all<GemApplication>('applications'),
    all<GemScheduledInterview>('scheduled_interviews'),
  ]);
  return { users, stages, jobs, posts, candidates, applications, interviews };
}

const ROLES = [
  ['hiring_managers', 'HIRING_MANAGER'],
  ['recruiters', 'RECRUITER'],
  ['coordinators', 'COORDINATOR'],
  ['sourcers', 'SOURCER'],
] as const;

/** Remote id → deleted_at (null when live), per model and join table: what the database must hold. */
function served(d: GemData): Record<string, Map<string, string | null>> {
  const byId = <T extends { id: string; deleted_at?: string | null }>(list: T[]) => new Map(list.map((x) => [x.id, x.deleted_at ?? null]));
  const liveOnes = (keys: string[]) => new Map(keys.map((k) => [k, null]));
  const liveJobs = d.jobs.filter((j) => !j.deleted_at);
  const liveCandidates = d.candidates.filter((c) => !c.deleted_at);
  const liveInterviews = d.interviews.filter((i) => !i.deleted_at);
  return {
    users: byId(d.users),
    application_stages: byId(d.stages),
    jobs: byId(d.jobs),
    job_postings: byId(d.posts),
    candidates: byId(d.candidates),
    applications: byId(d.applications),
    interviews: byId(d.interviews),
    rejection_reasons: liveOnes(d.applications.filter((a) => a.rejection_reason?.id).map((a) => a.rejection_reason!.id)),
    tags: liveOnes(liveCandidates.flatMap((c) => c.tags)),
    offers: new Map(),
    job_stages: liveOnes(liveJobs.flatMap((j) => d.stages.filter((s) => s.job_id === j.id && !s.deleted_at).map((s) => `${j.id}:${s.id}`))),
    job_hiring_team_members: liveOnes(liveJobs.flatMap((j) => ROLES.flatMap(([key]) => (j.hiring_team?.[key] ?? []).map((u) => `${j.id}:${u.id}`)))),
    interview_team_members: liveOnes(liveInterviews.flatMap((i) => (i.interviewers ?? []).map((u) => `${i.id}:${u.id}`))),
    candidate_tags: liveOnes(liveCandidates.flatMap((c) => c.tags.map((t) => `${c.id}:${t}`))),
  };
}

async function expectExactlyTheSandboxData(d: GemData): Promise<void> {
  for (const [model, expected] of Object.entries(served(d))) {
    // Join rows of a member set that shrank stay behind, marked deleted: only the live ones are compared.
    const rows = [...(await h.rows(model))].filter(([, r]) => !(model in JOIN_TABLES && r.remote_deleted_at));
    const actual = new Map(rows.map(([id, r]) => [id, r.remote_deleted_at ? (r.remote_deleted_at as Date).toISOString() : null]));
    expect({ model, rows: Object.fromEntries([...actual].sort()) }).toEqual({ model, rows: Object.fromEntries([...expected].sort()) });
  }
  expect(await h.danglingReferences()).toEqual([]);
}

const pick = (row: Record<string, any>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k]]));

/** Every record, field by field against the seed's mapping rules. */
async function expectMappedFields(d: GemData): Promise<void> {
  const [jobs, candidates, applications, stages, interviews, users, jobStages, team, interviewTeam] = await Promise.all(
    ['jobs', 'candidates', 'applications', 'application_stages', 'interviews', 'users', 'job_stages', 'job_hiring_team_members', 'interview_team_members'].map((m) => h.rows(m)),
  );
  const membersOf = (join: Map<string, Record<string, any>>, parent: string) =>
    [...join.values()].filter((r) => r.remote_id.startsWith(`${parent}:`) && r.remote_deleted_at === null);

  // Jobs: first office and department, all of them in custom_fields; description from the most
  // recent live and active post; hiring team with all its roles; job stages with their index.
  let withDescription = 0;
  let multiRole = 0;
  let severalLivePosts = 0;
  let severalOffices = 0;
  for (const job of d.jobs) {
    const row = jobs.get(job.id)!;
    const published = (p: GemJobPost) => Date.parse(p.first_published_at ?? p.created_at);
    const post = d.posts
      .filter((p) => p.job_id === job.id && p.live && p.active && !p.deleted_at)
      .sort((a, b) => published(b) - published(a) || Date.parse(b.updated_at) - Date.parse(a.updated_at))[0];
    if (post) withDescription++;
    if (d.posts.filter((p) => p.job_id === job.id && p.live && p.active && !p.deleted_at).length > 1) severalLivePosts++;
    if (job.offices.length > 1 && job.departments.length > 1) severalOffices++;
    expect({ id: job.id, ...pick(row, ['name', 'location', 'department', 'description', 'confidential', 'status']), offices: row.custom_fields.offices, departments: row.custom_fields.departments }).toEqual({
      id: job.id,
      name: job.name,
      location: job.offices[0].location?.name ?? job.offices[0].name,
      department: job.departments[0].name,
      description: post?.content ?? null,
      confidential: job.confidential,
      status: { open: 'OPEN', closed: 'CLOSED', draft: 'DRAFT', pending_approval: 'DRAFT', approved: 'DRAFT' }[job.status],
      offices: job.offices.map((o) => ({ id: o.id, name: o.name, location: o.location?.name ?? null })),
      departments: job.departments.map((x) => ({ id: x.id, name: x.name })),
    });
    if (job.deleted_at) continue;
    const roles = new Map<string, string[]>();
    for (const [key, role] of ROLES) for (const u of job.hiring_team?.[key] ?? []) roles.set(u.id, [...(roles.get(u.id) ?? []), role]);
    multiRole += [...roles.values()].filter((r) => r.length > 1).length;
    expect(membersOf(team, job.id).map((r) => [r.user_id, r.roles]).sort()).toEqual([...roles].map(([u, r]) => [h.id('users', u), r]).sort());
    const plan = d.stages.filter((s) => s.job_id === job.id && !s.deleted_at).sort((a, b) => a.priority - b.priority);
    expect(membersOf(jobStages, job.id).map((r) => [r.stage_id, r.index]).sort()).toEqual(plan.map((s, index) => [h.id('application_stages', s.id), index]).sort());
  }
  // The data exercises each rule: a choice among live posts, several offices and departments, users with several roles.
  expect([withDescription, severalLivePosts, severalOffices, multiRole].map((n) => n > 0)).toEqual([true, true, true, true]);

  for (const s of d.stages) expect({ id: s.id, ...pick(stages.get(s.id)!, ['name', 'global_index']) }).toEqual({ id: s.id, name: s.name, global_index: s.priority });

  // Candidates: the source is the first application's (a deleted one only when no other is left).
  let sourceFromEarliest = 0;
  for (const c of d.candidates) {
    const byTime = [...c.applications].sort((a, b) => Date.parse(a.applied_at) - Date.parse(b.applied_at));
    const first = byTime.find((a) => !a.deleted_at) ?? byTime[0];
    if (c.applications.length > 1 && c.applications.some((a) => a.source?.public_name !== first.source?.public_name)) sourceFromEarliest++;
    const row = candidates.get(c.id)!;
    expect({ id: c.id, ...pick(row, ['first_name', 'last_name', 'company', 'title', 'source', 'custom_fields']), emails: row.email_addresses.map((e: any) => e.email_address).sort() }).toEqual({
      id: c.id,
      first_name: c.first_name,
      last_name: c.last_name,
      company: c.company,
      title: c.title,
      source: first?.source?.public_name ?? null,
      custom_fields: {},
      emails: c.email_addresses.map((e) => e.value).sort(),
    });
  }
  expect(sourceFromEarliest).toBeGreaterThan(0);

  // Applications: their own source in custom_fields, outcome, rejection, references.
  for (const a of d.applications) {
    const row = applications.get(a.id)!;
    expect({ id: a.id, ...pick(row, ['outcome', 'rejection_reason_name', 'rejected_at', 'candidate_id', 'job_id', 'current_stage_id']), source: row.custom_fields.source }).toEqual({
      id: a.id,
      outcome: { active: 'PENDING', hired: 'HIRED', rejected: 'DECLINED' }[a.status],
      rejection_reason_name: a.rejection_reason?.name ?? null,
      rejected_at: a.rejected_at ? new Date(a.rejected_at) : null,
      candidate_id: h.id('candidates', a.candidate_id),
      job_id: h.id('jobs', a.jobs[0].id),
      current_stage_id: a.current_stage ? h.id('application_stages', a.current_stage.id) : null,
      source: a.source?.public_name ?? null,
    });
  }

  // Interviews: the interviewers as interviewing team members; the stage holding the interview.
  for (const i of d.interviews) {
    const stage = d.stages.find((s) => s.interviews.some((item) => item.job_stage_interview_item_id === i.job_stage_interview_item_id));
    expect({ id: i.id, ...pick(interviews.get(i.id)!, ['title', 'starting_at', 'application_id', 'stage_id']) }).toEqual({
      id: i.id,
      title: i.interview?.name ?? null,
      starting_at: i.start ? new Date(i.start.date_time) : null,
      application_id: h.id('applications', i.application_id),
      stage_id: stage ? h.id('application_stages', stage.id) : null,
    });
    if (!i.deleted_at) expect(membersOf(interviewTeam, i.id).map((r) => r.user_id).sort()).toEqual(sorted(i.interviewers.map((u) => h.id('users', u.id))));
  }

  for (const u of d.users) {
    expect({ id: u.id, ...pick(users.get(u.id)!, ['first_name', 'last_name', 'email', 'status']) }).toEqual({
      id: u.id,
      first_name: u.first_name,
      last_name: u.last_name,
      email: u.primary_email_address,
      status: u.disabled ? 'INACTIVE' : 'ACTIVE',
    });
  }
}

describe('Gem end to end: sandbox → SyncRunner → PostgreSQL', () => {
  let afterFull: Snapshot;
  let data: GemData;

  it('FULL: the database holds exactly the sandbox data (soft deletions as remote_deleted_at), mapped by the seed’s rules', async () => {
    const run = await h.sync('FULL');
    data = await read();
    expect(run.counts.candidates).toMatchObject({ created: data.candidates.length, updated: 0, failed: 0 });
    expect(data.candidates.filter((c) => c.deleted_at).length).toBeGreaterThan(0);
    await expectExactlyTheSandboxData(data);
    await expectMappedFields(data);
  });

  it('a second FULL over unchanged data writes nothing', async () => {
    afterFull = await h.fullWritesNothing();
  });

  it('mutate → DELTA: exactly the changed records move, soft deletions arrive as remote_deleted_at', async () => {
    const { changed } = await control<{ changed: Record<string, { created?: string[]; updated?: string[]; deleted?: string[] }> }>(sandbox.url, 'POST', 'mutate', {
      update: 5,
      create: 3,
      delete: 2,
      hire: 1,
    });
    const c = changed.candidates!;
    const a = changed.applications!;
    expect([c.updated?.length, c.created?.length, c.deleted?.length, a.created?.length, a.updated?.length]).toEqual([5, 3, 2, 3, 1]);
    const run = await h.sync('DELTA');
    expect(run.streams.candidates).toMatchObject({ mode: 'DELTA' });
    const afterDelta = await h.snapshot();
    const now = await read();

    // Gem embeds a candidate's applications, so the hired application's candidate changes too.
    const hiredCandidate = now.applications.find((x) => x.id === a.updated![0])!.candidate_id;
    // A record created in this batch counts as created, whatever else happened to it.
    const notCreated = (ids: string[], created: string[] = []) => sorted(ids.filter((id) => !created.includes(id)));
    const candidatesChanged = notCreated([...c.updated!, ...c.deleted!, hiredCandidate], c.created);
    const applicationsChanged = notCreated(a.updated!, a.created);
    // A deleted candidate's tags go with it, as a FULL would find.
    const deletedTags = [...afterFull.candidate_tags.keys()].filter((id) => c.deleted!.includes(id.split(':')[0]));
    const expected: Record<string, unknown> = {
      candidates: { created: sorted(c.created!), changed: candidatesChanged, deleted: sorted(c.deleted!), rewritten: candidatesChanged },
      applications: { created: sorted(a.created!), changed: applicationsChanged, deleted: [], rewritten: applicationsChanged },
    };
    expect(deletedTags.length).toBeGreaterThan(0); // the seed is chosen so that this batch exercises it
    expected.candidate_tags = { created: [], changed: sorted(deletedTags), deleted: sorted(deletedTags), rewritten: sorted(deletedTags) };
    expect(diff(afterFull, afterDelta)).toEqual(expected);

    // remote_deleted_at is Gem's deleted_at.
    for (const id of c.deleted!) {
      const deletedAt = now.candidates.find((x) => x.id === id)!.deleted_at!;
      expect({ id, at: afterDelta.candidates.get(id)!.remote_deleted_at && new Date(afterDelta.candidates.get(id)!.remote_deleted_at!).toISOString() }).toEqual({ id, at: deletedAt });
    }
    data = now;
    await expectExactlyTheSandboxData(now);
    await expectMappedFields(now);
  });

  it('a FULL after the DELTA finds nothing left to change', async () => {
    const before = await h.snapshot();
    await h.sync('FULL');
    expect(diff(before, await h.snapshot())).toEqual({});
    await expectExactlyTheSandboxData(data);
  });
});
