import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../support/free-port.js';
import { AshbyOpenApi } from '../connectors/ashby/ashby-openapi-validator.js';
import { ASHBY_KEY, EventsHarness } from './support/events-harness.js';

/**
 * The Ashby sandbox's jobCreate/jobUpdate webhooks and its ping on webhook.create, over real HTTP
 * against the running app: the sandbox pings each webhook it saves (disabled when the ping fails),
 * and job webhooks reach ats_jobs through a re-read (job.info) and the sync writer, without a sync.
 */
describe('Ashby job webhooks and the ping on webhook.create', () => {
  const h = new EventsHarness();
  beforeAll(() => h.start({ candidates: 80 }), 120_000);
  afterAll(() => h.close());

  const sandboxCall = async (endpoint: string, body: Record<string, unknown>) => {
    const res = await fetch(`${h.sandbox.url}/${endpoint}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${ASHBY_KEY}:`).toString('base64')}` },
      body: JSON.stringify(body),
    });
    return res.json() as Promise<any>;
  };
  const adminUiWebhook = async (webhookType: string, requestUrl = h.inboundUrl, secretToken = h.secret) => {
    const res = await fetch(`${h.sandbox.url}/_sandbox/webhooks`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ webhookType, requestUrl, secretToken }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const syncRuns = async () => (await h.query('SELECT id FROM sync_runs WHERE connection_id = $1', [h.connectionId])).length;

  it('registering pinged our receiver once per saved webhook, signed with the issued secret, so each was saved enabled', async () => {
    const hooks = h.sandbox.context.world.state.webhooks;
    expect(hooks.length).toBeGreaterThan(5);
    expect(hooks.every((w) => w.enabled)).toBe(true);
    const pings = (await h.inboundEvents()).filter((e) => e.event_type === 'ping');
    expect(pings).toHaveLength(hooks.length);
    expect(pings.every((p) => p.verification === 'VERIFIED' && p.state === 'PING')).toBe(true);
    // webhook.create takes its documented enum only: jobCreate/jobUpdate are not among the registered types.
    expect(hooks.map((w) => w.type)).not.toEqual(expect.arrayContaining(['jobCreate']));
    const refused = await sandboxCall('webhook.create', { webhookType: 'jobCreate', requestUrl: h.inboundUrl, secretToken: h.secret });
    expect(refused).toMatchObject({ success: false, errorInfo: { code: 'invalid_input' } });
  });

  it('a webhook whose ping fails (no answer, or an error status) is saved disabled and gets no deliveries', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/hooks`;
    const unreachable = await sandboxCall('webhook.create', { webhookType: 'applicationUpdate', requestUrl: closed, secretToken: 's' });
    expect(unreachable).toMatchObject({ success: true, results: { enabled: false, webhookType: 'applicationUpdate', requestUrl: closed } });

    let received = 0;
    const failing: Server = createServer((req, res) => {
      received += 1;
      req.resume();
      res.statusCode = 500;
      res.end();
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const failingUrl = `http://127.0.0.1:${(failing.address() as AddressInfo).port}/hooks`;
    try {
      const refusedPing = await sandboxCall('webhook.create', { webhookType: 'candidateHire', requestUrl: failingUrl, secretToken: 's' });
      expect(refusedPing.results.enabled).toBe(false);
      expect(received).toBe(1); // the ping
      // A wrong secret: our receiver refuses the ping (401), so Ashby would save it disabled.
      const wrongSecret = await sandboxCall('webhook.create', { webhookType: 'candidateHire', requestUrl: h.inboundUrl, secretToken: 'not-the-issued-secret' });
      expect(wrongSecret.results.enabled).toBe(false);
      const { state, ids } = h.sandbox.context.world;
      const a = state.applications.findIndex((x) => x.status === 'Active' && x.offer < 0 && !x.deleted);
      const report = await h.mutate({ hire: [ids.id('application', a)] });
      expect(report.webhooks.map((w: { url: string }) => w.url)).not.toContain(failingUrl);
      expect(report.webhooks.map((w: { url: string }) => w.url)).not.toContain(closed);
      expect(received).toBe(1);
      await h.settled();
    } finally {
      await new Promise((resolve) => failing.close(resolve));
    }
  });

  it('jobCreate (a webhook made in the admin settings): the new job reaches ats_jobs with its stages, without a sync', async () => {
    for (const type of ['jobCreate', 'jobUpdate']) {
      const made = await adminUiWebhook(type);
      expect(made).toMatchObject({ status: 200, body: { enabled: true, webhookType: type } });
    }
    expect((await adminUiWebhook('noSuchType')).status).toBe(400);
    const runs = await syncRuns();
    const report = await h.mutate({ createJob: 1 });
    expect(report.webhooks).toEqual([expect.objectContaining({ action: 'jobCreate', status: 200 })]);
    const jobId = report.created.jobs[0];
    const [event] = (await h.settled()).filter((e) => e.event_type === 'jobCreate');
    expect(event).toMatchObject({ state: 'APPLIED', refresh: [{ model: 'jobs', remote_id: jobId }] });
    expect(event.changes.jobs).toMatchObject({ created: 1 });
    const job = await h.row('ats_jobs', jobId);
    const world = h.sandbox.context.world;
    expect(job).toMatchObject({ name: world.state.jobs[world.ids.index('job', jobId)!].title, status: 'DRAFT', remote_deleted_at: null });
    const stages = await h.query(`SELECT remote_id FROM ats_job_stages WHERE connection_id = $1 AND job_id = $2 AND remote_deleted_at IS NULL`, [h.connectionId, job!.id]);
    expect(stages).toHaveLength(6);
    const read = await h.t.http().get(`/v1/ats/jobs/${job!.id}`).set({ ...h.t.admin, 'X-Connection-Id': h.connectionId });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).toContain(job!.name);
    expect(await syncRuns()).toBe(runs);
  });

  it('the ping, jobCreate and jobUpdate bodies are the documented payloads, signed as every delivery', async () => {
    const bodies: { raw: string; signature: string }[] = [];
    const capture: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ raw: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['ashby-signature']) });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/hooks`;
    try {
      for (const type of ['jobCreate', 'jobUpdate']) expect((await adminUiWebhook(type, url, 'capture-secret')).body.enabled).toBe(true);
      await h.mutate({ createJob: 1, updateJob: 1 });
      await h.settled();
      const openApi = new AshbyOpenApi();
      const actions = bodies.map((b) => JSON.parse(b.raw).action).sort();
      expect(actions).toEqual(['jobCreate', 'jobUpdate', 'ping', 'ping']);
      for (const b of bodies) {
        expect(b.signature).toBe(`sha256=${createHmac('sha256', 'capture-secret').update(b.raw).digest('hex')}`);
        const body = JSON.parse(b.raw);
        expect(typeof body.webhookActionId).toBe('string');
        expect(openApi.checkWebhook(body.action, body)).toEqual([]);
      }
    } finally {
      h.sandbox.context.world.state.webhooks.forEach((w) => {
        if (w.url === url) w.enabled = false;
      });
      await new Promise((resolve) => capture.close(resolve));
    }
  });

  it('jobUpdate: the edited job is re-read and rewritten; a repeat of the same state changes nothing', async () => {
    const { state, ids } = h.sandbox.context.world;
    const j = state.jobs.findIndex((x) => x.status === 'Open');
    const jobId = ids.id('job', j);
    const before = await h.row('ats_jobs', jobId);
    const report = await h.mutate({ updateJob: [jobId] });
    expect(report.webhooks).toEqual([expect.objectContaining({ action: 'jobUpdate', status: 200 })]);
    await h.settled();
    const after = await h.row('ats_jobs', jobId);
    expect(after!.name).toBe(state.jobs[j].title);
    expect(after!.name).not.toBe(before!.name);
    expect(new Date(after!.changed_at).getTime()).toBeGreaterThan(new Date(before!.changed_at).getTime());
    // The same job again, unchanged in Ashby: re-read, found equal, not rewritten.
    const raw = JSON.stringify({ webhookActionId: `repeat-state-${Date.now()}`, action: 'jobUpdate', data: { job: { id: jobId } } });
    const res = await h.deliver(raw, { 'Ashby-Signature': `sha256=${createHmac('sha256', h.secret).update(raw).digest('hex')}` });
    expect(res.status).toBe(200);
    const [latest] = (await h.settled()).filter((e) => e.event_type === 'jobUpdate');
    expect(latest.changes.jobs).toMatchObject({ updated: 0, unchanged: 1 });
    expect((await h.row('ats_jobs', jobId))!.changed_at).toEqual(after!.changed_at);
  });

  it('setup with a Request URL Ashby cannot reach: every webhook is saved disabled, and the answer says why', async () => {
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    const res = await h.t.http().post(`/v1/connections/${h.connectionId}/inbound-webhook`).set(h.t.admin).send({ register: true, public_url: unreachable });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).toMatch(/saved the \w+ webhook disabled: its ping/);
  });
});
