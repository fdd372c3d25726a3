import { Kombo } from '@kombo-api/sdk';
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type pg from 'pg';
import { pino } from 'pino';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { createPool } from '../../src/database/pool.js';
import { WebhookSender } from '../../src/events/outbound/webhook-sender.js';
import { EventsHarness, waitFor } from './support/events-harness.js';
import { WebhookReceiver, type Received } from './support/webhook-receiver.js';

/** The verifier printed in the README ("Receiving our webhooks"), loaded from the README itself. */
async function readmeVerifier(): Promise<(raw: string, header: string, secret: string, tolerance?: number) => boolean> {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /<!-- verifier -->\s*```js\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README has no verifier block');
  const file = join(mkdtempSync(join(tmpdir(), 'verifier-')), 'verify.mjs');
  writeFileSync(file, block[1]);
  return (await import(pathToFileURL(file).href)).verifyAtsSyncWebhook;
}

const kombo = new Kombo({ api_key: 'unused' });
/** Kombo's SDK parses {"X-Kombo-Signature", body}: the header and the parsed raw body, as its validateWebhook expects. */
const validateWithKombo = (r: Received) =>
  kombo.validateWebhook({
    request: { body: JSON.stringify({ 'X-Kombo-Signature': r.headers['x-kombo-signature'], body: JSON.parse(r.raw) }), headers: {}, url: 'http://receiver.example/hooks', method: 'POST' },
  });

describe('outbound webhooks: /v1/webhooks, signed deliveries from an outbox', () => {
  const h = new EventsHarness();
  const receiver = new WebhookReceiver();
  const extraSenders: WebhookSender[] = [];
  const extraPools: pg.Pool[] = [];
  let endpointId: string;
  let secret: string;

  beforeAll(async () => {
    await h.start({ candidates: 100 });
    await receiver.start();
    // The hires feed's first look (the synced hires, announced to nobody) is done.
    await waitFor(async () => (await h.query('SELECT 1 FROM events_watermarks WHERE connection_id = $1', [h.connectionId])).length > 0);
  }, 120_000);
  afterAll(async () => {
    for (const s of extraSenders) await s.stop();
    for (const p of extraPools) await p.end();
    await receiver.close();
    await h.close();
  });

  const api = () => h.t.http();
  const fastSender = (options: Partial<ConstructorParameters<typeof WebhookSender>[0]> = {}) => {
    const pool = createPool(h.t.db.url, { max: 2 });
    extraPools.push(pool);
    const sender = new WebhookSender({
      pool,
      secrets: new SecretBox(h.t.config.encryptionKey),
      logger: pino({ level: 'silent' }),
      baseDelayMs: 40,
      maxDelayMs: 200,
      timeoutMs: 2_000,
      pollMs: 50,
      ...options,
    });
    extraSenders.push(sender);
    return sender;
  };
  const deliveriesOf = async (id: string) => (await api().get(`/v1/webhooks/${id}/deliveries?limit=250`).set(h.t.admin)).body.data.results;

  it('creates an endpoint (secret shown once, sealed at rest) and refuses bad input with 400', async () => {
    const bad = await api().post('/v1/webhooks').set(h.t.admin).send({ url: 'ftp://x', event_types: ['data-changed', 'nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['event_types', 'url']);
    const created = await api()
      .post('/v1/webhooks')
      .set(h.t.admin)
      .send({ url: receiver.url, event_types: ['data-changed', 'sync-finished', 'application.hired', 'candidate.created', 'candidate.deleted'] });
    expect(created.status).toBe(201);
    endpointId = created.body.data.id;
    secret = created.body.data.secret;
    expect(secret).toMatch(/^whsec_/);
    const listed = await api().get('/v1/webhooks').set(h.t.admin);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const [row] = await h.query('SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1', [endpointId]);
    expect(row.secret_encrypted).not.toContain(secret);
    const key = await api().post('/v1/api-keys').set(h.t.admin).send({ connection_id: h.connectionId });
    expect((await api().get('/v1/webhooks').set({ Authorization: `Bearer ${key.body.data.key}` })).status).toBe(403);
  });

  it('a hire in Ashby reaches the endpoint as data-changed and application.hired, signed as Kombo signs and with our timestamped HMAC', async () => {
    const { state, ids } = h.sandbox.context.world;
    const a = state.applications.findIndex((x) => x.status === 'Active' && x.offer < 0 && !x.deleted);
    const applicationId = ids.id('application', a);
    receiver.received.length = 0;
    await h.mutate({ hire: [applicationId] });
    const hired = await waitFor(async () => receiver.received.find((r) => JSON.parse(r.raw).type === 'application.hired'), 15_000);
    const body = JSON.parse(hired.raw);
    expect(body).toMatchObject({
      id: expect.stringMatching(/^evt_/),
      type: 'application.hired',
      data: { integration_id: h.connectionId, integration_tool: 'ashby', integration_category: 'ATS', hire: { remote_id: applicationId, salary_amount: expect.any(Number) } },
    });
    const feed = await api().get(`/v1/ats/hires/${body.data.hire.id}`).set(h.t.admin).set('X-Connection-Id', h.connectionId);
    expect(body.data.hire).toMatchObject({ first_name: feed.body.data.first_name, last_name: feed.body.data.last_name, personal_email: feed.body.data.personal_email });

    const changed = receiver.received.filter((r) => JSON.parse(r.raw).type === 'data-changed');
    expect(changed.length).toBeGreaterThan(0);
    const models = new Set(changed.flatMap((r) => JSON.parse(r.raw).data.changed_models.map((m: { name: string }) => m.name)));
    expect([...models]).toEqual(expect.arrayContaining(['ats_applications', 'ats_offers']));

    const verify = await readmeVerifier();
    for (const r of receiver.received) {
      expect(r.headers['x-kombo-signature']).toBe(createHmac('sha256', secret).update(r.raw).digest('base64url'));
      expect(verify(r.raw, r.headers['x-ats-sync-signature'], secret)).toBe(true);
      expect(verify(r.raw, r.headers['x-ats-sync-signature'], 'wrong-secret')).toBe(false);
      expect(verify(`${r.raw} `, r.headers['x-ats-sync-signature'], secret)).toBe(false);
      expect(r.headers['x-ats-sync-delivery-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    // A stale timestamp is refused by the verifier (replay protection).
    const old = Math.floor(Date.now() / 1000) - 3600;
    const replayed = `t=${old},v1=${createHmac('sha256', secret).update(`${old}.${hired.raw}`).digest('hex')}`;
    expect(verify(hired.raw, replayed, secret)).toBe(false);
    // Kombo's SDK accepts Kombo's event types.
    for (const r of changed) await expect(validateWithKombo(r)).resolves.toMatchObject({ body: { type: 'data-changed' } });
  });

  it('data-changed is not sent when nothing changed (a repeat of the same state)', async () => {
    const [app] = await h.query<{ remote_data: any }>(
      `SELECT remote_data FROM ats_applications WHERE connection_id = $1 AND remote_deleted_at IS NULL ORDER BY remote_id LIMIT 1`,
      [h.connectionId],
    );
    await h.settled();
    await new Promise((r) => setTimeout(r, 500)); // what earlier events sent has arrived
    receiver.received.length = 0;
    const raw = JSON.stringify({ webhookActionId: `unchanged-${Date.now()}`, action: 'applicationUpdate', data: { application: app.remote_data } });
    const res = await h.deliver(raw, { 'Ashby-Signature': `sha256=${createHmac('sha256', h.secret).update(raw).digest('hex')}` });
    expect(res.status).toBe(200);
    const [event] = await h.settled();
    expect(event.state).toBe('APPLIED');
    expect(event.changes.applications).toMatchObject({ updated: 0, unchanged: 1 });
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.received.filter((r) => JSON.parse(r.raw).type === 'data-changed')).toEqual([]);
  });

  it('candidate.deleted (and data-changed) when Ashby deletes a candidate', async () => {
    const { state, ids } = h.sandbox.context.world;
    const c = state.candidates.findIndex((x) => !x.deleted && x.apps.length > 0);
    const candidateId = ids.id('candidate', c);
    receiver.received.length = 0;
    await h.mutate({ delete: [candidateId] });
    const deleted = await waitFor(async () => receiver.received.find((r) => JSON.parse(r.raw).type === 'candidate.deleted'), 15_000);
    expect(JSON.parse(deleted.raw).data).toMatchObject({ integration_id: h.connectionId, candidate: { id: h.id('candidates', candidateId), remote_id: candidateId } });
    const changed = await waitFor(async () => receiver.received.find((r) => JSON.parse(r.raw).type === 'data-changed'));
    expect(JSON.parse(changed.raw).data.changed_models).toEqual(expect.arrayContaining([{ name: 'ats_candidates' }, { name: 'ats_applications' }]));
  });

  it('sync-finished (and data-changed) for a sync run, in the shape Kombo’s SDK parses', async () => {
    receiver.received.length = 0;
    await h.mutate({ update: 3 });
    await h.fullSync();
    const finished = await waitFor(async () => receiver.received.find((r) => JSON.parse(r.raw).type === 'sync-finished'), 15_000);
    const parsed = await validateWithKombo(finished);
    expect(parsed.body).toMatchObject({ type: 'sync-finished', data: { sync_state: 'SUCCEEDED', integration_id: h.connectionId, integration_tool: 'ashby' } });
    const changed = await waitFor(async () => receiver.received.find((r) => JSON.parse(r.raw).type === 'data-changed'));
    expect(JSON.parse(changed.raw).data.changed_models).toEqual(expect.arrayContaining([{ name: 'ats_candidates' }]));
    await validateWithKombo(changed);
  });

  it('retries 5xx, timeouts and 429 with backoff: each event arrives exactly once, same delivery id and bytes on every attempt', async () => {
    await h.t.app.get(WebhookSender).stop(); // from here on, test senders with short delays
    const flaky = await new WebhookReceiver().start();
    flaky.respond = async ({ seen }) => {
      if (seen === 0) return 503;
      if (seen === 1) return 429;
      if (seen === 2) {
        await new Promise((r) => setTimeout(r, 2_500)); // past the sender's 2 s timeout: it has given up on this attempt
        return 504;
      }
      return 200;
    };
    const created = await api().post('/v1/webhooks').set(h.t.admin).send({ url: flaky.url, event_types: ['candidate.created', 'data-changed'] });
    const flakyId = created.body.data.id;
    await h.mutate({ create: 3 });
    await h.settled();
    const sender = fastSender();
    await sender.start();
    const deliveries = await waitFor(async () => {
      const list = await deliveriesOf(flakyId);
      return list.length > 0 && list.every((d: { state: string }) => d.state === 'SUCCEEDED') ? list : null;
    }, 30_000);
    await sender.stop();
    expect(deliveries.filter((d: { event_type: string }) => d.event_type === 'candidate.created')).toHaveLength(3);
    const byId = flaky.delivered();
    for (const d of deliveries) {
      expect(byId.get(d.id)).toHaveLength(1);
      const attempts = flaky.received.filter((r) => r.headers['x-ats-sync-delivery-id'] === d.id);
      expect(attempts.length).toBe(4);
      expect(new Set(attempts.map((r) => r.raw)).size).toBe(1);
      expect(attempts.map((r) => r.headers['x-ats-sync-attempt'])).toEqual(['1', '2', '3', '4']);
      expect(d.attempt_log.map((x: { status: number | null }) => x.status)).toEqual([503, 429, null, 200]);
      expect(d.attempt_log[2].error).toMatch(/no answer within 2000 ms/);
      expect(d.attempt_log.every((x: { latency_ms: number }) => typeof x.latency_ms === 'number')).toBe(true);
    }
    await api().delete(`/v1/webhooks/${flakyId}`).set(h.t.admin).expect(204);
    await flaky.close();
  });

  it('does not retry other 4xx; POST …/deliveries/:id/retry sends the same delivery again', async () => {
    const picky = await new WebhookReceiver().start();
    picky.respond = () => 400;
    const created = await api().post('/v1/webhooks').set(h.t.admin).send({ url: picky.url, event_types: ['candidate.created'] });
    const pickyId = created.body.data.id;
    await h.mutate({ create: 1 });
    await h.settled();
    const sender = fastSender();
    await sender.drain();
    await new Promise((r) => setTimeout(r, 300));
    await sender.drain();
    const [failed] = await deliveriesOf(pickyId);
    expect(failed).toMatchObject({ state: 'FAILED', attempts: 1, last_status: 400 });
    expect(failed.last_error).toMatch(/not retried/);
    expect(picky.received).toHaveLength(1);
    picky.respond = () => 200;
    const retried = await api().post(`/v1/webhooks/${pickyId}/deliveries/${failed.id}/retry`).set(h.t.admin);
    expect(retried.status).toBe(202);
    await sender.drain();
    const [again] = await deliveriesOf(pickyId);
    expect(again).toMatchObject({ id: failed.id, state: 'SUCCEEDED', attempts: 2 });
    expect(picky.received.map((r) => r.headers['x-ats-sync-delivery-id'])).toEqual([failed.id, failed.id]);
    expect(picky.received[0].raw).toBe(picky.received[1].raw);
    const missing = await api().post(`/v1/webhooks/${pickyId}/deliveries/0f3e8c2a-6b1d-8e4f-9a7c-2d5b8e1f4a3c/retry`).set(h.t.admin);
    expect(missing.status).toBe(404);
    await api().delete(`/v1/webhooks/${pickyId}`).set(h.t.admin).expect(204);
    await picky.close();
  });

  it('disables an endpoint that keeps failing and says why', async () => {
    const down = await new WebhookReceiver().start();
    down.respond = () => 503;
    const created = await api().post('/v1/webhooks').set(h.t.admin).send({ url: down.url, event_types: ['candidate.created'] });
    const downId = created.body.data.id;
    await h.mutate({ create: 1 });
    await h.settled();
    const sender = fastSender({ disableAfterFailures: 3 });
    await sender.start();
    const endpoint = await waitFor(async () => {
      const e = (await api().get(`/v1/webhooks/${downId}`).set(h.t.admin)).body.data;
      return e.enabled ? null : e;
    }, 15_000);
    await sender.stop();
    expect(endpoint.disabled_reason).toMatch(/3 failed delivery attempts in a row; last: HTTP 503/);
    expect(down.received).toHaveLength(3);
    const [pending] = await deliveriesOf(downId);
    expect(pending.state).toBe('PENDING'); // kept for when it is enabled again
    const enabled = await api().patch(`/v1/webhooks/${downId}`).set(h.t.admin).send({ enabled: true });
    expect(enabled.body.data).toMatchObject({ enabled: true, disabled_reason: null, consecutive_failures: 0 });
    await api().delete(`/v1/webhooks/${downId}`).set(h.t.admin).expect(204);
    await down.close();
  });

  it('two senders (separate pools, as two processes) never send the same delivery twice', async () => {
    const sink = await new WebhookReceiver().start();
    sink.respond = async () => {
      await new Promise((r) => setTimeout(r, 20));
      return 200;
    };
    const created = await api().post('/v1/webhooks').set(h.t.admin).send({ url: sink.url, event_types: ['candidate.created', 'data-changed'] });
    const sinkId = created.body.data.id;
    await h.mutate({ create: 20 });
    await h.settled();
    const [a, b] = [fastSender({ concurrency: 4, workerId: 'a' }), fastSender({ concurrency: 4, workerId: 'b' })];
    await Promise.all([a.start(), b.start()]);
    const deliveries = await waitFor(async () => {
      const list = await deliveriesOf(sinkId);
      return list.length >= 40 && list.every((d: { state: string }) => d.state === 'SUCCEEDED') ? list : null;
    }, 30_000);
    await Promise.all([a.stop(), b.stop()]);
    const ids = sink.received.map((r) => r.headers['x-ats-sync-delivery-id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(deliveries.length);
    const workers = await h.query(`SELECT DISTINCT worker FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.endpoint_id = $1`, [sinkId]);
    expect(workers.map((w) => w.worker).sort()).toEqual(['a', 'b']);
    await sink.close();
  });
});
