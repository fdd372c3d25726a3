import type { JazzApplicant2Job, JazzApplicantDetail, JazzApplicantSummary, JazzCategory, JazzHire, JazzJob, JazzUser, JazzWorkflow } from '../../src/connectors/jazzhr/jazzhr.types.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { API_KEY, control, jazzAll, jazzGet, startSandbox } from '../connectors/jazzhr/jazzhr-test-kit.js';
import { diff, E2eHarness, sorted, type Snapshot } from './support/e2e-harness.js';

/**
 * seed → FULL → the database holds exactly the sandbox's data, field by field → a second FULL
 * writes nothing → mutate → DELTA moves exactly the changed records and reads only their details
 * → the next FULL marks exactly the deleted applicant (JazzHR has no delete signal) → nothing left.
 */
const APPLICANTS = 150;

let sandbox: RunningSandbox;
let h: E2eHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ candidates: APPLICANTS, seed: 3 });
  h = await new E2eHarness('jazzhr', sandbox.url, API_KEY).start();
});
afterAll(async () => {
  await h?.stop();
  await sandbox?.close();
});

interface JazzData {
  users: JazzUser[];
  workflows: JazzWorkflow[];
  jobs: JazzJob[];
  confidential: Set<string>;
  details: JazzApplicantDetail[];
  mappings: JazzApplicant2Job[];
  hires: JazzHire[];
  categories: JazzCategory[];
}

/** Everything the sandbox serves, read as a client would (details one by one). Resets the stats after. */
async function read(): Promise<JazzData> {
  const [users, workflows, jobs, confidentialJobs, summaries, mappings, hires, categories] = await Promise.all([
    jazzAll<JazzUser>(sandbox.url, '/users'),
    jazzAll<JazzWorkflow>(sandbox.url, '/workflows'),
    jazzAll<JazzJob>(sandbox.url, '/jobs'),
    jazzAll<JazzJob>(sandbox.url, '/jobs/confidential/true'),
    jazzAll<JazzApplicantSummary>(sandbox.url, '/applicants'),
    jazzAll<JazzApplicant2Job>(sandbox.url, '/applicants2jobs'),
    jazzAll<JazzHire>(sandbox.url, '/hires'),
    jazzAll<JazzCategory>(sandbox.url, '/categories'),
  ]);
  const details = await Promise.all(summaries.map(async (s) => (await jazzGet<JazzApplicantDetail>(sandbox.url, `/applicants/${s.id}`)).body));
  await control(sandbox.url, 'DELETE', 'stats');
  return { users, workflows, jobs, confidential: new Set(confidentialJobs.map((j) => j.id)), details, mappings, hires, categories };
}

const live = (keys: string[]) => new Map(keys.map((k) => [k, null]));
const onBoards = (d: JazzData, j: JazzJob) => j.send_to_job_boards === '1' && !d.confidential.has(j.id);

/** Remote ids per model and join table that the database must hold live. */
function served(d: JazzData): Record<string, Map<string, null>> {
  const stepsOf = (j: JazzJob) => d.workflows.find((w) => w.workflow_id === j.workflow_id)!.workflow_steps;
  return {
    users: live(d.users.map((u) => u.id)),
    application_stages: live(d.workflows.flatMap((w) => w.workflow_steps.map((s) => String(s.workflow_step_id)))),
    jobs: live(d.jobs.map((j) => j.id)),
    job_postings: live(d.jobs.filter((j) => onBoards(d, j)).map((j) => j.id)),
    candidates: live(d.details.map((a) => a.id)),
    applications: live(d.mappings.map((m) => m.id)),
    tags: live(d.categories.map((c) => c.id)),
    interviews: new Map(),
    offers: new Map(),
    rejection_reasons: new Map(),
    job_stages: live(d.jobs.flatMap((j) => stepsOf(j).map((s) => `${j.id}:${s.workflow_step_id}`))),
    job_hiring_team_members: live(d.jobs.filter((j) => j.hiring_lead).map((j) => `${j.id}:${j.hiring_lead}`)),
    interview_team_members: new Map(),
    candidate_tags: live(d.details.flatMap((a) => a.categories.map((c) => `${a.id}:${c.id}`))),
  };
}

