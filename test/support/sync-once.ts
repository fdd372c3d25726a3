import type pg from 'pg';
import type { SyncRunner } from '../../src/sync/sync-runner.js';
import { SyncRuns, type SyncRun, type SyncType } from '../../src/sync/sync-runs.repository.js';

/** Runs one sync of a connection to its end with the real runner and expects it to succeed without errors. */
export async function syncOnce(runner: SyncRunner, pool: pg.Pool, connectionId: string, type: SyncType): Promise<SyncRun> {
  const created = await SyncRuns.create(pool, connectionId, type, 'MANUAL');
  expect(await runner.execute(created.id)).toBe('FINISHED');
  const run = (await SyncRuns.get(pool, created.id))!;
  expect({ state: run.state, errors: run.errors }).toEqual({ state: 'SUCCEEDED', errors: [] });
  return run;
}
