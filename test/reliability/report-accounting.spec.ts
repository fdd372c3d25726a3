import { randomBytes } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox/sandbox.js';
import type { SyncRun } from '../../src/sync/sync-runs.repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { STORM_PROVIDERS, StormHarness } from './support/storm-harness.js';

/**
 * A run report adds up: per model, every record fetched is counted once, as created, updated,
 * unchanged or failed, however often the partner returned it in the run (a tag on many candidates,
 * a stage on many jobs). `deleted` counts rows newly marked deleted, which a complete FULL may add
 * for records it did not see.
 */
const PROVIDERS = STORM_PROVIDERS;

function unbalanced(run: SyncRun): string[] {
  return Object.entries(run.counts)
    .filter(([, c]) => c && c.fetched !== c.created + c.updated + c.unchanged + c.failed)
    .map(([model, c]) => `${model}: ${JSON.stringify(c)}`);
}

describe.each(PROVIDERS)('$provider: the run report adds up', ({ provider, key, start }) => {
  let db: TestDatabase;
  let h: StormHarness;
  let sandbox: RunningSandbox;
  let connectionId: string;

  beforeAll(async () => {
    sandbox = await start();
    db = await createTestDatabase();
    h = new StormHarness(db, randomBytes(32));
    connectionId = await h.connection(provider, sandbox.url, key);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await db?.drop();
    await sandbox?.close();
  });

  /** Rows per model table after the run (records the partner sends as deleted are stored too); live pairs per join. */
  async function rows(): Promise<Record<string, number>> {
    return Object.fromEntries(Object.entries(await h.content(connectionId)).map(([model, list]) => [model, list.length]));
  }

  it('first FULL: fetched = created + updated + unchanged + failed, and created = the rows stored', async () => {
    const run = await h.sync(connectionId);
    expect(run.state).toBe('SUCCEEDED');
    expect(unbalanced(run)).toEqual([]);
    const stored = await rows();
    for (const [model, c] of Object.entries(run.counts)) {
      // Each distinct record was fetched once as far as the report goes, and made one row.
      expect({ model, fetched: c!.fetched, created: c!.created }).toEqual({ model, fetched: stored[model], created: stored[model] });
    }
  }, 120_000);

  it('a second FULL over the same data: every fetched record unchanged, once', async () => {
    const run = await h.sync(connectionId);
    expect(run.state).toBe('SUCCEEDED');
    expect(unbalanced(run)).toEqual([]);
    const stored = await rows();
    for (const [model, c] of Object.entries(run.counts)) {
      expect({ model, ...c }).toEqual({ model, fetched: stored[model], created: 0, updated: 0, unchanged: stored[model], deleted: 0, failed: 0 });
    }
  }, 120_000);

  it('a DELTA adds up too', async () => {
    const run = await h.sync(connectionId, 'DELTA');
    expect(run.state).toBe('SUCCEEDED');
    expect(unbalanced(run)).toEqual([]);
  }, 120_000);
});