async function expectExactlyTheSandboxData(d: JazzData): Promise<void> {
  for (const [model, expected] of Object.entries(served(d))) {
    const rows = [...(await h.rows(model))].filter(([, r]) => !r.remote_deleted_at);
    expect({ model, rows: sorted(rows.map(([id]) => id)) }).toEqual({ model, rows: sorted(expected.keys()) });
  }
  expect(await h.danglingReferences()).toEqual([]);
}

const pick = (row: Record<string, any>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k]]));

async function expectMappedFields(d: JazzData): Promise<void> {
  const [jobs, candidates, applications, users] = await Promise.all(['jobs', 'candidates', 'applications', 'users'].map((m) => h.rows(m)));
  for (const j of d.jobs) {
    expect({ id: j.id, ...pick(jobs.get(j.id)!, ['name', 'department', 'location', 'confidential', 'description']) }).toEqual({
      id: j.id,
      name: j.title,
      department: j.department || null,
      location: [j.city, j.state].filter(Boolean).join(', ') || null,
      confidential: d.confidential.has(j.id),
      description: j.description || null,
    });
    expect(jobs.get(j.id)!.custom_fields).toMatchObject({ city: j.city, state: j.state, zip: j.zip, board_code: j.board_code, status: j.status });
  }
  expect(d.jobs.some((j) => d.confidential.has(j.id)) && d.jobs.some((j) => !j.department)).toBe(true);
  for (const a of d.details) {
    const row = candidates.get(a.id)!;
    expect({ id: a.id, ...pick(row, ['first_name', 'last_name', 'source']), emails: row.email_addresses.map((e: any) => e.email_address), phones: row.phone_numbers.map((p: any) => p.phone_number) }).toEqual({
      id: a.id,
      first_name: a.first_name,
      last_name: a.last_name,
      source: a.source || null,
      emails: a.email ? [a.email] : [],
      phones: a.phone ? [a.phone] : [],
    });
  }
  const steps = new Map(d.workflows.flatMap((w) => w.workflow_steps.map((s) => [s.workflow_step_id, s] as const)));
  const hired = new Set(d.hires.map((x) => `${x.applicant_id}:${x.job_id}`));
  const outcomes = new Set<string>();
  for (const m of d.mappings) {
    const step = steps.get(m.workflow_step_id)!;
    const outcome = hired.has(`${m.applicant_id}:${m.job_id}`) || step.workflow_step_category === 'Hired' ? 'HIRED' : step.workflow_step_category === 'Not Hired' ? 'DECLINED' : 'PENDING';
    outcomes.add(outcome);
    expect({ id: m.id, ...pick(applications.get(m.id)!, ['candidate_id', 'job_id', 'current_stage_id', 'outcome', 'rejection_reason_name']) }).toEqual({
      id: m.id,
      candidate_id: h.id('candidates', m.applicant_id),
      job_id: h.id('jobs', m.job_id),
      current_stage_id: h.id('application_stages', String(m.workflow_step_id)),
      outcome,
      rejection_reason_name: outcome === 'DECLINED' ? step.workflow_step_name : null,
    });
  }
  expect(sorted(outcomes)).toEqual(['DECLINED', 'HIRED', 'PENDING']);
  for (const u of d.users) expect({ id: u.id, ...pick(users.get(u.id)!, ['first_name', 'last_name', 'email']) }).toEqual({ id: u.id, first_name: u.first_name, last_name: u.last_name, email: u.email });
}

