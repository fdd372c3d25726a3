import type { JazzApplicantSummary } from '../../src/connectors/jazzhr/jazzhr.types.js';
import { control, jazzAll } from '../connectors/jazzhr/jazzhr-test-kit.js';
import { JazzWriteHarness } from '../connectors/jazzhr/jazzhr-write-harness.js';

/**
 * JazzHR retries a Candidate Export delivery every 5 minutes for 2 hours on any non-2xx. A repeat of
 * an X-JazzHR-UUID already received is therefore answered 200 and dropped (a 401 would only be
 * retried); it is logged, changes nothing, and a forged repeat is still refused.
 */
describe('JazzHR Candidate Export: a repeated delivery is acknowledged and dropped', () => {
  const h = new JazzWriteHarness();
  let url: string;
  let secret: string;

  beforeAll(async () => {
    await h.start(30, { workers: 1 });
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
  const send = (body: Record<string, unknown>) => control<{ status: number; uuid: string; body: string }>(h.sandbox.url, 'POST', 'export', { url, secret, ...body });

  it('the same X-JazzHR-UUID again gets 200 (outcome REPEAT), is logged as a replay, queues and changes nothing', async () => {
    const applicant = (await jazzAll<JazzApplicantSummary>(h.sandbox.url, '/applicants'))[0];
    const first = await send({ applicant_id: applicant.id });
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).data).toEqual({ outcome: 'QUEUED', event_type: 'CANDIDATE-EXPORT' });
    await settled();
    const row = async () => (await h.pool.query('SELECT changed_at, xmin::text AS version FROM ats_candidates WHERE connection_id = $1 AND remote_id = $2', [h.connectionId, applicant.id])).rows[0];
    const before = await row();

    // The sandbox builds the export anew (a new documentId), as a resend is signed over its own bytes.
    for (let attempt = 0; attempt < 2; attempt++) {
      const repeat = await send({ applicant_id: applicant.id, uuid: first.uuid });
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
    const first = await send({ applicant_id: applicant.id });
    expect(first.status).toBe(200);
    const forged = await control<{ status: number }>(h.sandbox.url, 'POST', 'export', { url, secret: 'not-the-secret', applicant_id: applicant.id, uuid: first.uuid });
    expect(forged.status).toBe(401);
    expect((await events())[0]).toMatchObject({ verification: 'BAD_SIGNATURE', state: 'REJECTED' });
    await settled();
  });
});
