import { EngineHarness } from './support/engine-harness.js';

describe('FULL sync', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await new EngineHarness(230).start();
  });
  afterEach(() => h.stop());

  it('copies every record over every page and resolves references to internal ids', async () => {
    const run = await h.sync('FULL');
    expect({ state: run.state, errors: run.errors }).toEqual({ state: 'SUCCEEDED', errors: [] });
    expect(run.counts.candidates).toMatchObject({ fetched: 230, created: 230, updated: 0, unchanged: 0, deleted: 0, failed: 0 });
    expect(run.counts.applications).toMatchObject({ fetched: 230, created: 230 });
    expect(run.counts.candidate_tags).toMatchObject({ created: 230 });
    expect(run.streams.candidates).toMatchObject({ state: 'SUCCEEDED', mode: 'FULL', pages: 5 });

    const [{ orphans }] = (
      await h.pool.query(
        `SELECT count(*)::int AS orphans FROM ats_applications a
         LEFT JOIN ats_candidates c ON c.id = a.candidate_id WHERE a.connection_id = $1 AND c.id IS NULL`,
        [h.connectionId],
      )
    ).rows;
    expect(orphans).toBe(0);
  });

  it('a re-sync of unchanged data writes no row and moves no timestamp', async () => {
    await h.sync('FULL');
    const before = { c: await h.rows('ats_candidates'), a: await h.rows('ats_applications'), t: await h.rows('ats_candidate_tags') };
    const second = await h.sync('FULL');
    expect(second.counts.candidates).toMatchObject({ fetched: 230, created: 0, updated: 0, unchanged: 230, deleted: 0 });
    expect(second.counts.applications).toMatchObject({ created: 0, updated: 0, unchanged: 230, deleted: 0 });
    // xmin is the writing transaction: equal means the row was not rewritten at all.
    expect(await h.rows('ats_candidates')).toEqual(before.c);
    expect(await h.rows('ats_applications')).toEqual(before.a);
    expect(await h.rows('ats_candidate_tags')).toEqual(before.t);
  });

  it('marks records gone upstream as deleted, and clears the mark when they come back', async () => {
    await h.sync('FULL');
    const gone = h.fake.candidates.get('c0000007')!;
    h.fake.remove(gone.id);
    const run = await h.sync('FULL');
    expect(run.counts.candidates).toMatchObject({ deleted: 1, unchanged: 229 });
    expect(run.counts.applications).toMatchObject({ deleted: 1 });
    const deleted = (await h.rows('ats_candidates')).filter((r) => r.remote_deleted_at);
    expect(deleted.map((r) => r.remote_id)).toEqual(['c0000007']);

    h.fake.candidates.set(gone.id, gone);
    const back = await h.sync('FULL');
    expect(back.counts.candidates).toMatchObject({ updated: 1, deleted: 0 });
    expect((await h.rows('ats_candidates')).filter((r) => r.remote_deleted_at)).toEqual([]);
  });

  it('a FULL with a failing page deletes nothing and says why', async () => {
    await h.sync('FULL');
    for (const id of ['c0000001', 'c0000150', 'c0000229']) h.fake.remove(id);
    h.fake.faults.failPages = [{ list: 'candidates', page: 3, status: 500 }];
    const run = await h.sync('FULL');
    expect(run.state).toBe('PARTIALLY_FAILED');
    expect(run.streams.candidates.state).toBe('FAILED');
    expect(run.errors[0]).toMatchObject({ stream: 'candidates', code: 'REMOTE.SERVICE_UNAVAILABLE' });
    expect(run.errors[0].message).toContain('HTTP 500');
    expect((await h.rows('ats_candidates')).filter((r) => r.remote_deleted_at)).toEqual([]);
    // The applications stream completed, so its own sweep ran.
    expect(run.counts.applications?.deleted).toBe(3);
  });

  it('diffs join members per parent: a removed tag is marked deleted, a re-added one is restored', async () => {
    await h.sync('FULL');
    h.fake.update('c0000005', { tags: ['new'] });
    const run = await h.sync('FULL');
    expect(run.counts.candidate_tags).toMatchObject({ created: 1, deleted: 1 });
    const members = (await h.rows('ats_candidate_tags')).filter((r) => r.remote_id.startsWith('c0000005:'));
    expect(members.map((m) => [m.remote_id, m.remote_deleted_at !== null])).toEqual([
      ['c0000005:new', false],
      ['c0000005:t2', true],
    ]);
  });

  it('copes with a record vanishing mid-run and a record moving to a later page: no duplicates, no false deletions', async () => {
    await h.sync('FULL');
    h.fake.faults.vanishBeforePage = { page: 3, id: 'c0000020' }; // already fetched on page 1
    h.fake.update('c0000010', { first_name: 'Moved' });
    const run = await h.sync('FULL');
    expect(run.state).toBe('SUCCEEDED');
    const rows = await h.rows('ats_candidates');
    expect(new Set(rows.map((r) => r.remote_id)).size).toBe(230);
    expect(rows.filter((r) => r.remote_deleted_at).map((r) => r.remote_id)).toEqual([]);
    expect(run.counts.candidates).toMatchObject({ updated: 1, deleted: 0 });
    // The next FULL sees it gone.
    const next = await h.sync('FULL');
    expect(next.counts.candidates?.deleted).toBe(1);
  });

  it('skips and reports a malformed record, goes on, and does not delete it', async () => {
    await h.sync('FULL');
    h.fake.faults.malformedCandidate = true;
    const run = await h.sync('FULL');
    expect(run.state).toBe('PARTIALLY_FAILED');
    expect(run.counts.candidates).toMatchObject({ failed: 1, unchanged: 230, deleted: 0 });
    expect(run.errors).toContainEqual(expect.objectContaining({ code: 'REMOTE.RECORD_INVALID', remote_id: 'broken-1' }));
  });

  it('keeps two connections with the same remote ids apart', async () => {
    const other = await h.addConnection(h.fake.url);
    await h.sync('FULL');
    await h.sync('FULL', other);
    h.fake.remove('c0000003');
    await h.sync('FULL', other);
    expect((await h.rows('ats_candidates')).filter((r) => r.remote_deleted_at)).toEqual([]);
    expect((await h.rows('ats_candidates', other)).filter((r) => r.remote_deleted_at).map((r) => r.remote_id)).toEqual(['c0000003']);
    const a = await h.rows('ats_candidates');
    const b = await h.rows('ats_candidates', other);
    expect(a.map((r) => r.content_hash).filter((_, i) => i !== 3)).toEqual(b.map((r) => r.content_hash).filter((_, i) => i !== 3));
  });
});
