import { createHmac, randomUUID } from 'node:crypto';
import { touch } from '../../src/connectors/ashby/sandbox/data/state.js';
import { EventsHarness, waitFor } from './support/events-harness.js';

const sign = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

/**
 * Processing over real HTTP: the Ashby sandbox's /_sandbox/mutate changes its data and fires signed
 * webhooks at the running app, which re-reads the touched records and writes them through the sync
 * writer. No sync runs after the first FULL.
 */
describe('inbound processing: Ashby webhooks reach the tables without a sync', () => {
  const h = new EventsHarness();
  beforeAll(() => h.start({ candidates: 120 }), 120_000);
  afterAll(() => h.close());

  const syncRuns = async () => (await h.query('SELECT id FROM sync_runs WHERE connection_id = $1', [h.connectionId])).length;
  const world = () => h.sandbox.context.world;
  const activeApplication = () => {
    const { state, ids } = world();
    const a = state.applications.findIndex((x) => x.status === 'Active' && x.offer < 0 && !x.deleted);
    return ids.id('application', a);
  };
  const eventsOf = async (deliveredAfter: Date) => (await h.settled()).filter((e) => new Date(e.received_at) >= deliveredAfter && e.verification === 'VERIFIED');

  it('a hire: the application becomes HIRED and its accepted offer appears', async () => {
    const applicationId = activeApplication();
    const before = await h.row('ats_applications', applicationId);
    expect(before!.outcome).toBe('PENDING');
    const since = new Date();
    const report = await h.mutate({ hire: [applicationId] });
    expect(report.webhooks.map((w: { status: number }) => w.status)).toEqual(report.webhooks.map(() => 200));
    expect(report.webhooks.map((w: { action: string }) => w.action).sort()).toEqual(['applicationUpdate', 'candidateHire', 'candidateStageChange', 'offerCreate']);
    const events = await eventsOf(since);
    expect(events.map((e) => e.state)).toEqual(events.map(() => 'APPLIED'));
    const after = await h.row('ats_applications', applicationId);
    expect(after!.outcome).toBe('HIRED');
    expect(new Date(after!.changed_at).getTime()).toBeGreaterThan(new Date(before!.changed_at).getTime());
    const offerId = report.created.offers[0];
    const offer = await h.row('ats_offers', offerId);
    expect(offer).toMatchObject({ status: 'SIGNED', application_id: h.id('applications', applicationId), remote_deleted_at: null });
    // Four deliveries re-read the same application: it changed once, the others found it unchanged.
    const updates = events.reduce((n, e) => n + (e.changes?.applications?.updated ?? 0), 0);
    expect(updates).toBe(1);
    expect(await syncRuns()).toBe(1);
  });

  it('an update (archive): applicationUpdate moves the application to DECLINED with its reason', async () => {
    const applicationId = activeApplication();
    const candidateRemoteId = world().ids.id('candidate', world().state.applications[world().ids.index('application', applicationId)!].candidate);
    const candidateBefore = await h.row('ats_candidates', candidateRemoteId);
    const since = new Date();
    const report = await h.mutate({ archive: [applicationId] });
    expect(report.webhooks.map((w: { action: string }) => w.action).sort()).toEqual(['applicationUpdate', 'candidateStageChange']);
    await eventsOf(since);
    const after = await h.row('ats_applications', applicationId);
    expect(after!.outcome).toBe('DECLINED');
    expect(after!.rejection_reason_name).toEqual(expect.any(String));
    // The candidate was re-read too but did not change: its row was not rewritten.
    const candidateAfter = await h.row('ats_candidates', candidateRemoteId);
    expect(candidateAfter!.changed_at).toEqual(candidateBefore!.changed_at);
    expect(await syncRuns()).toBe(1);
  });

  it('a delete: candidateDelete (only the id) marks the candidate, its applications and their offers deleted', async () => {
    const { state, ids } = world();
    const c = state.candidates.findIndex((x, i) => !x.deleted && x.apps.length > 0 && x.apps.some((a) => state.applications[a].offer >= 0) && i > 0);
    const candidateId = ids.id('candidate', c);
    const appIds = state.candidates[c].apps.map((a) => ids.id('application', a));
    const offerIds = state.candidates[c].apps.filter((a) => state.applications[a].offer >= 0).map((a) => ids.id('offer', state.applications[a].offer));
    const since = new Date();
    const report = await h.mutate({ delete: [candidateId] });
    expect(report.webhooks.map((w: { action: string }) => w.action)).toEqual(['candidateDelete']);
    const [event] = await eventsOf(since);
    expect(event.state).toBe('APPLIED');
    expect((await h.row('ats_candidates', candidateId))!.remote_deleted_at).not.toBeNull();
    for (const id of appIds) expect((await h.row('ats_applications', id))!.remote_deleted_at).not.toBeNull();
    for (const id of offerIds) expect((await h.row('ats_offers', id))!.remote_deleted_at).not.toBeNull();
    expect(event.changes.candidates.deleted).toBe(1);
    expect(event.changes.applications.deleted).toBe(appIds.length);
    // The read API shows it as deleted.
    const read = await h.t.http().get(`/v1/ats/candidates/${h.id('candidates', candidateId)}`).set(h.t.admin).set('X-Connection-Id', h.connectionId);
    expect(read.body.data.remote_deleted_at).not.toBeNull();
  });

  it('a merge: the merged-away candidate is deleted, its applications now belong to the kept one', async () => {
    const { state, ids } = world();
    const live = state.candidates.map((x, i) => (!x.deleted && x.apps.length > 0 ? i : -1)).filter((i) => i >= 0);
    const [gone, kept] = [live[3], live[4]];
    const moved = [...state.candidates[gone].apps];
    // The merge as it happens in Ashby (the sandbox has no merge mutation): applications move, the duplicate goes.
    for (const a of moved) {
      state.applications[a].candidate = kept;
      touch(state, state.applications[a]);
    }
    state.candidates[kept].apps.push(...moved);
    state.candidates[gone].apps = [];
    state.candidates[gone].deleted = true;
    touch(state, state.candidates[gone]);
    touch(state, state.candidates[kept]);
    const raw = JSON.stringify({
      webhookActionId: randomUUID(),
      action: 'candidateMerge',
      data: { deletedCandidate: { id: ids.id('candidate', gone) }, mergedCandidate: { id: ids.id('candidate', kept) } },
    });
    const since = new Date();
    expect((await h.deliver(raw, { 'Ashby-Signature': sign(h.secret, raw) })).status).toBe(200);
    const [event] = await eventsOf(since);
    expect(event).toMatchObject({ event_type: 'candidateMerge', state: 'APPLIED' });
    expect((await h.row('ats_candidates', ids.id('candidate', gone)))!.remote_deleted_at).not.toBeNull();
    expect((await h.row('ats_candidates', ids.id('candidate', kept)))!.remote_deleted_at).toBeNull();
    for (const a of moved) {
      const row = await h.row('ats_applications', ids.id('application', a));
      expect(row).toMatchObject({ candidate_id: h.id('candidates', ids.id('candidate', kept)), remote_deleted_at: null });
    }
  });

  it('offerDelete marks the offer deleted', async () => {
    const [offer] = await h.query<{ remote_id: string; remote_data: any }>(
      `SELECT remote_id, remote_data FROM ats_offers WHERE connection_id = $1 AND remote_deleted_at IS NULL ORDER BY remote_id LIMIT 1`,
      [h.connectionId],
    );
    // Deleted in Ashby (the sandbox has no offer delete mutation), then announced.
    const { state, ids } = world();
    const o = state.offers[ids.index('offer', offer.remote_id)!];
    o.deleted = true;
    touch(state, o);
    const raw = JSON.stringify({ webhookActionId: randomUUID(), action: 'offerDelete', data: { offer: { id: offer.remote_id } } });
    const since = new Date();
    expect((await h.deliver(raw, { 'Ashby-Signature': sign(h.secret, raw) })).status).toBe(200);
    const [event] = await eventsOf(since);
    expect(event.changes).toEqual({ offers: expect.objectContaining({ deleted: 1 }) });
    expect((await h.row('ats_offers', offer.remote_id))!.remote_deleted_at).not.toBeNull();
  });

  it('an event for a disabled connection waits, and is applied once the connection is enabled again', async () => {
    const applicationId = activeApplication();
    expect((await h.t.http().patch(`/v1/connections/${h.connectionId}`).set(h.t.admin).send({ enabled: false })).status).toBe(200);
    const since = new Date();
    const report = await h.mutate({ hire: [applicationId] });
    expect(report.webhooks.every((w: { status: number }) => w.status === 200)).toBe(true);
    const waiting = await waitFor(async () => {
      const events = (await h.inboundEvents()).filter((e) => new Date(e.received_at) >= since);
      return events.length === 4 && events.every((e) => e.state === 'WAITING') ? events : null;
    });
    expect(waiting[0].reason).toMatch(/disabled/);
    expect((await h.row('ats_applications', applicationId))!.outcome).toBe('PENDING');
    expect((await h.t.http().patch(`/v1/connections/${h.connectionId}`).set(h.t.admin).send({ enabled: true })).status).toBe(200);
    const events = await waitFor(async () => {
      const all = (await h.inboundEvents()).filter((e) => new Date(e.received_at) >= since);
      return all.every((e) => e.state === 'APPLIED') ? all : null;
    });
    expect(events).toHaveLength(4);
    expect((await h.row('ats_applications', applicationId))!.outcome).toBe('HIRED');
    expect(await syncRuns()).toBe(1);
  });

  it('a FULL sync after all of this finds the webhook-written rows unchanged', async () => {
    await h.fullSync();
    const [run] = await h.query<{ counts: Record<string, { created: number; updated: number }> }>(
      `SELECT counts FROM sync_runs WHERE connection_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [h.connectionId],
    );
    for (const model of ['applications', 'offers']) expect({ model, updated: run.counts[model]?.updated ?? 0 }).toEqual({ model, updated: 0 });
  });
});
