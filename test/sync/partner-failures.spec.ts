import { EngineHarness } from './support/engine-harness.js';

describe('partner failures', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await new EngineHarness(120).start();
  });
  afterEach(() => h.stop());

  it.each([
    ['with Retry-After', 0],
    ['without Retry-After', undefined],
  ])('a 429 storm %s ends in a complete sync', async (_label, retryAfterSeconds) => {
    h.fake.faults.rateLimitStorm = { count: 5, retryAfterSeconds };
    const run = await h.sync('FULL');
    expect(h.fake.faults.rateLimitStorm.count).toBe(0);
    expect(run.state).toBe('SUCCEEDED');
    expect(run.counts.candidates?.created).toBe(120);
    expect(run.counts.applications?.created).toBe(120);
  });

  it('gives up on a storm longer than its retries and says why, deleting nothing', async () => {
    await h.sync('FULL');
    h.fake.faults.rateLimitStorm = { count: 1000 };
    const run = await h.sync('FULL');
    expect(run.state).toBe('FAILED');
    expect(run.errors[0]).toMatchObject({ code: 'REMOTE.RATE_LIMIT_EXCEEDED', message: expect.stringContaining('429') });
    expect((await h.rows('ats_candidates')).filter((r) => r.remote_deleted_at)).toEqual([]);
  });

  it('bad credentials mark the connection INVALID and stop its syncs', async () => {
    h.fake.faults.revoked = true;
    const run = await h.sync('FULL');
    expect(run.state).toBe('FAILED');
    expect(run.errors[0].code).toBe('INTEGRATION.AUTHENTICATION_INVALID');
    const [connection] = (await h.pool.query('SELECT state, state_reason FROM connections WHERE id = $1', [h.connectionId])).rows;
    expect(connection).toMatchObject({ state: 'INVALID', state_reason: expect.stringContaining('401') });
    // Every stream that was tried failed the same way; none wrote anything.
    for (const stream of Object.values(run.streams)) expect(stream.state).toBe('FAILED');
    expect(await h.rows('ats_candidates')).toEqual([]);

    const next = await h.sync('DELTA');
    expect(next.state).toBe('CANCELLED');
    expect(next.errors[0].message).toContain('INVALID');
  });
});
