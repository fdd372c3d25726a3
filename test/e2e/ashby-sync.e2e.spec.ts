import type { RunningAshbySandbox } from '../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { buildEvents, buildOffer } from '../../src/connectors/ashby/sandbox/data/build-applications.js';
import { buildCandidate } from '../../src/connectors/ashby/sandbox/data/build-candidates.js';
import { buildJob, buildPosting, buildPostingSummary } from '../../src/connectors/ashby/sandbox/data/build-jobs.js';
import { userName } from '../../src/connectors/ashby/sandbox/data/build-organization.js';
import { ARCHIVE_REASONS, DEPARTMENTS, HIRING_TEAM_ROLES, LOCATIONS, SOURCES, TAGS } from '../../src/connectors/ashby/sandbox/data/catalog.js';
import type { World } from '../../src/connectors/ashby/sandbox/data/world.js';
import { API_KEY, control, startSandbox } from '../connectors/ashby/ashby-test-support.js';
import { diff, E2eHarness, sorted, type Snapshot } from './support/e2e-harness.js';

/**
 * seed → FULL → the database holds exactly the sandbox's data, mapped → a second FULL writes
 * nothing → mutate → DELTA brings exactly the updates and creations → the next FULL exactly the
 * deletions (Ashby's incremental lists leave deleted records out) → nothing else moves.
 */
const CANDIDATES = 300;
const SEED = 11;

let sandbox: RunningAshbySandbox;
let h: E2eHarness;
let world: World;

beforeAll(async () => {
  sandbox = await startSandbox(CANDIDATES, SEED);
  world = sandbox.context.world;
  h = await new E2eHarness('ashby', sandbox.url, API_KEY).start();
});
afterAll(async () => {
  await h?.stop();
  await sandbox?.close();
});

const ROLE = { 'Hiring Manager': 'HIRING_MANAGER', Recruiter: 'RECRUITER', Coordinator: 'COORDINATOR', Sourcer: 'SOURCER' } as const;
const OUTCOME = { Hired: 'HIRED', Archived: 'DECLINED', Active: 'PENDING', Lead: 'PENDING' } as const;
const live = <T extends { deleted?: boolean }>(list: T[]) => list.map((x, i) => (x.deleted ? -1 : i)).filter((i) => i >= 0);

/** What the sandbox serves, per model and join table, as remote ids (read from its own state). */
function served(): Record<string, string[]> {
  const { state, ids } = world;
  const jobs = state.jobs.map((_, j) => ids.id('job', j));
  const events = live(state.schedules).flatMap((sc) => buildEvents(world, sc, false));
  return {
    users: state.users.map((_, u) => ids.id('user', u)),
    rejection_reasons: ARCHIVE_REASONS.map((_, r) => ids.id('archiveReason', r)),
    tags: TAGS.map((_, t) => ids.id('tag', t)),
    application_stages: state.stages.map((_, g) => ids.id('stage', g)),
    jobs,
    job_postings: live(state.postings).map((p) => ids.id('posting', p)),
    candidates: live(state.candidates).map((c) => ids.id('candidate', c)),
    applications: live(state.applications).map((a) => ids.id('application', a)),
    interviews: events.map((e) => e.id),
    offers: live(state.offers).map((o) => ids.id('offer', o)),
    job_stages: state.jobs.flatMap((job, j) => state.plans[job.plan].stages.map((g) => `${jobs[j]}:${ids.id('stage', g)}`)),
    job_hiring_team_members: state.jobs.flatMap((job, j) => job.team.map(([u]) => `${jobs[j]}:${ids.id('user', u)}`)),
    interview_team_members: events.flatMap((e) => e.interviewerUserIds.map((u) => `${e.id}:${u}`)),
    candidate_tags: live(state.candidates).flatMap((c) => state.candidates[c].tags.map((t) => `${ids.id('candidate', c)}:${ids.id('tag', t)}`)),
  };
}

async function expectExactlyTheSandboxData(): Promise<void> {
  for (const [model, ids] of Object.entries(served())) {
    expect({ model, ids: await h.remoteIds(model, 'live') }).toEqual({ model, ids: sorted(ids) });
  }
  expect(await h.danglingReferences()).toEqual([]);
}

