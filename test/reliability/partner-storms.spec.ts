import { randomBytes } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ChaosProxy, FAULT_KINDS } from './support/chaos-proxy.js';
import { recordFigure } from './support/chaos-figures.js';
import { changedNothing, STORM_PROVIDERS, StormHarness, TEST_PATIENCE, waitsOf } from './support/storm-harness.js';

/** How long the every-request storm lasts: 4 s in `npm test`, 60 s in the chaos suite. */
const STORM_SECONDS = Number(process.env.STORM_SECONDS ?? 4);
const STORM_PATIENCE = { ...TEST_PATIENCE, windowMs: Math.max(30_000, (STORM_SECONDS + 30) * 1000), maxWaitMs: 2_000 };

/**
 * Partners that rate-limit and fail for longer than the HTTP client's retries: the sync waits it out
 * (backing off, slowing down, resuming from its last batch) and ends SUCCEEDED with exactly the
 * sandbox's data, the waits in its report. Faults come from a chaos proxy in front of the real
 * sandbox (429 with and without Retry-After, 500/502/503, resets, timeouts, latency), and from the
 * sandboxes' own fault switches.
 */
describe.each(STORM_PROVIDERS)('$provider: a sync outlasts partner storms', ({ provider, key, start }) => {
  let db: TestDatabase;
  let h: StormHarness;
  let sandbox: RunningSandbox;
  let proxy: ChaosProxy;
  /** What a clean FULL straight from the sandbox holds: the reference every stormy run must equal. */
  let reference: Record<string, string[]>;

  beforeAll(async () => {
    sandbox = await start();
    db = await createTestDatabase();
    h = new StormHarness(db, randomBytes(32));
    proxy = new ChaosProxy(sandbox.url, 20261202);
    await proxy.start();
    const clean = await h.connection(provider, sandbox.url, key);
    expect((await h.sync(clean)).state).toBe('SUCCEEDED');
    reference = await h.content(clean);
    expect(reference.candidates.length).toBeGreaterThan(50);
  }, 120_000);
  afterAll(async () => {
    await proxy?.stop();
    await h?.close();
    await db?.drop();
    await sandbox?.close();
  });

  it('20% of requests failing in every way: SUCCEEDED, exactly the sandbox data, and a clean re-sync changes nothing', async () => {
    proxy.settings = { rate: 0.2, kinds: FAULT_KINDS };
    const [faultsBefore, forwardedBefore] = [proxy.faults, proxy.forwarded];
    const id = await h.connection(provider, proxy.url, key);
    const run = await h.sync(id);
    const injected = proxy.faults - faultsBefore;
    const requests = injected + proxy.forwarded - forwardedBefore;
    process.stdout.write(`${provider} 20%: ${requests} requests, ${injected} faults injected ${JSON.stringify(proxy.injected)}\n`);
    recordFigure('storm', { provider, case: '20% faults', requests, faults: injected, state: run.state, exact: JSON.stringify(await h.content(id)) === JSON.stringify(reference) });
    expect({ state: run.state, errors: run.errors }).toEqual({ state: 'SUCCEEDED', errors: [] });
    expect(injected).toBeGreaterThanOrEqual(Math.min(10, requests * 0.1));
    expect(await h.content(id)).toEqual(reference);

    proxy.settings = { rate: 0, kinds: FAULT_KINDS };
    const again = await h.sync(id);
    expect(again.state).toBe('SUCCEEDED');
    expect(changedNothing(again)).toBe(true);
  }, 180_000);

  it(`every request failing for ${STORM_SECONDS} s (longer than the HTTP client retries): the streams wait, slow down and finish`, async () => {
    const [faultsBefore, began] = [proxy.faults, Date.now()];
    proxy.settings = { rate: 0, kinds: FAULT_KINDS, stormUntil: Date.now() + STORM_SECONDS * 1000 };
    const id = await h.connection(provider, proxy.url, key);
    const run = await h.sync(id, 'FULL', STORM_PATIENCE);
    recordFigure('storm', { provider, case: `100% for ${STORM_SECONDS} s`, faults: proxy.faults - faultsBefore, seconds: (Date.now() - began) / 1000, waits: waitsOf(run).count, state: run.state, exact: JSON.stringify(await h.content(id)) === JSON.stringify(reference) });
    expect({ state: run.state, errors: run.errors }).toEqual({ state: 'SUCCEEDED', errors: [] });
    const waits = waitsOf(run);
    expect(waits.count).toBeGreaterThan(0);
    expect(waits.seconds).toBeGreaterThan(0);
    // The connection's rate went down from the configured 2,000/s.
    expect(Math.min(...waits.rates)).toBeLessThan(2_000);
    expect(await h.content(id)).toEqual(reference);
  }, 180_000 + STORM_SECONDS * 2000);

  it("the sandbox's own storm (30 consecutive 429s, then 20 503s): SUCCEEDED and exact", async () => {
    const id = await h.connection(provider, sandbox.url, key);
    const faults = await fetch(`${sandbox.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rate_limit_burst: 30, server_errors: 20, server_error_status: 503 }),
    });
    expect(faults.status).toBeLessThan(300);
    const run = await h.sync(id);
    expect({ state: run.state, errors: run.errors }).toEqual({ state: 'SUCCEEDED', errors: [] });
    expect(waitsOf(run).count).toBeGreaterThan(0);
    expect(await h.content(id)).toEqual(reference);
  }, 180_000);

  it('a storm longer than the patience window: the streams fail with REMOTE.* saying how long they waited, and nothing is deleted', async () => {
    const id = await h.connection(provider, proxy.url, key);
    proxy.settings = { rate: 0, kinds: FAULT_KINDS };
    expect((await h.sync(id)).state).toBe('SUCCEEDED');
    proxy.settings = { rate: 0, kinds: ['unavailable', 'rate_limit'], stormUntil: Date.now() + 60_000 };
    const run = await h.sync(id, 'FULL', { windowMs: 1_500, firstWaitMs: 100, maxWaitMs: 500 });
    proxy.settings = { rate: 0, kinds: FAULT_KINDS };
    expect(run.state).toBe('FAILED');
    expect(run.errors.length).toBeGreaterThan(0);
    for (const error of run.errors) {
      expect(error.code).toMatch(/^REMOTE\.(RATE_LIMIT_EXCEEDED|SERVICE_UNAVAILABLE)$/);
      expect(error.message).toMatch(/Waited \d+ s for the partner to recover; the stream gave up\./);
    }
    expect(await h.content(id)).toEqual(reference);
  }, 180_000);
});
