import { pino } from 'pino';
import { tryLockConnection } from '../../src/sync/connection-lock.js';
import { findDueSyncs } from '../../src/sync/sync-schedule.js';
import { SyncQueue } from '../../src/sync/sync-queue.js';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { EngineHarness } from './support/engine-harness.js';

describe('scheduling', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await new EngineHarness(10).start();
  });
  afterEach(() => h.stop());

  const due = async () => (await findDueSyncs(h.pool)).filter((d) => d.connectionId === h.connectionId).map((d) => d.type);
  const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
  const addRun = async (type: 'FULL' | 'DELTA', createdAt: Date, state = 'SUCCEEDED') => {
    const run = await SyncRuns.create(h.pool, h.connectionId, type, 'SCHEDULED');
    await h.pool.query('UPDATE sync_runs SET created_at = $2, state = $3 WHERE id = $1', [run.id, createdAt, state]);
  };

  it('a connection never synced is due for a FULL', async () => {
    expect(await due()).toEqual(['FULL']);
  });

  it('after a recent FULL, a DELTA is due once delta_sync_interval_minutes (default 15) have passed', async () => {
    await addRun('FULL', ago(5));
    expect(await due()).toEqual([]);
    await h.pool.query('UPDATE sync_runs SET created_at = $1', [ago(16)]);
    expect(await due()).toEqual(['DELTA']);
    await h.pool.query(`UPDATE connections SET settings = '{"delta_sync_interval_minutes": 30}'`);
    expect(await due()).toEqual([]);
  });

  it('a FULL is due again after full_sync_interval_hours (default 24)', async () => {
    await addRun('FULL', ago(25 * 60));
    await addRun('DELTA', ago(1));
    expect(await due()).toEqual(['FULL']);
    await h.pool.query(`UPDATE connections SET settings = '{"full_sync_interval_hours": 48}'`);
    expect(await due()).toEqual([]);
  });

  it('skips paused, disabled, invalid connections and ones with a run already open', async () => {
    for (const patch of [
      `settings = '{"sync_paused": true}'`,
      'enabled = false',
      `state = 'INVALID'`,
    ]) {
      await h.pool.query(`UPDATE connections SET ${patch}`);
      expect(await due()).toEqual([]);
      await h.pool.query(`UPDATE connections SET settings = '{}', enabled = true, state = 'ACTIVE'`);
    }
    await addRun('DELTA', ago(1), 'QUEUED');
    expect(await due()).toEqual([]);
  });

  it('re-enqueues a RUNNING run whose worker died, but not one whose worker holds the lock', async () => {
    const queue = new SyncQueue({ databaseUrl: h.db.url, pool: h.pool, runner: h.runner, logger: pino({ level: 'silent' }), workers: 0 });
    await queue.start();
    try {
      const run = await SyncRuns.create(h.pool, h.connectionId, 'FULL', 'MANUAL');
      await h.pool.query(`UPDATE sync_runs SET state = 'RUNNING' WHERE id = $1`, [run.id]);
      const lock = await tryLockConnection(h.pool, h.connectionId);
      expect(await queue.recoverOrphans()).toBe(0);
      await lock!.release();
      expect(await queue.recoverOrphans()).toBe(1);
      const [{ n }] = (await h.pool.query("SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'runId' = $1", [run.id])).rows;
      expect(n).toBe(1);
    } finally {
      await queue.stop();
    }
  });
});