/** Every n-th index, plus the given ones. */
const sample = (count: number, every: number, extra: number[] = []) => sorted([...Array.from({ length: Math.ceil(count / every) }, (_, k) => k * every), ...extra].map(String)).map(Number);

/** A sample of records per model, field by field against the mapping rules. */
async function expectMappedFields(extraCandidates: number[] = [], extraApplications: number[] = []): Promise<void> {
  const { state, ids } = world;
  const [jobs, candidates, applications, offers, interviews, users, jobStages, team, interviewTeam, candidateTags] = await Promise.all(
    ['jobs', 'candidates', 'applications', 'offers', 'interviews', 'users', 'job_stages', 'job_hiring_team_members', 'interview_team_members', 'candidate_tags'].map((m) =>
      h.rows(m),
    ),
  );
  const membersOf = (join: Map<string, Record<string, any>>, parent: string) =>
    [...join.values()].filter((r) => r.remote_id.startsWith(`${parent}:`) && r.remote_deleted_at === null);

  // Jobs: first location and department, all of them in custom_fields; description and post_url
  // from the most recent live posting; hiring team with roles; job stages with their index.
  let withPosting = 0;
  state.jobs.forEach((s, j) => {
    const id = ids.id('job', j);
    const row = jobs.get(id)!;
    const departments: string[] = [];
    for (let d: number = s.department; d >= 0; d = DEPARTMENTS[d][1]) departments.push(DEPARTMENTS[d][0]);
    const locations = [s.location, ...s.extraLocations].map((l) => LOCATIONS[l][0]);
    const latest = s.postings
      .filter((p) => state.postings[p].listed && !state.postings[p].deleted)
      .sort((a, b) => buildPostingSummary(world, b).publishedDate.localeCompare(buildPostingSummary(world, a).publishedDate) || state.postings[b].updatedAt - state.postings[a].updatedAt)[0];
    if (latest !== undefined) withPosting++;
    const customFields = Object.fromEntries((buildJob(world, j).customFields as { title: string; value: unknown }[]).map((f) => [f.title, f.value]));
    expect({ id, ...pick(row, ['name', 'status', 'confidential', 'location', 'department', 'custom_fields', 'description', 'post_url']) }).toEqual({
      id,
      name: s.title,
      status: s.status.toUpperCase(),
      confidential: s.confidential,
      location: locations[0],
      department: departments[0],
      custom_fields: { ...customFields, departments, locations },
      description: latest === undefined ? null : buildPosting(world, latest).descriptionHtml,
      post_url: latest === undefined ? null : `https://careers.acme-talent.example/jobs/${ids.id('posting', latest)}`,
    });
    expect(membersOf(team, id).map((r) => [r.user_id, r.roles]).sort()).toEqual(
      s.team.map(([u, r]) => [h.id('users', ids.id('user', u)), [ROLE[HIRING_TEAM_ROLES[r]]]]).sort(),
    );
    expect(membersOf(jobStages, id).map((r) => [r.stage_id, r.index, r.job_id]).sort()).toEqual(
      state.plans[s.plan].stages.map((g) => [h.id('application_stages', ids.id('stage', g)), state.stages[g].order, row.id]).sort(),
    );
  });
  expect(withPosting).toBeGreaterThan(0);

  // Candidates: names, all emails, company and title, custom fields, source of the first application, tags.
  for (const c of sample(state.candidates.length, 13, extraCandidates)) {
    const s = state.candidates[c];
    if (s.deleted) continue;
    const raw = buildCandidate(world, c) as Record<string, any>;
    const [first, ...last] = raw.name.split(' ');
    const firstApp = s.apps.map((a) => state.applications[a]).find((a) => !a.deleted);
    const source = s.source >= 0 ? s.source : (firstApp?.source ?? -1);
    const id = ids.id('candidate', c);
    const row = candidates.get(id)!;
    expect({ id, ...pick(row, ['first_name', 'last_name', 'company', 'title', 'source', 'custom_fields']), emails: row.email_addresses.map((e: any) => e.email_address).sort() }).toEqual({
      id,
      first_name: first,
      last_name: last.join(' ') || null,
      company: raw.company ?? null,
      title: raw.position ?? null,
      source: source >= 0 ? SOURCES[source][0] : null,
      custom_fields: Object.fromEntries(raw.customFields.map((f: any) => [f.title, f.value])),
      emails: raw.emailAddresses.map((e: any) => e.value).sort(),
    });
    expect(membersOf(candidateTags, id).map((r) => r.tag_id).sort()).toEqual(s.tags.map((t) => h.id('tags', ids.id('tag', t))).sort());
  }

  // Applications: outcome from status, rejection reason and time, own source, references.
  const statuses = new Set<string>();
  for (const a of sample(state.applications.length, 7, extraApplications)) {
    const s = state.applications[a];
    if (s.deleted) continue;
    statuses.add(s.status);
    const id = ids.id('application', a);
    const archived = s.status === 'Archived';
    expect({ id, ...pick(applications.get(id)!, ['outcome', 'rejection_reason_name', 'rejected_at', 'candidate_id', 'job_id', 'current_stage_id']), source: applications.get(id)!.custom_fields.source }).toEqual({
      id,
      outcome: OUTCOME[s.status],
      rejection_reason_name: archived ? ARCHIVE_REASONS[s.archiveReason][0] : null,
      rejected_at: archived ? new Date(s.archivedAt!) : null,
      candidate_id: h.id('candidates', ids.id('candidate', s.candidate)),
      job_id: h.id('jobs', ids.id('job', s.job)),
      current_stage_id: h.id('application_stages', ids.id('stage', s.stage)),
      source: s.source >= 0 ? SOURCES[s.source][0] : null,
    });
  }
  expect([...statuses].sort()).toEqual(['Active', 'Archived', 'Hired', 'Lead']);

  // Offers: start date, salary and currency of the latest version.
  for (const o of live(state.offers).filter((_, k) => k % 3 === 0)) {
    const raw = buildOffer(world, o);
    const id = ids.id('offer', o);
    const row = offers.get(id)!;
    expect({ id, ...pick(row, ['employment_start_date', 'compensation_currency', 'application_id']), amount: Number(row.compensation_amount) }).toEqual({
      id,
      employment_start_date: new Date(raw.latestVersion.startDate),
      compensation_currency: raw.latestVersion.salary.currencyCode,
      application_id: h.id('applications', ids.id('application', state.offers[o].application)),
      amount: raw.latestVersion.salary.value,
    });
  }

  // Interviews: one per event, the interviewers as interviewing team members.
  for (const sc of live(state.schedules).filter((_, k) => k % 5 === 0)) {
    for (const e of buildEvents(world, sc, true)) {
      const row = interviews.get(e.id)!;
      expect({ id: e.id, ...pick(row, ['title', 'starting_at', 'ending_at', 'application_id', 'stage_id']) }).toEqual({
        id: e.id,
        title: (e as { interview?: { title: string } }).interview?.title ?? null,
        starting_at: new Date(e.startTime),
        ending_at: new Date(e.endTime),
        application_id: h.id('applications', ids.id('application', state.schedules[sc].application)),
        stage_id: h.id('application_stages', ids.id('stage', state.schedules[sc].stage)),
      });
      expect(membersOf(interviewTeam, e.id).map((r) => r.user_id).sort()).toEqual(sorted(e.interviewerUserIds.map((u) => h.id('users', u))));
    }
  }

  // Users: names, email, status.
  state.users.forEach((s, u) => {
    const id = ids.id('user', u);
    const { firstName, lastName, email } = userName(world, u);
    expect({ id, ...pick(users.get(id)!, ['first_name', 'last_name', 'email', 'status']) }).toEqual({
      id,
      first_name: firstName,
      last_name: lastName,
      email,
      status: s.enabled ? 'ACTIVE' : 'INACTIVE',
    });
  });
}

