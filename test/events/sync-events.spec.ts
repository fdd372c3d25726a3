import type { Connector, SyncStream } from '../../src/connectors/connector.js';
import { eventIdFor } from '../../src/events/outbound/outbox.js';
import { WebhookEndpoints } from '../../src/events/outbound/webhook-endpoints.repository.js';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { EngineHarness } from '../sync/support/engine-harness.js';
import { fakeConnector } from '../sync/support/fake-connector.js';

/**
 * A fake provider whose DELTA also reports deletions: a candidate served with `deleted_at` is
 * mapped deleted (as Gem's DELTA reports them), the rest as the engine tests' fake.
 */
const candidatesStream = fakeConnector.streams!.find((s) => s.name === 'candidates')!;
const reportsDeletions: SyncStream = {
  ...candidatesStream,
  map: (records) => {
    const page = candidatesStream.map(records);
    for (const r of page.records.candidates ?? []) {
      const deletedAt = (r.remote_data as { deleted_at?: string } | undefined)?.deleted_at;
      if (deletedAt) r.remote_deleted_at = new Date(deletedAt);
    }
    return page;
  },
};
const deletingConnector: Connector = { ...fakeConnector, streams: fakeConnector.streams!.map((s) => (s.name === 'candidates' ? reportsDeletions : s)) };

interface EventRow {
  id: string;
  type: string;
  source_key: string;
  body: string;
  deliveries: number;
}

