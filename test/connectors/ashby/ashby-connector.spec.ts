import type { RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { ashbyCall } from '../../../src/connectors/ashby/ashby.client.js';
import { ashbyConnector } from '../../../src/connectors/ashby/ashby.connector.js';
import { enrichSchedules } from '../../../src/connectors/ashby/ashby.streams.js';
import { JOB_DESCRIPTION } from '../../../src/connectors/ashby/mappers/derived.js';
import { RemoteError } from '../../../src/connectors/remote-error.js';
import { contextFor, control, mappedIds, run, startSandbox, stream } from './ashby-test-support.js';

let sandbox: RunningAshbySandbox;
beforeAll(async () => {
  sandbox = await startSandbox(600);
});
afterAll(() => sandbox.close());
afterEach(() => control(sandbox, 'faults', { reset: true }));

const STREAM_MODELS: [string, string][] = [
  ['users', 'users'],
  ['rejection_reasons', 'rejection_reasons'],
  ['tags', 'tags'],
  ['application_stages', 'application_stages'],
  ['jobs', 'jobs'],
  ['job_postings', 'job_postings'],
  ['candidates', 'candidates'],
  ['applications', 'applications'],
  ['interviews', 'interviews'],
  ['offers', 'offers'],
];

async function expectRemoteError(promise: Promise<unknown>, kind: string, partnerCode?: string) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RemoteError);
  expect((error as RemoteError).kind).toBe(kind);
  if (partnerCode) expect((error as RemoteError).details.partnerCode).toBe(partnerCode);
}