function pick(row: Record<string, any>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

/** The sandbox's report names models its own way; interviews are its events. */
const TABLE_OF: Record<string, string> = { candidates: 'candidates', applications: 'applications', offers: 'offers', interviewEvents: 'interviews' };
function reported(part: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [model, list] of Object.entries(part)) if (TABLE_OF[model]) out[TABLE_OF[model]] = sorted(list);
  return out;
}

describe('Ashby end to end: sandbox → SyncRunner → PostgreSQL', () => {
  let afterFull: Snapshot;
  let report: { created: Record<string, string[]>; updated: Record<string, string[]>; deleted: Record<string, string[]> };
  let afterDelta: Snapshot;

  it('FULL: the database holds exactly the sandbox data, mapped, with every reference resolved', async () => {
    const run = await h.sync('FULL');
    expect(run.counts.candidates).toMatchObject({ created: CANDIDATES, updated: 0, deleted: 0, failed: 0 });
    await expectExactlyTheSandboxData();
    for (const model of Object.keys(served())) expect({ model, deleted: await h.remoteIds(model, 'deleted') }).toEqual({ model, deleted: [] });
    await expectMappedFields();
  });

  it('a second FULL over unchanged data writes nothing', async () => {
    afterFull = await h.fullWritesNothing();
  });

  it('mutate → DELTA: exactly the updated and created records get a new changed_at; nothing else moves', async () => {
    report = await control(sandbox, 'mutate', { update: 5, create: 3, delete: 2, hire: 1 });
    expect(report.updated.candidates).toHaveLength(5);
    expect(report.created.candidates).toHaveLength(3);
    expect(report.deleted.candidates).toHaveLength(2);
    const run = await h.sync('DELTA');
    expect(run.streams.candidates).toMatchObject({ mode: 'DELTA' });
    afterDelta = await h.snapshot();
    const created = reported(report.created);
    const updated = reported(report.updated);
    const expected: Record<string, unknown> = {};
    for (const model of new Set([...Object.keys(created), ...Object.keys(updated)])) {
      const c = created[model] ?? [];
      const u = updated[model] ?? [];
      expected[model] = { created: c, changed: u, deleted: [], rewritten: u };
    }
    expect(diff(afterFull, afterDelta)).toEqual(expected);
    // Ashby's incremental lists leave deleted records out: nothing is marked deleted yet.
    for (const [model, list] of Object.entries(reported(report.deleted))) {
      for (const id of list) expect({ model, id, deleted: afterDelta[model].get(id)?.remote_deleted_at }).toEqual({ model, id, deleted: null });
    }
    const index = (kind: 'candidate' | 'application', id: string) => world.ids.index(kind, id)!;
    await expectMappedFields(
      [...report.updated.candidates, ...report.created.candidates].map((id) => index('candidate', id)),
      [...(report.updated.applications ?? []), ...(report.created.applications ?? [])].map((id) => index('application', id)),
    );
  });

  it('the next FULL marks exactly the deleted records (and their join rows) deleted, and changes nothing else', async () => {
    const run = await h.sync('FULL');
    const afterSweep = await h.snapshot();
    const deleted = reported(report.deleted);
    const deletedCandidates = new Set(deleted.candidates);
    const deletedInterviews = new Set(deleted.interviews ?? []);
    const joins = {
      candidate_tags: [...afterDelta.candidate_tags.keys()].filter((id) => deletedCandidates.has(id.split(':')[0])),
      interview_team_members: [...afterDelta.interview_team_members.keys()].filter((id) => deletedInterviews.has(id.split(':')[0])),
    };
    const expected: Record<string, unknown> = {};
    for (const [model, ids] of Object.entries({ ...deleted, ...joins })) {
      if (ids.length) expected[model] = { created: [], changed: sorted(ids), deleted: sorted(ids), rewritten: sorted(ids) };
    }
    expect(diff(afterDelta, afterSweep)).toEqual(expected);
    // remote_deleted_at is the sweep's time, inside this run.
    for (const [model, ids] of Object.entries(deleted)) {
      for (const id of ids) {
        const row = afterSweep[model].get(id)!;
        const at = new Date(row.remote_deleted_at!).getTime();
        expect({ model, id, same: row.remote_deleted_at === row.changed_at }).toEqual({ model, id, same: true });
        expect(at).toBeGreaterThanOrEqual(run.started_at!.getTime());
        expect(at).toBeLessThanOrEqual(run.finished_at!.getTime());
      }
    }
    await expectExactlyTheSandboxData();
  });

  it('a FULL after that writes nothing', async () => {
    const before = await h.snapshot();
    await h.sync('FULL');
    expect(diff(before, await h.snapshot())).toEqual({});
  });
});
