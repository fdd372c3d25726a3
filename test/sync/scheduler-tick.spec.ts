import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, LOGGER } from '../../src/app/tokens.js';
import { SyncQueue } from '../../src/sync/sync-queue.js';
import { SyncScheduler } from '../../src/sync/sync-scheduler.js';
import { SYNC_POOL } from '../../src/sync/sync.tokens.js';
import { SyncsService } from '../../src/sync/syncs.service.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the scheduler inside the service', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A long interval: the test drives the ticks itself.
    t = await startTestApp({ schedulerEnabled: true, schedulerIntervalSeconds: 3600 });
  });
  afterAll(() => t.close());

  it('only enqueues, and concurrent ticks (in this process and in another) enqueue a due sync once', async () => {
    const scheduler = t.app.get(SyncScheduler);
    await scheduler.tick(); // the pass started at boot, before there was any connection
    const { body: { data: body } } = await t.http().post('/v1/connections').set(t.admin).send({ provider: 'gem', credentials: { api_key: 'k' }, verify_credentials: false });
    // A second instance stands in for another process sharing the database.
    const other = new SyncScheduler(
      t.app.get(SchedulerRegistry),
      t.app.get(SyncsService),
      t.app.get(SyncQueue),
      t.app.get(SYNC_POOL),
      t.app.get(APP_CONFIG),
      t.app.get(LOGGER),
    );
    await Promise.all([scheduler.tick(), scheduler.tick(), other.tick(), other.tick()]);

    const runs = await t.db.query('SELECT type, trigger, state FROM sync_runs WHERE connection_id = $1', [body.id]);
    expect(runs).toEqual([{ type: 'FULL', trigger: 'SCHEDULED', state: 'QUEUED' }]);
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1', ['ats-sync.sync-run']);
    expect(n).toBe(1);

    // Nothing more is due while that run is open.
    await scheduler.tick();
    expect(await t.db.query('SELECT id FROM sync_runs WHERE connection_id = $1', [body.id])).toHaveLength(1);
  });
});
