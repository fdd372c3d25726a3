import type { RunningAshbySandbox } from '../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { SOURCES } from '../../src/connectors/ashby/sandbox/data/catalog.js';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { API_KEY as ASHBY_KEY, control, startSandbox as startAshby } from '../connectors/ashby/ashby-test-support.js';
import { API_KEY as GEM_KEY, startSandbox as startGem } from '../connectors/gem/gem-test-kit.js';
import { API_KEY as JAZZ_KEY, startSandbox as startJazz } from '../connectors/jazzhr/jazzhr-test-kit.js';
import { E2eHarness } from '../e2e/support/e2e-harness.js';
import { resetStats, sandboxStats, tally, type RequestKind, type RequestTally } from './request-counts.js';

/**
 * Request economy (issue 15, item 1): no stream asks the partner once per candidate or application
 * when a list has the data. Calls that grow with candidates or applications stay within 2% of the
 * list pages; calls per job, posting or plan are made at most once each per FULL. Counted by the
 * sandboxes themselves (`GET /_sandbox/stats`) over a real SyncRunner FULL.
 */
const PER_RECORD_BUDGET = 0.02;

/** Every Ashby endpoint a sync may call, by what it grows with. One not listed here fails the test. */
const ASHBY_KINDS: Record<string, RequestKind> = {
  'user.list': 'list page',
  'archiveReason.list': 'list page',
  'candidateTag.list': 'list page',
  'interviewPlan.list': 'list page',
  'job.list': 'list page',
  'department.list': 'list page',
  'location.list': 'list page',
  'jobPosting.list': 'list page',
  'candidate.list': 'list page',
  'application.list': 'list page',
  'interviewSchedule.list': 'list page',
  'interview.list': 'list page',
  'offer.list': 'list page',
  'interviewStage.list': 'per job, posting or plan',
  'jobPosting.info': 'per job, posting or plan',
  'jobInterviewPlan.info': 'per job, posting or plan',
  'application.info': 'per record',
  'candidate.info': 'per record',
  'interview.info': 'per record',
  'interviewEvent.list': 'per record',
};

function expectWithinBudget(t: RequestTally): void {
  expect(t.unsorted).toEqual([]);
  expect(t.byKind['list page']).toBeGreaterThan(0);
  expect(t.byKind['per record']).toBeLessThanOrEqual(Math.floor(t.byKind['list page'] * PER_RECORD_BUDGET));
}

