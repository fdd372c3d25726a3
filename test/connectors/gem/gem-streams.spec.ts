import { getMetadataArgsStorage } from 'typeorm';
import * as entities from '../../../src/ats/entities/index.js';
import type { NormalizedRecord } from '../../../src/connectors/connector.js';
import { ATS_PAGE_SIZE } from '../../../src/connectors/gem/gem.client.js';
import { DELTA_OVERLAP_MS } from '../../../src/connectors/gem/gem.positions.js';
import type { GemApplication, GemCandidate, GemJob, GemJobPost, GemJobStage, GemScheduledInterview } from '../../../src/connectors/gem/gem.types.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { control, gemAll, gemContext, ids, runStream, startSandbox } from './gem-test-kit.js';

type Changed = Record<string, { created?: string[]; updated?: string[]; deleted?: string[] }>;

/** The distinct ids of some change lists, sorted (a record can be updated and then deleted). */
const union = (...lists: (string[] | undefined)[]) => [...new Set(lists.flatMap((l) => l ?? []))].sort();

describe('Gem streams over HTTP against the sandbox', () => {
  let sandbox: RunningSandbox;
  let url: string;
  const context = () => gemContext(url);

  beforeAll(async () => {
    sandbox = await startSandbox({ candidates: 1200 });
    url = sandbox.url;
  });
  afterAll(() => sandbox.close());

  it('FULL candidates pages through every candidate, deleted ones included with remote_deleted_at', async () => {
    const startedAt = new Date();
    const run = await runStream(context(), 'candidates', 'FULL', null, { startedAt });
    const all = await gemAll<GemCandidate>(url, '/ats/v0/candidates', '&include_deleted=true');
    expect(run.pages.length).toBe(Math.floor(all.length / ATS_PAGE_SIZE) + 1);
    expect(run.pages.slice(0, -1).every((p) => p.count === ATS_PAGE_SIZE)).toBe(true);
    expect(ids(run.mapped.records.candidates)).toEqual(all.map((c) => c.id).sort());
    expect(run.mapped.failures).toEqual([]);
    const deleted = all.filter((c) => c.deleted_at);
    expect(deleted.length).toBeGreaterThan(0);
    for (const c of deleted) {
      const record = run.mapped.records.candidates!.find((r) => r.remote_id === c.id)!;
      expect(record.remote_deleted_at).toEqual(new Date(c.deleted_at!));
    }
    // Each page resumes after itself; the last one carries the next DELTA's start.
    run.pages.slice(0, -1).forEach((p, i) => expect(p.position).toEqual({ mode: 'FULL', page: i + 2, started_at: startedAt.toISOString() }));
    expect(run.position).toEqual({ updated_after: new Date(startedAt.getTime() - DELTA_OVERLAP_MS).toISOString() });
  });

  it('a candidate’s source is the source of their first application', async () => {
    const run = await runStream(context(), 'candidates', 'FULL');
    const all = await gemAll<GemCandidate>(url, '/ats/v0/candidates', '&include_deleted=true');
    const twoApps = all.filter((c) => c.applications.length === 2 && c.applications[0].source?.public_name !== c.applications[1].source?.public_name);
    expect(twoApps.length).toBeGreaterThan(5);
    for (const c of twoApps) {
      // The first application still there (a deleted one no longer counts).
      const byTime = [...c.applications].sort((a, b) => Date.parse(a.applied_at) - Date.parse(b.applied_at));
      const first = byTime.find((a) => !a.deleted_at) ?? byTime[0];
      const record = run.mapped.records.candidates!.find((r) => r.remote_id === c.id)!;
      expect(record.fields.source).toBe(first.source?.public_name ?? null);
    }
    const withTags = all.find((c) => c.tags.length > 0 && !c.deleted_at)!;
    const tagSet = run.mapped.joins.find((j) => j.join === 'candidate_tags' && j.parent.remote_id === withTags.id)!;
    expect(tagSet.members.map((m) => m.member.remote_id).sort()).toEqual([...withTags.tags].sort());
  });

  it('a resumed FULL run fetches exactly the pages after the saved position', async () => {
    const first = await runStream(context(), 'applications', 'FULL', null, { maxPages: 1 });
    const rest = await runStream(context(), 'applications', 'FULL', first.position, { startedAt: new Date(Date.now() + 60_000) });
    const all = await gemAll<GemApplication>(url, '/ats/v0/applications', '&include_deleted=true');
    expect(all.length).toBeGreaterThan(2 * ATS_PAGE_SIZE);
    expect([...ids(first.mapped.records.applications), ...ids(rest.mapped.records.applications)].sort()).toEqual(all.map((a) => a.id).sort());
    // The next delta reaches back to before the first, interrupted run started.
    expect(rest.position).toEqual({ updated_after: new Date(Date.parse(first.position.started_at as string) - DELTA_OVERLAP_MS).toISOString() });
  });

  it('FULL applications: outcome, rejection reason, own source, references', async () => {
    const run = await runStream(context(), 'applications', 'FULL');
    const all = await gemAll<GemApplication>(url, '/ats/v0/applications', '&include_deleted=true');
    const byId = new Map(run.mapped.records.applications!.map((r) => [r.remote_id, r]));
    const outcomes = new Set<string>();
    for (const a of all) {
      const r = byId.get(a.id)!;
      outcomes.add(r.fields.outcome as string);
      expect(r.fields.outcome).toBe({ active: 'PENDING', hired: 'HIRED', rejected: 'DECLINED' }[a.status]);
      expect(r.fields.rejection_reason_name).toBe(a.rejection_reason?.name ?? null);
      expect(r.fields.rejected_at).toEqual(a.rejected_at ? new Date(a.rejected_at) : null);
      expect((r.fields.custom_fields as Record<string, unknown>).source).toBe(a.source?.public_name ?? null);
      expect(r.refs).toEqual({
        candidate_id: { model: 'candidates', remote_id: a.candidate_id },
        job_id: { model: 'jobs', remote_id: a.jobs[0].id },
        current_stage_id: { model: 'application_stages', remote_id: a.current_stage!.id },
      });
    }
    expect([...outcomes].sort()).toEqual(['DECLINED', 'HIRED', 'PENDING']);
    const reasonNames = new Set(all.filter((a) => a.rejection_reason).map((a) => a.rejection_reason!.name));
    expect(new Set(run.mapped.records.rejection_reasons!.map((r) => r.fields.name))).toEqual(reasonNames);
  });

  it('FULL jobs: first office and department, all in custom_fields, description of the latest live post, stages, hiring team', async () => {
    const run = await runStream(context(), 'jobs', 'FULL');
    const jobs = await gemAll<GemJob>(url, '/ats/v0/jobs', '&include_deleted=true');
    const posts = await gemAll<GemJobPost>(url, '/ats/v0/job_posts');
    const stages = await gemAll<GemJobStage>(url, '/ats/v0/job_stages');
    expect(ids(run.mapped.records.jobs)).toEqual(jobs.map((j) => j.id).sort());
    let withTwoLivePosts = 0;
    for (const job of jobs) {
      const r = run.mapped.records.jobs!.find((x) => x.remote_id === job.id)!;
      expect(r.fields.location).toBe(job.offices[0].location?.name);
      expect(r.fields.department).toBe(job.departments[0].name);
      const custom = r.fields.custom_fields as { offices: { id: string }[]; departments: { id: string }[] };
      expect(custom.offices.map((o) => o.id)).toEqual(job.offices.map((o) => o.id));
      expect(custom.departments.map((d) => d.id)).toEqual(job.departments.map((d) => d.id));
      const live = posts.filter((p) => p.job_id === job.id && p.live && p.active);
      if (live.length > 1) withTwoLivePosts++;
      const latest = live.sort((a, b) => Date.parse(b.first_published_at!) - Date.parse(a.first_published_at!))[0];
      expect(r.fields.description).toBe(latest?.content ?? null);
      if (job.deleted_at) continue;
      const plan = run.mapped.joins.find((j) => j.join === 'job_stages' && j.parent.remote_id === job.id)!;
      const own = stages.filter((s) => s.job_id === job.id).sort((a, b) => a.priority - b.priority);
      expect(plan.members).toEqual(own.map((s, index) => ({ member: { model: 'application_stages', remote_id: s.id }, fields: { index } })));
      const team = run.mapped.joins.find((j) => j.join === 'job_hiring_team_members' && j.parent.remote_id === job.id)!;
      for (const [key, role] of [['hiring_managers', 'HIRING_MANAGER'], ['recruiters', 'RECRUITER'], ['coordinators', 'COORDINATOR'], ['sourcers', 'SOURCER']] as const) {
        for (const user of job.hiring_team![key] ?? []) {
          expect((team.members.find((m) => m.member.remote_id === user.id)!.fields as { roles?: string[] }).roles).toContain(role);
        }
      }
    }
    expect(withTwoLivePosts).toBeGreaterThan(0);
    const roles = new Set(run.mapped.joins.filter((j) => j.join === 'job_hiring_team_members').flatMap((j) => j.members.flatMap((m) => m.fields!.roles as string[])));
    expect([...roles].sort()).toEqual(['COORDINATOR', 'HIRING_MANAGER', 'RECRUITER', 'SOURCER']);
  });

  it('FULL interviews: stage from the stage’s interview plan, interviewers as team members', async () => {
    const run = await runStream(context(), 'interviews', 'FULL');
    const interviews = await gemAll<GemScheduledInterview>(url, '/ats/v0/scheduled_interviews', '&include_deleted=true');
    const stages = await gemAll<GemJobStage>(url, '/ats/v0/job_stages');
    expect(run.pages.length).toBeGreaterThan(1);
    expect(ids(run.mapped.records.interviews)).toEqual(interviews.map((i) => i.id).sort());
    for (const i of interviews.slice(0, 200)) {
      const r = run.mapped.records.interviews!.find((x) => x.remote_id === i.id)!;
      const stage = stages.find((s) => s.interviews.some((d) => d.job_stage_interview_item_id === i.job_stage_interview_item_id))!;
      expect(r.refs!.stage_id).toEqual({ model: 'application_stages', remote_id: stage.id });
      expect(r.fields.starting_at).toEqual(new Date(i.start!.date_time));
      const team = run.mapped.joins.find((j) => j.parent.remote_id === i.id)!;
      expect(team.members.map((m) => m.member.remote_id).sort()).toEqual(i.interviewers.map((u) => u.id).sort());
    }
  });

  it('FULL users, application stages and job postings map every record', async () => {
    for (const [stream, path, model] of [
      ['users', '/ats/v0/users', 'users'],
      ['application_stages', '/ats/v0/job_stages', 'application_stages'],
      ['job_postings', '/ats/v0/job_posts', 'job_postings'],
    ] as const) {
      const run = await runStream(context(), stream, 'FULL');
      const all = await gemAll(url, path, '&include_deleted=true');
      expect(ids(run.mapped.records[model])).toEqual(all.map((x) => x.id).sort());
      expect(run.mapped.failures).toEqual([]);
    }
    const users = (await runStream(context(), 'users', 'FULL')).mapped.records.users!;
    expect(new Set(users.map((u) => u.fields.status))).toEqual(new Set(['ACTIVE', 'INACTIVE']));
  });

  it('with a job board in the settings, live postings and their jobs carry the board’s public URLs (one board request); without one they stay null', async () => {
    const boardContext = gemContext(url, { settings: { job_board: 'acme' } });
    const before = (await control<{ by_endpoint: Record<string, number> }>(url, 'GET', 'stats')).by_endpoint['GET /job_board/v0/:board/job_posts'] ?? 0;
    const postings = (await runStream(boardContext, 'job_postings', 'FULL')).mapped.records.job_postings!;
    const live = (await gemAll<GemJobPost>(url, '/ats/v0/job_posts', '&include_deleted=true')).filter((p) => p.live && p.active && !p.deleted_at);
    expect(live.length).toBeGreaterThan(0);
    for (const p of postings) {
      const isLive = live.some((l) => l.id === p.remote_id);
      expect({ id: p.remote_id, url: p.fields.url }).toEqual({ id: p.remote_id, url: isLive ? `https://jobs.gem.com/acme/${p.remote_id}` : null });
    }
    const after = (await control<{ by_endpoint: Record<string, number> }>(url, 'GET', 'stats')).by_endpoint['GET /job_board/v0/:board/job_posts'];
    expect(after - before).toBe(1);
    const jobs = (await runStream(boardContext, 'jobs', 'FULL')).mapped.records.jobs!;
    const withLive = jobs.filter((j) => live.some((l) => l.job_id === j.remote_id));
    expect(withLive.length).toBeGreaterThan(0);
    for (const j of withLive) expect(j.fields.post_url).toMatch(/^https:\/\/jobs\.gem\.com\/acme\//);
    const plain = (await runStream(context(), 'job_postings', 'FULL')).mapped.records.job_postings!;
    expect(plain.every((p) => p.fields.url === null)).toBe(true);
  });

  it('every field and reference a stream maps is a column of its table', async () => {
    const columnsOf = (table: string) => {
      const entity = entities.ATS_ENTITIES.find((e) => getMetadataArgsStorage().tables.some((t) => t.target === e && t.name === table))!;
      const chain: unknown[] = [];
      for (let proto: unknown = entity; proto && proto !== Function.prototype; proto = Object.getPrototypeOf(proto)) chain.push(proto);
      return new Set(getMetadataArgsStorage().columns.filter((c) => chain.includes(c.target)).map((c) => c.propertyName));
    };
    const writable = (columns: Set<string>) => [...columns].filter((c) => !['id', 'connection_id', 'remote_id', 'changed_at', 'remote_deleted_at', 'content_hash', 'remote_data'].includes(c));
    for (const s of ['users', 'application_stages', 'jobs', 'job_postings', 'candidates', 'applications', 'interviews']) {
      const { mapped } = await runStream(context(), s, 'FULL');
      for (const [model, records] of Object.entries(mapped.records)) {
        const allowed = writable(columnsOf(`ats_${model}`));
        for (const record of records ?? []) expect([...Object.keys(record.fields), ...Object.keys(record.refs ?? {})].filter((k) => !allowed.includes(k))).toEqual([]);
      }
      for (const set of mapped.joins) {
        const allowed = writable(columnsOf(`ats_${set.join}`));
        for (const m of set.members) expect(Object.keys(m.fields ?? {}).filter((k) => !allowed.includes(k))).toEqual([]);
      }
    }
  });

  describe('DELTA after a mutation', () => {
    const positions: Record<string, Record<string, unknown>> = {};
    let changed: Changed;
    const STREAMS = ['users', 'application_stages', 'jobs', 'job_postings', 'candidates', 'applications', 'interviews'];

    beforeAll(async () => {
      const startedAt = new Date();
      for (const name of STREAMS) positions[name] = (await runStream(context(), name, 'FULL', null, { startedAt })).position;
      ({ changed } = await control<{ changed: Changed }>(url, 'POST', 'mutate', {
        update: { candidates: 3, users: 1, job_posts: 1, job_stages: 1, scheduled_interviews: 1, applications: 1 },
        delete: { candidates: 1, applications: 1, scheduled_interviews: 1 },
        create: 2,
        hire: 1,
      }));
    });

    const deltaIds = async (name: string, model: string) => {
      const run = await runStream(context(), name, 'DELTA', positions[name]);
      return { run, ids: ids((run.mapped.records as Record<string, NormalizedRecord[]>)[model]) };
    };

    it('candidates: the updated, created and soft-deleted ones (deleted with remote_deleted_at), and those whose applications changed', async () => {
      const { run, ids: got } = await deltaIds('candidates', 'candidates');
      const c = changed.candidates!;
      const a = changed.applications!;
      const applications = await gemAll<GemApplication>(url, '/ats/v0/applications', '&include_deleted=true');
      const ofApplications = union(a.updated, a.created, a.deleted).map((id) => applications.find((x) => x.id === id)!.candidate_id);
      expect(got).toEqual(union(c.updated, c.created, c.deleted, ofApplications));
      const gone = run.mapped.records.candidates!.find((r) => r.remote_id === c.deleted![0])!;
      expect(gone.remote_deleted_at).toBeInstanceOf(Date);
      expect(gone.remote_deleted_at!.getTime()).toBeGreaterThan(Date.now() - 60_000);
      const fresh = run.mapped.records.candidates!.filter((r) => c.created!.includes(r.remote_id));
      expect(fresh.every((r) => r.remote_deleted_at === null && r.fields.source !== undefined)).toBe(true);
      // The candidate of the deleted application: its source now comes from the first one still there.
      const owner = applications.find((x) => x.id === a.deleted![0])!.candidate_id;
      const left = applications.filter((x) => x.candidate_id === owner).sort((x, y) => Date.parse(x.applied_at) - Date.parse(y.applied_at));
      const expected = (left.find((x) => !x.deleted_at) ?? left[0]).source?.public_name ?? null;
      expect(run.mapped.records.candidates!.find((r) => r.remote_id === owner)!.fields.source).toBe(expected);
    });

    it('applications use last_activity_after: updated, hired, created and deleted ones arrive', async () => {
      const { run, ids: got } = await deltaIds('applications', 'applications');
      const a = changed.applications!;
      expect(got).toEqual(union(a.updated, a.created, a.deleted));
      const hired = run.mapped.records.applications!.filter((r) => r.fields.outcome === 'HIRED');
      expect(hired.length).toBeGreaterThanOrEqual(1);
      expect(run.mapped.records.applications!.find((r) => r.remote_id === a.deleted![0])!.remote_deleted_at).toBeInstanceOf(Date);
    });

    it('interviews, users, stages and postings: exactly what changed', async () => {
      const i = await deltaIds('interviews', 'interviews');
      expect(i.ids).toEqual(union(changed.scheduled_interviews!.updated, changed.scheduled_interviews!.deleted));
      const deletedInterview = i.run.mapped.records.interviews!.find((r) => r.remote_id === changed.scheduled_interviews!.deleted![0])!;
      expect(deletedInterview.remote_deleted_at).toBeInstanceOf(Date);
      expect(deletedInterview.fields.canceled).toBe(true);
      expect((await deltaIds('users', 'users')).ids).toEqual(changed.users!.updated!);
      expect((await deltaIds('application_stages', 'application_stages')).ids).toEqual(changed.job_stages!.updated!);
      expect((await deltaIds('job_postings', 'job_postings')).ids).toEqual(changed.job_posts!.updated!);
    });

    it('jobs: a job whose post or stages changed arrives with its new description and stage names', async () => {
      const posts = await gemAll<GemJobPost>(url, '/ats/v0/job_posts');
      const stages = await gemAll<GemJobStage>(url, '/ats/v0/job_stages');
      const post = posts.find((p) => p.id === changed.job_posts!.updated![0])!;
      const stage = stages.find((s) => s.id === changed.job_stages!.updated![0])!;
      const { run, ids: got } = await deltaIds('jobs', 'jobs');
      expect(got).toEqual([...new Set([post.job_id, stage.job_id])].sort());
      const job = run.mapped.records.jobs!.find((r) => r.remote_id === post.job_id)!;
      const live = posts.filter((p) => p.job_id === post.job_id && p.live && p.active).sort((a, b) => Date.parse(b.first_published_at!) - Date.parse(a.first_published_at!));
      expect(job.fields.description).toBe(live[0].content);
      expect(run.mapped.joins.find((j) => j.join === 'job_stages' && j.parent.remote_id === stage.job_id)!.members.map((m) => m.member.remote_id)).toContain(stage.id);
    });

    it('a DELTA resumed at its second pass fetches that pass and ends on the first run’s next position', async () => {
      const whole = await runStream(context(), 'candidates', 'DELTA', positions.candidates);
      const first = await runStream(context(), 'candidates', 'DELTA', positions.candidates, { maxPages: 1 });
      expect(first.position).toMatchObject({ mode: 'DELTA', phase: 'touched', page: 1 });
      const rest = await runStream(context(), 'candidates', 'DELTA', first.position, { startedAt: new Date(Date.now() + 60_000) });
      expect(union(ids(first.mapped.records.candidates), ids(rest.mapped.records.candidates))).toEqual(ids(whole.mapped.records.candidates));
      expect(ids(rest.mapped.records.candidates).length).toBeGreaterThan(0);
      expect(rest.position).toEqual({ updated_after: new Date(Date.parse(first.position.started_at as string) - DELTA_OVERLAP_MS).toISOString() });
    });

    it('a DELTA with nothing new ends on an empty page carrying the next position', async () => {
      const startedAt = new Date();
      const since = { updated_after: new Date(Date.now() + 3_600_000).toISOString() };
      const next = { updated_after: new Date(startedAt.getTime() - DELTA_OVERLAP_MS).toISOString() };
      const users = await runStream(context(), 'users', 'DELTA', since, { startedAt });
      expect(users.pages).toEqual([{ count: 0, position: next, mapped: expect.anything() }]);
      // Candidates also look for candidates whose applications changed: a second, empty pass.
      const candidates = await runStream(context(), 'candidates', 'DELTA', since, { startedAt });
      expect(candidates.pages.map((p) => p.count)).toEqual([0, 0]);
      expect(candidates.pages[0].position).toEqual({ mode: 'DELTA', page: 1, phase: 'touched', started_at: startedAt.toISOString(), ...since });
      expect(candidates.position).toEqual(next);
    });

    it('a DELTA without a usable position asks for a FULL run (POSITION_EXPIRED)', async () => {
      await expect(runStream(context(), 'users', 'DELTA', { mode: 'FULL', page: 2, started_at: new Date().toISOString() })).rejects.toMatchObject({
        name: 'RemoteError',
        kind: 'POSITION_EXPIRED',
      });
    });
  });
});
