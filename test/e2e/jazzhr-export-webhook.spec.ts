import type { JazzApplicantDetail, JazzApplicantSummary } from '../../src/connectors/jazzhr/jazzhr.types.js';
import { control, jazzAll, jazzGet } from '../connectors/jazzhr/jazzhr-test-kit.js';
import { JazzWriteHarness } from '../connectors/jazzhr/jazzhr-write-harness.js';

/**
 * JazzHR's Candidate Export webhook over real HTTP: the sandbox fires it as a user's export does, at
 * the app's per-connection inbound URL; the app checks X-JazzHR-Signature, answers VERIFY, drops a
 * repeated X-JazzHR-UUID and refreshes the exported candidate at once (no sync).
 */
describe('JazzHR Candidate Export webhook → the mirror', () => {
  const h = new JazzWriteHarness();
  let url: string;
  let secret: string;

  beforeAll(async () => {
    await h.start(40, { workers: 1 });
    const setup = await h.t.http().post(`/v1/connections/${h.connectionId}/inbound-webhook`).set(h.t.admin).send({ register: false, public_url: `http://127.0.0.1:${h.port}` });
    expect(setup.status).toBe(200);
    ({ url, secret } = setup.body.data);
  }, 120_000);
  afterAll(() => h.close());

  const events = async () => (await h.t.http().get(`/v1/connections/${h.connectionId}/inbound-events?limit=100`).set(h.t.admin)).body.data.results as Record<string, any>[];
  async function settled(): Promise<Record<string, any>[]> {
    for (let i = 0; i < 200; i++) {
      const list = await events();
      if (!list.some((e) => ['QUEUED', 'PROCESSING'].includes(e.state))) return list;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('inbound events did not settle');
  }
  const exportOf = (body: Record<string, unknown>) => control<{ status: number; uuid: string; body: string }>(h.sandbox.url, 'POST', 'export', { url, secret, ...body });
  const candidateRow = async (remoteId: string) =>
    (await h.pool.query('SELECT phone_numbers, source, changed_at FROM ats_candidates WHERE connection_id = $1 AND remote_id = $2', [h.connectionId, remoteId])).rows[0];

  it('answers JazzHR’s VERIFY with 200', async () => {
    expect((await exportOf({ verify: true })).status).toBe(200);
    expect((await events())[0]).toMatchObject({ event_type: 'ping', state: 'PING', verification: 'VERIFIED' });
  });

  it('refuses a delivery signed with another secret, and changes nothing', async () => {
    const applicant = (await jazzAll<JazzApplicantSummary>(h.sandbox.url, '/applicants'))[0];
    const sent = await control<{ status: number }>(h.sandbox.url, 'POST', 'export', { url, secret: 'not-the-secret', applicant_id: applicant.id });
    expect(sent.status).toBe(401);
    expect((await events())[0]).toMatchObject({ verification: 'BAD_SIGNATURE', state: 'REJECTED' });
  });

  it('an export refreshes that candidate at once; the same X-JazzHR-UUID again is dropped', async () => {
    const { changed } = await control<{ changed: { applicants: { updated: string[] } } }>(h.sandbox.url, 'POST', 'mutate', { update: { applicants: 1 } });
    const id = changed.applicants.updated[0];
    const now = (await jazzGet<JazzApplicantDetail>(h.sandbox.url, `/applicants/${id}`)).body;
    const before = await candidateRow(id);
    expect(before.phone_numbers.map((p: { phone_number: string }) => p.phone_number)).not.toEqual([now.phone]);
    await control(h.sandbox.url, 'DELETE', 'stats');
    const sent = await exportOf({ applicant_id: id });
    expect(sent.status).toBe(200);
    const list = await settled();
    expect(list.find((e) => e.delivery_id === sent.uuid)).toMatchObject({ state: 'APPLIED', event_type: 'CANDIDATE-EXPORT' });
    const after = await candidateRow(id);
    expect({ phones: after.phone_numbers.map((p: { phone_number: string }) => p.phone_number), source: after.source }).toEqual({ phones: [now.phone], source: now.source || null });
    // Found through v1's name search and the detail's email: a handful of requests, no sync.
    const stats = await control<{ by_endpoint: Record<string, number> }>(h.sandbox.url, 'GET', 'stats');
    expect(stats.by_endpoint['GET /applicants/name']).toBe(1);
    expect(stats.by_endpoint['GET /applicants/{id}']).toBeGreaterThanOrEqual(1);

    const repeat = await exportOf({ applicant_id: id, uuid: sent.uuid });
    expect(repeat.status).toBe(200); // acknowledged: JazzHR retries anything else for 2 hours
    const again = await settled();
    expect(again.filter((e) => e.delivery_id === sent.uuid && e.state === 'APPLIED')).toHaveLength(1);
    expect((await candidateRow(id)).changed_at).toEqual(after.changed_at);
  });

  // JazzHR retries a delivery every 5 minutes for 2 hours on any non-2xx: a repeat is acknowledged, not refused.
  it('the same X-JazzHR-UUID again gets 200 (outcome REPEAT), is logged as a replay, queues and changes nothing', async () => {
    const applicant = (await jazzAll<JazzApplicantSummary>(h.sandbox.url, '/applicants'))[0];
    const first = await exportOf({ applicant_id: applicant.id });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).data).toEqual({ outcome: 'QUEUED', event_type: 'CANDIDATE-EXPORT' });
    await settled();
    const row = async () => (await h.pool.query('SELECT changed_at, xmin::text AS version FROM ats_candidates WHERE connection_id = $1 AND remote_id = $2', [h.connectionId, applicant.id])).rows[0];
    const before = await row();

    // The sandbox builds the export anew (a new documentId), as a resend is signed over its own bytes.
    for (let attempt = 0; attempt < 2; attempt++) {
      const repeat = await exportOf({ applicant_id: applicant.id, uuid: first.uuid });
      expect(repeat.status).toBe(200);
      expect(JSON.parse(repeat.body).data).toEqual({ outcome: 'REPEAT', event_type: 'CANDIDATE-EXPORT' });
    }
    const list = await settled();
    const ofDelivery = list.filter((e) => e.delivery_id === first.uuid);
    expect(ofDelivery.filter((e) => e.verification === 'VERIFIED')).toHaveLength(1);
    const repeats = ofDelivery.filter((e) => e.verification === 'REPLAYED');
    expect(repeats).toHaveLength(2);
    expect(repeats.every((e) => e.state === 'IGNORED' && /already received/.test(e.reason))).toBe(true);
    expect(await row()).toEqual(before);
  });

  it('a repeat signed with another secret is still a 401', async () => {
    const applicant = (await jazzAll<JazzApplicantSummary>(h.sandbox.url, '/applicants'))[1];
    const first = await exportOf({ applicant_id: applicant.id });
    expect(first.status).toBe(200);
    const forged = await control<{ status: number }>(h.sandbox.url, 'POST', 'export', { url, secret: 'not-the-secret', applicant_id: applicant.id, uuid: first.uuid });
    expect(forged.status).toBe(401);
    expect((await events())[0]).toMatchObject({ verification: 'BAD_SIGNATURE', state: 'REJECTED' });
    await settled();
  });
});
