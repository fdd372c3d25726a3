import { StreamStates } from '../../src/sync/stream-states.js';
import { EngineHarness } from './support/engine-harness.js';

describe('DELTA sync', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await new EngineHarness(200).start();
  });
  afterEach(() => h.stop());

  it('without a saved position runs FULL and says so', async () => {
    const run = await h.sync('DELTA');
    expect(run.state).toBe('SUCCEEDED');
    expect(run.streams.candidates).toMatchObject({ mode: 'FULL', note: expect.stringContaining('no saved position') });
    expect(run.counts.candidates?.created).toBe(200);
  });

  it('fetches only what changed since the saved position; exactly those rows get a new changed_at', async () => {
    await h.sync('FULL');
    const before = new Map((await h.rows('ats_candidates')).map((r) => [r.remote_id, r]));
    const requestsBefore = h.fake.requests;
    h.fake.update('c0000003', { last_name: 'Changed' });
    h.fake.update('c0000150', { email: 'new@example.com' });
    h.fake.addCandidate(500);

    const run = await h.sync('DELTA');
    expect(run.state).toBe('SUCCEEDED');
    expect(run.streams.candidates.mode).toBe('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 1, updated: 2, deleted: 0 });
    // One page per stream: the delta did not walk the whole list.
    expect(h.fake.requests - requestsBefore).toBe(2);

    const after = await h.rows('ats_candidates');
    const moved = after.filter((r) => before.get(r.remote_id)?.changed_at.getTime() !== r.changed_at.getTime()).map((r) => r.remote_id);
    expect(moved.sort()).toEqual(['c0000003', 'c0000150', 'c0000500']);
  });

  it('overlaps its window, so a change made while the previous run was paging is not missed', async () => {
    await h.sync('FULL');
    const { delta_position } = await StreamStates.load(h.pool, h.connectionId, 'candidates');
    expect(typeof delta_position?.updated_after).toBe('string');
    // The saved high-water mark lies before the run started (run start minus the overlap).
    const [{ started_at }] = (await h.pool.query('SELECT started_at FROM sync_runs ORDER BY created_at LIMIT 1')).rows;
    expect(Date.parse(delta_position!.updated_after as string)).toBeLessThan(started_at.getTime());
  });

  it('a DELTA cannot delete: records gone upstream stay until the next FULL', async () => {
    await h.sync('FULL');
    h.fake.remove('c0000010');
    const delta = await h.sync('DELTA');
    expect(delta.counts.candidates?.deleted ?? 0).toBe(0);
    expect((await h.rows('ats_candidates')).filter((r) => r.remote_deleted_at)).toEqual([]);
    const full = await h.sync('FULL');
    expect(full.counts.candidates?.deleted).toBe(1);
  });

  it('falls back to a FULL pass when the saved position is no longer accepted', async () => {
    await h.sync('FULL');
    await StreamStates.saveDelta(h.pool, h.connectionId, 'candidates', { expired: true });
    h.fake.remove('c0000011');
    const run = await h.sync('DELTA');
    expect(run.state).toBe('SUCCEEDED');
    expect(run.streams.candidates).toMatchObject({ mode: 'FULL', note: expect.stringContaining('sync token expired') });
    // A complete FULL pass may sweep.
    expect(run.counts.candidates?.deleted).toBe(1);
    expect((await StreamStates.load(h.pool, h.connectionId, 'candidates')).delta_position).toHaveProperty('updated_after');
  });
});