describe('events of a sync, written in the sync’s own transactions', () => {
  const h = new EngineHarness(120);
  let endpoints: WebhookEndpoints;

  beforeAll(async () => {
    await h.start({ resolveConnector: (provider) => (provider === 'fake' ? deletingConnector : undefined) });
    endpoints = new WebhookEndpoints(h.pool, h.secrets);
  }, 60_000);
  afterAll(() => h.stop());

  const events = async (): Promise<EventRow[]> =>
    (
      await h.pool.query<EventRow>(
        `SELECT e.id, e.type, e.source_key, e.body, (SELECT count(*)::int FROM webhook_deliveries d WHERE d.event_id = e.id) AS deliveries
         FROM webhook_events e WHERE e.connection_id = $1 ORDER BY e.created_at, e.source_key`,
        [h.connectionId],
      )
    ).rows;
  const ofType = (list: EventRow[], type: string) => list.filter((e) => e.type === type);
  const candidateIds = (list: EventRow[], type: string) => ofType(list, type).map((e) => JSON.parse(e.body).data.candidate.remote_id).sort();

  it('with no endpoint subscribed, a sync writes no event at all', async () => {
    const run = await h.sync('FULL');
    expect(run.state).toBe('SUCCEEDED');
    expect(run.counts.candidates).toMatchObject({ created: 120 });
    expect(await events()).toEqual([]);
  });

  it('sync-finished and data-changed are in the outbox when the run is finished: no poll, one per run, ids from the run', async () => {
    await endpoints.create({ url: 'http://127.0.0.1:9/hooks', event_types: ['sync-finished', 'data-changed'], connection_id: h.connectionId, enabled: true });
    h.fake.update('c0000001', { first_name: 'Renamed' });
    const run = await h.sync('DELTA');
    expect(run.state).toBe('SUCCEEDED');
    // Read at once, with nothing else running: the runner's finish wrote them.
    const list = await events();
    const finished = ofType(list, 'sync-finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ id: eventIdFor(`sync:${run.id}`), source_key: `sync:${run.id}`, deliveries: 1 });
    expect(JSON.parse(finished[0].body)).toMatchObject({
      id: finished[0].id,
      type: 'sync-finished',
      data: { sync_id: run.id, sync_state: 'SUCCEEDED', integration_id: h.connectionId, integration_tool: 'fake', log_url: `/v1/syncs/${run.id}` },
    });
    expect(JSON.parse(finished[0].body).data.sync_ended_at).toBe(run.finished_at!.toISOString());
    const [changed] = ofType(list, 'data-changed');
    expect(changed.source_key).toBe(`sync:${run.id}:data-changed`);
    expect(JSON.parse(changed.body).data.changed_models).toEqual([{ name: 'ats_candidates' }]);

    // A run that changed nothing: sync-finished only.
    const quiet = await h.sync('DELTA');
    const after = await events();
    expect(ofType(after, 'sync-finished').map((e) => e.source_key)).toEqual([`sync:${run.id}`, `sync:${quiet.id}`]);
    expect(ofType(after, 'data-changed')).toHaveLength(1);
  });

  it('the run’s final state and its events commit together: a failing event write leaves the run unfinished, and the next attempt finishes it once', async () => {
    // An outbox that refuses writes for this one run (a fault injected in the database itself).
    const run = await SyncRuns.create(h.pool, h.connectionId, 'DELTA', 'MANUAL');
    await h.pool.query(`CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox refused'; END $$`);
    await h.pool.query(`CREATE TRIGGER refuse_event BEFORE INSERT ON webhook_events FOR EACH ROW WHEN (NEW.source_key = 'sync:${run.id}') EXECUTE FUNCTION refuse_event()`);
    try {
      await expect(h.runner.execute(run.id)).rejects.toThrow(/outbox refused/);
      const stuck = await SyncRuns.get(h.pool, run.id);
      expect(stuck).toMatchObject({ state: 'RUNNING', finished_at: null });
      expect((await events()).filter((e) => e.source_key.startsWith(`sync:${run.id}`))).toEqual([]);
    } finally {
      await h.pool.query('DROP TRIGGER refuse_event ON webhook_events');
      await h.pool.query('DROP FUNCTION refuse_event()');
    }
    // Recovery re-runs it (as the queue does an orphan): it finishes, announced once.
    expect(await h.runner.execute(run.id)).toBe('FINISHED');
    expect(await h.runner.execute(run.id)).toBe('SKIPPED');
    expect((await SyncRuns.get(h.pool, run.id))!.state).toBe('SUCCEEDED');
    expect((await events()).filter((e) => e.source_key === `sync:${run.id}`)).toHaveLength(1);
  });

  it('candidate.created for each candidate a sync inserts, once, in the batch that inserts it', async () => {
    await endpoints.create({ url: 'http://127.0.0.1:9/created', event_types: ['candidate.created', 'candidate.deleted'], connection_id: null, enabled: true });
    const added = [h.fake.addCandidate(500), h.fake.addCandidate(501), h.fake.addCandidate(502)].map((c) => c.id);
    h.fake.update('c0000002', { first_name: 'Changed' }); // an update is not a creation
    const run = await h.sync('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 3, updated: 1 });
    const list = await events();
    expect(candidateIds(list, 'candidate.created')).toEqual(added.sort());
    const one = ofType(list, 'candidate.created').find((e) => e.source_key === `sync-candidate:${h.connectionId}:c0000500:created`)!;
    expect(one.deliveries).toBe(1);
    const [row] = (await h.pool.query('SELECT id FROM ats_candidates WHERE connection_id = $1 AND remote_id = $2', [h.connectionId, 'c0000500'])).rows;
    expect(JSON.parse(one.body)).toMatchObject({ id: one.id, type: 'candidate.created', data: { integration_id: h.connectionId, candidate: { id: row.id, remote_id: 'c0000500' } } });
    // A FULL over the same data creates nothing, and announces nothing again.
    const full = await h.sync('FULL');
    expect(full.counts.candidates!.created).toBe(0);
    expect(candidateIds(await events(), 'candidate.created')).toEqual(added.sort());
  });

  it('candidate.deleted from a FULL’s deletion sweep and from a DELTA that reports a deletion', async () => {
    h.fake.remove('c0000010');
    h.fake.remove('c0000011');
    const full = await h.sync('FULL');
    expect(full.counts.candidates!.deleted).toBe(2);
    let list = await events();
    expect(candidateIds(list, 'candidate.deleted')).toEqual(['c0000010', 'c0000011']);
    expect(ofType(list, 'candidate.deleted').map((e) => e.source_key)).toContain(`sync-candidate:${h.connectionId}:c0000010:deleted:${full.id}`);

    // The DELTA sees c0000012 flagged deleted: one event; a DELTA that sees it again adds none.
    h.fake.update('c0000012', { deleted_at: new Date().toISOString() } as never);
    const delta = await h.sync('DELTA');
    expect(delta.counts.candidates!.deleted).toBe(1);
    list = await events();
    expect(candidateIds(list, 'candidate.deleted')).toEqual(['c0000010', 'c0000011', 'c0000012']);
    h.fake.update('c0000012', { first_name: 'Still gone' });
    await h.sync('DELTA');
    expect(candidateIds(await events(), 'candidate.deleted')).toEqual(['c0000010', 'c0000011', 'c0000012']);
    // A FULL sweep does not announce what was already deleted.
    await h.sync('FULL');
    expect(ofType(await events(), 'candidate.deleted')).toHaveLength(3);
  });

  it('a first FULL with a subscriber announces each live candidate it inserts (not one that arrives deleted)', async () => {
    const other = await h.addConnection(h.fake.url);
    const run = await SyncRuns.create(h.pool, other, 'FULL', 'MANUAL');
    expect(await h.runner.execute(run.id)).toBe('FINISHED');
    const { rows } = await h.pool.query<{ remote_id: string; deliveries: number }>(
      `SELECT e.body::jsonb #>> '{data,candidate,remote_id}' AS remote_id, (SELECT count(*)::int FROM webhook_deliveries d WHERE d.event_id = e.id) AS deliveries
       FROM webhook_events e WHERE e.connection_id = $1 AND e.type = 'candidate.created' ORDER BY 1`,
      [other],
    );
    const live = [...h.fake.candidates.values()].filter((c) => !(c as { deleted_at?: string }).deleted_at).map((c) => c.id).sort();
    expect(live).not.toContain('c0000012');
    expect(rows.map((r) => r.remote_id)).toEqual(live);
    expect(rows.every((r) => r.deliveries === 1)).toBe(true);
  });
});