describe('Ashby: a FULL of 3,000 sandbox candidates', () => {
  let sandbox: RunningAshbySandbox;
  let h: E2eHarness;
  let first: RequestTally;
  let records: Record<string, number>;

  beforeAll(async () => {
    sandbox = await startAshby(3000, 5);
    h = await new E2eHarness('ashby', sandbox.url, ASHBY_KEY).start();
    await resetStats(sandbox.url);
    await h.sync('FULL');
    const stats = await sandboxStats(sandbox.url);
    first = tally(stats.by_endpoint, ASHBY_KINDS);
    records = stats.records!;
  }, 300_000);
  afterAll(async () => {
    await h?.stop();
    await sandbox?.close();
  });

  it('makes no call per candidate, application or interview: only list pages', () => {
    expectWithinBudget(first);
    for (const endpoint of ['application.info', 'candidate.info', 'interview.info', 'interviewEvent.list']) expect({ endpoint, calls: first.byEndpoint[endpoint] ?? 0 }).toEqual({ endpoint, calls: 0 });
    // 3,000 candidates and 5,000 applications in pages of 100.
    expect(first.byEndpoint['candidate.list']).toBe(Math.ceil(records.candidates / 100));
    expect(first.byEndpoint['application.list']).toBe(Math.ceil(records.applications / 100));
  });

  it('asks per job, posting or plan at most once each: job stages and descriptions reuse what other streams fetched', () => {
    expect(first.byEndpoint['jobInterviewPlan.info'] ?? 0).toBe(0);
    expect(first.byEndpoint['interviewStage.list']).toBeLessThanOrEqual(records.interviewPlans);
    expect(first.byEndpoint['jobPosting.info']).toBeLessThanOrEqual(records.jobPostings);
    expect(first.byKind['per job, posting or plan']).toBeLessThanOrEqual(records.interviewPlans + records.jobPostings);
  });

  it('still gives every candidate their first application’s source, and every job its live posting’s description', async () => {
    const { state, ids } = sandbox.context.world;
    const rows = await h.rows('candidates');
    let derived = 0;
    for (const [c, s] of state.candidates.entries()) {
      if (s.deleted) continue;
      const firstApp = s.apps.map((a) => state.applications[a]).filter((a) => !a.deleted).sort((a, b) => a.createdAt - b.createdAt)[0];
      const source = firstApp && firstApp.source >= 0 ? firstApp.source : s.source;
      if (s.source < 0 && source >= 0) derived++;
      const id = ids.id('candidate', c);
      expect({ id, source: rows.get(id)?.source }).toEqual({ id, source: source >= 0 ? SOURCES[source][0] : null });
    }
    // The sandbox leaves ~10% of candidates without a source of their own.
    expect(derived).toBeGreaterThan(100);
    const [{ described }] = await h.query(
      `SELECT count(*)::int AS described FROM ats_jobs j WHERE j.connection_id = $1 AND j.description IS NOT NULL AND j.post_url IS NOT NULL`,
      [h.connectionId],
    );
    expect(described).toBeGreaterThan(0);
  });

  it('a second FULL over unchanged data makes the same list calls and asks no unchanged posting or plan again', async () => {
    await resetStats(sandbox.url);
    await h.fullWritesNothing();
    const second = tally((await sandboxStats(sandbox.url)).by_endpoint, ASHBY_KINDS);
    expectWithinBudget(second);
    expect(second.byKind['list page']).toBe(first.byKind['list page']);
    // The lists say nothing changed: stored descriptions and stages are kept, nothing is asked per
    // posting or plan (and the sweep, which fullWritesNothing holds to 0 deletions, keeps them all).
    expect(second.byEndpoint['jobPosting.info'] ?? 0).toBe(0);
    expect(second.byEndpoint['interviewStage.list'] ?? 0).toBe(0);
    expect(second.byKind['per job, posting or plan']).toBe(0);
  }, 300_000);

  /** Every plan's stages, every job's stages and the stages edits removed (marked deleted), as the sandbox has them now. */
  async function expectStagesAsSandbox(): Promise<void> {
    const { state, ids } = sandbox.context.world;
    const inPlans = new Set(state.plans.flatMap((p) => p.stages));
    const removed = state.stages.map((_, g) => g).filter((g) => !inPlans.has(g)).map((g) => ids.id('stage', g));
    const stages = await h.rows('application_stages');
    const expected = state.plans.flatMap((p) => p.stages.map((g) => ({ id: ids.id('stage', g), name: state.stages[g].title, index: state.stages[g].order })));
    expect(
      [...stages.values()].filter((r) => !r.remote_deleted_at).map((r) => ({ id: r.remote_id, name: r.name, index: r.global_index })).sort((a, b) => a.id.localeCompare(b.id)),
    ).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
    expect([...stages.values()].filter((r) => r.remote_deleted_at).map((r) => r.remote_id).sort()).toEqual([...removed].sort());
    const jobStages = [...(await h.rows('job_stages')).values()].filter((r) => !r.remote_deleted_at);
    expect(jobStages.map((r) => [r.remote_id, r.index]).sort()).toEqual(
      state.jobs.flatMap((j, i) => state.plans[j.plan].stages.map((g) => [`${ids.id('job', i)}:${ids.id('stage', g)}`, state.stages[g].order])).sort(),
    );
  }

  it('a FULL after plans were edited asks for those plans’ stages only, and syncs them exactly (renamed, added, removed)', async () => {
    const { ids } = sandbox.context.world;
    const [a, b] = [ids.id('plan', 0), ids.id('plan', 1)];
    const edits = [await control(sandbox, 'mutate', { editPlan: [a, b] })];
    await resetStats(sandbox.url);
    await h.sync('FULL');
    const afterEdit = tally((await sandboxStats(sandbox.url)).by_endpoint, ASHBY_KINDS);
    expect(afterEdit.byEndpoint['interviewStage.list']).toBe(2);
    expect(afterEdit.byKind['per job, posting or plan']).toBe(2);
    await expectStagesAsSandbox();

    // Editing plan a again removes the stage its first edit added (no one is in it): swept as deleted.
    edits.push(await control(sandbox, 'mutate', { editPlan: [a] }));
    expect(edits[1].deleted.interviewStages).toEqual(edits[0].created.interviewStages.slice(0, 1));
    await resetStats(sandbox.url);
    await h.sync('FULL');
    expect(tally((await sandboxStats(sandbox.url)).by_endpoint, ASHBY_KINDS).byEndpoint['interviewStage.list']).toBe(1);
    await expectStagesAsSandbox();

    // And unchanged again: nothing asked, nothing written.
    await resetStats(sandbox.url);
    await h.fullWritesNothing();
    expect(tally((await sandboxStats(sandbox.url)).by_endpoint, ASHBY_KINDS).byEndpoint['interviewStage.list'] ?? 0).toBe(0);
  }, 300_000);

  it('a DELTA asks an edited plan’s stages once; the next FULL asks it again only because a stage the DELTA could not sweep is still stored', async () => {
    const { state, ids } = sandbox.context.world;
    const b = ids.id('plan', 1);
    const edit = await control(sandbox, 'mutate', { editPlan: [b] });
    expect(edit.deleted.interviewStages).toHaveLength(1);
    await resetStats(sandbox.url);
    await h.sync('DELTA');
    expect(tally((await sandboxStats(sandbox.url)).by_endpoint, ASHBY_KINDS).byEndpoint['interviewStage.list']).toBe(1);
    const stages = await h.rows('application_stages');
    for (const g of state.plans[1].stages) expect({ id: ids.id('stage', g), name: stages.get(ids.id('stage', g))?.name }).toEqual({ id: ids.id('stage', g), name: state.stages[g].title });
    // A DELTA sweeps nothing: the removed stage is still live, with the plan's former updatedAt.
    expect(stages.get(edit.deleted.interviewStages[0])?.remote_deleted_at).toBeNull();

    await resetStats(sandbox.url);
    await h.sync('FULL');
    expect(tally((await sandboxStats(sandbox.url)).by_endpoint, ASHBY_KINDS).byEndpoint['interviewStage.list']).toBe(1);
    await expectStagesAsSandbox();
  }, 300_000);
});