describe('Ashby connector against the sandbox', () => {
  it('checks credentials: the right key passes, a wrong one is AUTH (403), none is AUTH (401)', async () => {
    await expect(ashbyConnector.checkCredentials(contextFor(sandbox))).resolves.toBeUndefined();
    await expectRemoteError(ashbyConnector.checkCredentials(contextFor(sandbox, 'wrong-key')), 'AUTH');
    const error = await ashbyConnector.checkCredentials(contextFor(sandbox, '')).catch((e: RemoteError) => e);
    expect(error).toMatchObject({ kind: 'AUTH', details: { status: 401 } });
    await expectRemoteError(run(stream('candidates'), contextFor(sandbox, 'wrong-key'), 'FULL'), 'AUTH');
  });

  it.each(STREAM_MODELS)('%s: FULL reads every record, its last page carries the syncToken, DELTA without changes ends on a token page', async (name, model) => {
    const s = stream(name);
    const ctx = contextFor(sandbox);
    const pages = await run(s, ctx, 'FULL');
    const ids = mappedIds(s, pages, model);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const page of pages) expect(s.map(page.records).failures ?? []).toEqual([]);
    const last = pages[pages.length - 1].position;
    if (!s.supportsDelta) return expect(last).toEqual({});
    expect(typeof last.syncToken).toBe('string');
    for (const page of pages.slice(0, -1)) expect(typeof page.position.cursor).toBe('string');
    const delta = await run(s, ctx, 'DELTA', last);
    expect(delta.length).toBeGreaterThanOrEqual(1);
    expect(mappedIds(s, delta, model)).toEqual([]);
    expect(typeof delta[delta.length - 1].position.syncToken).toBe('string');
  });

  it('pages candidates 100 at a time and resumes a FULL run after any page', async () => {
    const s = stream('candidates');
    const ctx = contextFor(sandbox);
    const pages = await run(s, ctx, 'FULL');
    const stats = await control(sandbox, 'stats');
    expect(pages.length).toBe(Math.ceil(stats.records.candidates / 100));
    const all = mappedIds(s, pages, 'candidates');
    expect(all.length).toBe(stats.records.candidates);
    const resumed = await run(s, ctx, 'FULL', pages[2].position);
    expect(mappedIds(s, resumed, 'candidates')).toEqual(all.slice(300));
  });

  it('DELTA through the syncToken returns exactly what a mutation changed', async () => {
    const c = stream('candidates');
    const a = stream('applications');
    const o = stream('offers');
    const ctx = contextFor(sandbox);
    const [cFull, aFull, oFull] = [await run(c, ctx, 'FULL'), await run(a, ctx, 'FULL'), await run(o, ctx, 'FULL')];
    const report = await control(sandbox, 'mutate', { update: 5, create: 3, delete: 2, hire: 1 });
    expect(report.updated.candidates.length).toBeGreaterThanOrEqual(5);
    const cDelta = await run(c, ctx, 'DELTA', cFull[cFull.length - 1].position);
    const expectedCandidates = [...report.updated.candidates, ...report.created.candidates].filter((id: string) => !report.deleted.candidates.includes(id));
    expect(new Set(mappedIds(c, cDelta, 'candidates'))).toEqual(new Set(expectedCandidates));
    const aDelta = await run(a, ctx, 'DELTA', aFull[aFull.length - 1].position);
    expect(new Set(mappedIds(a, aDelta, 'applications'))).toEqual(new Set([...(report.updated.applications ?? []), ...report.created.applications]));
    const oDelta = await run(o, ctx, 'DELTA', oFull[oFull.length - 1].position);
    expect(new Set(mappedIds(o, oDelta, 'offers'))).toEqual(new Set([...(report.created.offers ?? []), ...(report.updated.offers ?? [])]));
    // The hired application is HIRED now.
    const hired = a.map(aDelta.flatMap((p) => p.records)).records.applications!.filter((r) => r.fields.outcome === 'HIRED');
    expect(hired.length).toBe(1);
    // The next DELTA from the new token is empty again.
    const again = await run(c, ctx, 'DELTA', cDelta[cDelta.length - 1].position);
    expect(mappedIds(c, again, 'candidates')).toEqual([]);
  });

  it('DELTA carries applications whose archived state changed, as DECLINED with reason and time', async () => {
    const s = stream('applications');
    const ctx = contextFor(sandbox);
    const full = await run(s, ctx, 'FULL');
    const report = await control(sandbox, 'mutate', { archive: 2 });
    const delta = await run(s, ctx, 'DELTA', full[full.length - 1].position);
    const mapped = s.map(delta.flatMap((p) => p.records)).records.applications!;
    expect(mapped.map((r) => r.remote_id).sort()).toEqual([...report.updated.applications].sort());
    for (const r of mapped) {
      expect(r.fields.outcome).toBe('DECLINED');
      expect(typeof r.fields.rejection_reason_name).toBe('string');
      expect(r.fields.rejected_at).toBeInstanceOf(Date);
    }
  });

  it('pages an incremental run with the original syncToken on every cursor', async () => {
    const s = stream('candidates');
    const ctx = contextFor(sandbox);
    const full = await run(s, ctx, 'FULL');
    const report = await control(sandbox, 'mutate', { update: 250 });
    const delta = await run(s, ctx, 'DELTA', full[full.length - 1].position);
    expect(delta.length).toBe(3);
    expect(delta[0].position.syncToken).toBe(full[full.length - 1].position.syncToken);
    expect(new Set(mappedIds(s, delta, 'candidates'))).toEqual(new Set(report.updated.candidates));
    // An interrupted DELTA resumes after its last saved page.
    const resumed = await run(s, ctx, 'DELTA', delta[0].position);
    expect(mappedIds(s, resumed, 'candidates')).toEqual(mappedIds(s, delta.slice(1), 'candidates'));
    expect(typeof resumed[resumed.length - 1].position.syncToken).toBe('string');
  });

  it('raises POSITION_EXPIRED for an expired syncToken, a too-large delta and an expired cursor', async () => {
    const s = stream('candidates');
    const ctx = contextFor(sandbox);
    const full = await run(s, ctx, 'FULL');
    const token = full[full.length - 1].position;

    await control(sandbox, 'mutate', { update: 150 });
    await control(sandbox, 'faults', { incremental_page_limit: 1 });
    await expectRemoteError(run(s, ctx, 'DELTA', token), 'POSITION_EXPIRED', 'incremental_sync_too_large');

    await control(sandbox, 'faults', { reset: true, expire_sync_tokens: true });
    await expectRemoteError(run(s, ctx, 'DELTA', token), 'POSITION_EXPIRED', 'sync_token_expired');
    await expectRemoteError(run(s, ctx, 'DELTA', { syncToken: 'not-a-token' }), 'POSITION_EXPIRED', 'sync_token_invalid');
    await expectRemoteError(run(s, ctx, 'DELTA', {}), 'POSITION_EXPIRED');

    await control(sandbox, 'faults', { expire_cursors: true });
    await expectRemoteError(run(s, ctx, 'FULL', full[0].position), 'POSITION_EXPIRED', 'next_cursor_expired');
  });

  it.each([
    ['with Retry-After', { rate_limit_burst: 3, retry_after_seconds: 0 }],
    ['without Retry-After', { rate_limit_burst: 3 }],
  ])('recovers from a 429 burst %s through PartnerHttp', async (_, burst) => {
    const s = stream('tags');
    const ctx = contextFor(sandbox);
    await control(sandbox, 'faults', burst);
    const pages = await run(s, ctx, 'FULL');
    expect(mappedIds(s, pages, 'tags').length).toBeGreaterThan(0);
    expect((await control(sandbox, 'stats')).faults.rate_limit_burst).toBe(0);
  });

  it('recovers from 5xx answers, and gives up as RATE_LIMIT when the 429s do not stop', async () => {
    const ctx = contextFor(sandbox);
    await control(sandbox, 'faults', { server_errors: 2, server_error_status: 502 });
    expect(mappedIds(stream('users'), await run(stream('users'), ctx, 'FULL'), 'users').length).toBeGreaterThan(0);
    await control(sandbox, 'faults', { rate_limit_burst: 100 });
    await expectRemoteError(run(stream('users'), ctx, 'FULL'), 'RATE_LIMIT');
  });

  it('turns a 200 with success:false into a RemoteError carrying Ashby’s code', async () => {
    await expectRemoteError(ashbyCall(contextFor(sandbox), 'candidate.info', { id: 'no-such-candidate' }), 'INPUT', 'candidate_not_found');
  });

  it('enriches jobs with stages, hiring team, postings and locations', async () => {
    const s = stream('jobs');
    const pages = await run(s, contextFor(sandbox), 'FULL');
    const mapped = s.map(pages.flatMap((p) => p.records));
    const jobs = mapped.records.jobs!;
    const withPosting = jobs.filter((j) => j.fields.post_url);
    expect(withPosting.length).toBeGreaterThan(0);
    // No jobPosting.info per job: the description is derived by the writer from the stored postings.
    expect(jobs.every((j) => j.fields.description === null)).toBe(true);
    expect(mapped.derived).toEqual([JOB_DESCRIPTION]);
    expect(jobs.every((j) => typeof j.fields.location === 'string' && typeof j.fields.department === 'string')).toBe(true);
    expect(jobs.some((j) => j.fields.status === 'DRAFT')).toBe(true);
    const stageSets = mapped.joins!.filter((j) => j.join === 'job_stages');
    expect(stageSets.length).toBe(jobs.length);
    expect(stageSets[0].members.map((m) => m.fields!.index)).toEqual(stageSets[0].members.map((_, i) => i));
    const teams = mapped.joins!.filter((j) => j.join === 'job_hiring_team_members');
    expect(teams.flatMap((t) => t.members.flatMap((m) => m.fields!.roles as string[]))).toContain('HIRING_MANAGER');
  });

  it('fetches a schedule’s events from interviewEvent.list when the schedule does not embed them', async () => {
    const ctx = contextFor(sandbox);
    const { ids, state } = sandbox.context.world;
    const sc = state.schedules.findIndex((x) => !x.deleted && x.events >= 2);
    const [record] = await enrichSchedules(ctx, { mode: 'FULL', position: null, startedAt: new Date(), signal: new AbortController().signal }, [{ id: ids.id('schedule', sc), status: 'Complete' }]);
    expect(record.events.map((e) => e.id)).toEqual(Array.from({ length: state.schedules[sc].events }, (_, k) => ids.id('event', sc * 4 + k)));
    expect(record.events.every((e) => typeof e.interview?.title === 'string')).toBe(true);
    expect(record.interviewTitles).toEqual({});
  });

  it('maps interviews from schedules and events, with their interviewers', async () => {
    const s = stream('interviews');
    const pages = await run(s, contextFor(sandbox), 'FULL');
    const mapped = s.map(pages.flatMap((p) => p.records));
    const stats = await control(sandbox, 'stats');
    expect(mapped.records.interviews!.length).toBe(stats.records.interviewEvents);
    expect(mapped.records.interviews!.every((i) => typeof i.fields.title === 'string' && i.refs!.application_id)).toBe(true);
    const teams = mapped.joins!.filter((j) => j.join === 'interview_team_members');
    expect(teams.length).toBe(stats.records.interviewEvents);
    expect(teams.some((t) => t.members.length >= 2)).toBe(true);
  });
});