describe('JazzHR end to end: sandbox → SyncRunner → PostgreSQL', () => {
  let data: JazzData;
  let afterFull: Snapshot;
  let afterDelta: Snapshot;
  let deletedApplicant: string;

  it('FULL: the database holds exactly the sandbox data, mapped field by field; one detail call per applicant', async () => {
    await control(sandbox.url, 'DELETE', 'stats');
    const run = await h.sync('FULL');
    const stats = await control(sandbox.url, 'GET', 'stats');
    data = await read();
    expect(run.counts.candidates).toMatchObject({ created: APPLICANTS, failed: 0 });
    expect(stats.by_endpoint['GET /applicants/{id}']).toBe(APPLICANTS);
    expect(Object.values(stats.detail_reads).every((n) => n === 1)).toBe(true);
    // Nothing else is read per record: every other call is a list page.
    expect(Object.keys(stats.by_endpoint).filter((e) => e.includes('{id}'))).toEqual(['GET /applicants/{id}']);
    await expectExactlyTheSandboxData(data);
    await expectMappedFields(data);
  });

  it('a second FULL over unchanged data writes nothing', async () => {
    afterFull = await h.fullWritesNothing();
  });

  it('mutate → DELTA: exactly the changed records move, and only the changed applicants’ details are read', async () => {
    const { changed } = await control(sandbox.url, 'POST', 'mutate', { update: { applicants: 3, applicants2jobs: 3, jobs: 2, users: 1 }, create: 2, hire: 1, tag: 1, delete: 1 });
    await control(sandbox.url, 'DELETE', 'stats');
    const run = await h.sync('DELTA');
    const stats = await control(sandbox.url, 'GET', 'stats');
    expect(run.streams.candidates).toMatchObject({ mode: 'DELTA' });
    afterDelta = await h.snapshot();
    const before = data;
    data = await read();

    const applicantOf = new Map([...before.mappings, ...data.mappings].map((m) => [m.id, m.applicant_id]));
    const a = changed.applicants;
    const m = changed.applicants2jobs;
    deletedApplicant = a.deleted[0];
    // Applicants named by the activity feed: profile edits, tags, stage moves and hires, and the new ones.
    const namedByActivity = sorted([...a.updated, ...a.created, ...m.updated.map((id: string) => applicantOf.get(id)!)]);
    expect(Object.keys(stats.detail_reads).sort()).toEqual(namedByActivity);
    expect(stats.by_endpoint['GET /applicants/{id}']).toBe(namedByActivity.length);

    // The tag mutation added one category to one applicant.
    const newTags = sorted(data.details.flatMap((x) => x.categories.map((c) => `${x.id}:${c.id}`)).filter((k) => !afterFull.candidate_tags.has(k)));
    const jobsChanged = sorted(changed.jobs.updated);
    const postingsChanged = jobsChanged.filter((id) => onBoards(data, data.jobs.find((j) => j.id === id)!));
    const expected: Record<string, unknown> = {
      users: { created: [], changed: sorted(changed.users.updated), deleted: [], rewritten: sorted(changed.users.updated) },
      jobs: { created: [], changed: jobsChanged, deleted: [], rewritten: jobsChanged },
      // Profile edits and tags change the candidate; stage moves and hires only their application.
      candidates: { created: sorted(a.created), changed: sorted(a.updated), deleted: [], rewritten: sorted(a.updated) },
      applications: { created: sorted(m.created), changed: sorted([...m.updated, ...m.deleted]), deleted: sorted(m.deleted), rewritten: sorted([...m.updated, ...m.deleted]) },
      candidate_tags: { created: newTags, changed: [], deleted: [], rewritten: [] },
    };
    if (postingsChanged.length) expected.job_postings = { created: [], changed: postingsChanged, deleted: [], rewritten: postingsChanged };
    expect(newTags).toHaveLength(1);
    expect(m.deleted.length).toBeGreaterThan(0); // the deleted applicant had an application: the seed is chosen so
    expect(diff(afterFull, afterDelta)).toEqual(expected);
    // JazzHR sends no delete signal: the deleted applicant's candidate is still live after a DELTA.
    expect(afterDelta.candidates.get(deletedApplicant)!.remote_deleted_at).toBeNull();
    await expectMappedFields(data);
  });

  it('the next FULL marks exactly the deleted applicant (and its tags) deleted, and changes nothing else', async () => {
    await h.sync('FULL');
    const afterSweep = await h.snapshot();
    const tags = sorted([...afterDelta.candidate_tags.keys()].filter((id) => id.startsWith(`${deletedApplicant}:`) && afterDelta.candidate_tags.get(id)!.remote_deleted_at === null));
    const expected: Record<string, unknown> = { candidates: { created: [], changed: [deletedApplicant], deleted: [deletedApplicant], rewritten: [deletedApplicant] } };
    if (tags.length) expected.candidate_tags = { created: [], changed: tags, deleted: tags, rewritten: tags };
    expect(diff(afterDelta, afterSweep)).toEqual(expected);
    await expectExactlyTheSandboxData(data);
  });

  it('a FULL after that writes nothing', async () => {
    const before = await h.snapshot();
    await h.sync('FULL');
    expect(diff(before, await h.snapshot())).toEqual({});
  });
});
