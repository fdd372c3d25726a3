import { createHmac } from 'node:crypto';
import { ashbyWebhooks } from '../../src/connectors/ashby/ashby.webhooks.js';

const SECRET = 'whsec_test';
const delivery = (body: unknown, signature?: string) => {
  const raw = Buffer.from(JSON.stringify(body));
  return { rawBody: raw, headers: { 'ashby-signature': signature ?? `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}` } };
};

describe("Ashby's inbound webhooks (verify, parse)", () => {
  it('verifies sha256=<hex> over the raw bytes and nothing else', () => {
    const d = delivery({ action: 'ping' });
    expect(ashbyWebhooks.verify(d, SECRET)).toBe(true);
    expect(ashbyWebhooks.verify(d, 'other')).toBe(false);
    expect(ashbyWebhooks.verify({ ...d, headers: {} }, SECRET)).toBe(false);
    expect(ashbyWebhooks.verify({ ...d, headers: { 'ashby-signature': d.headers['ashby-signature'].toUpperCase() } }, SECRET)).toBe(false);
    expect(ashbyWebhooks.verify({ ...d, rawBody: Buffer.concat([d.rawBody, Buffer.from(' ')]) }, SECRET)).toBe(false);
  });

  it('turns each type into what to re-read and what is gone', () => {
    const app = { id: 'app1', candidate: { id: 'cand1' } };
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w1', action: 'candidateHire', data: { application: app, offer: { id: 'off1' } } }))).toEqual({
      kind: 'event',
      delivery_id: 'w1',
      event_type: 'candidateHire',
      refresh: [
        { model: 'applications', remote_id: 'app1' },
        { model: 'candidates', remote_id: 'cand1' },
        { model: 'offers', remote_id: 'off1' },
      ],
      deleted: [],
    });
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w2', action: 'candidateDelete', data: { candidate: { id: 'c9' } } }))).toMatchObject({
      refresh: [],
      deleted: [{ model: 'candidates', remote_id: 'c9' }],
    });
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w3', action: 'candidateMerge', data: { deletedCandidate: { id: 'old' }, mergedCandidate: { id: 'kept' } } }))).toMatchObject({
      refresh: [{ model: 'candidates', remote_id: 'kept' }],
      deleted: [{ model: 'candidates', remote_id: 'old' }],
    });
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w4', action: 'offerDelete', data: { offer: { id: 'o1', applicationId: 'a1' } } }))).toMatchObject({
      refresh: [{ model: 'applications', remote_id: 'a1' }],
      deleted: [{ model: 'offers', remote_id: 'o1' }],
    });
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w5', action: 'jobUpdate', data: { job: { id: 'j1' } } }))).toMatchObject({ refresh: [{ model: 'jobs', remote_id: 'j1' }] });
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w6', action: 'jobPostingUpdate', data: { jobPosting: { id: 'p1' } } }))).toMatchObject({ refresh: [{ model: 'job_postings', remote_id: 'p1' }] });
  });

  it('answers ping, ignores types it does not apply, and names a body without webhookActionId by its hash', () => {
    expect(ashbyWebhooks.parse(delivery({ action: 'ping', data: { webhookActionType: 'ping' } }))).toEqual({ kind: 'ping', delivery_id: null });
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w7', action: 'surveySubmit', data: {} }))).toMatchObject({ kind: 'ignored', event_type: 'surveySubmit' });
    expect(ashbyWebhooks.parse(delivery({ webhookActionId: 'w8', action: 'applicationUpdate', data: {} }))).toMatchObject({ kind: 'ignored', reason: expect.stringMatching(/no record id/) });
    const a = ashbyWebhooks.parse(delivery({ action: 'jobUpdate', data: { job: { id: 'j1' } } }));
    expect(a).toMatchObject({ kind: 'event', delivery_id: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
  });
});