/** REST partners: an endpoint with a path parameter is a call per record, unless named a detail call. */
function restKinds(byEndpoint: Record<string, number>, details: string[]): Record<string, RequestKind> {
  return Object.fromEntries(
    Object.keys(byEndpoint).map((e) => [e, details.includes(e) ? 'detail (counted apart)' : /[:{]/.test(e) ? 'per record' : 'list page'] as const),
  );
}

describe.each([
  ['gem', () => startGem({ candidates: 1000 }), GEM_KEY, [] as string[]],
  // JazzHR's applicant list has no emails: one detail call per applicant is the only way to them.
  ['jazzhr', () => startJazz({ candidates: 1000 }), JAZZ_KEY, ['GET /applicants/{id}']],
])('%s: a FULL of 1,000 sandbox candidates', (provider, start, key, details) => {
  let sandbox: RunningSandbox;
  let h: E2eHarness;
  beforeAll(async () => {
    sandbox = await start();
    h = await new E2eHarness(provider, sandbox.url, key).start();
  });
  afterAll(async () => {
    await h?.stop();
    await sandbox?.close();
  });

  it('makes no call per record beyond the detail calls it must make, and those once per candidate', async () => {
    await resetStats(sandbox.url).catch(() => undefined);
    const before = await sandboxStats(sandbox.url);
    await h.sync('FULL');
    const after = await sandboxStats(sandbox.url);
    const calls = Object.fromEntries(Object.entries(after.by_endpoint).map(([e, n]) => [e, n - (before.by_endpoint[e] ?? 0)]));
    const t = tally(calls, restKinds(calls, details));
    expectWithinBudget(t);
    // Gem keeps soft-deleted candidates; they are listed (and stored) too.
    const live = (await h.remoteIds('candidates')).length;
    expect(live + (await h.remoteIds('candidates', 'deleted')).length).toBe(1000);
    expect(t.byKind['detail (counted apart)']).toBe(details.length ? live : 0);
  }, 300_000);
});
