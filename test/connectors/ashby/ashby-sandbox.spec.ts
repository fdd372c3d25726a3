import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { buildApplication } from '../../../src/connectors/ashby/sandbox/data/build-applications.js';
import { buildCandidate } from '../../../src/connectors/ashby/sandbox/data/build-candidates.js';
import { buildJob } from '../../../src/connectors/ashby/sandbox/data/build-jobs.js';
import { createSandboxContext, type RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { findSandbox } from '../../../src/sandbox/sandbox-registry.js';
import { freePort } from '../../support/free-port.js';
import { AshbyOpenApi } from './ashby-openapi-validator.js';
import { control, rpc, startSandbox } from './ashby-test-support.js';

/** Everything a seed generates, as the API would serve it. */
function snapshot(seed: number, candidates: number): string {
  const { world } = createSandboxContext(seed, candidates);
  return JSON.stringify({
    candidates: world.state.candidates.map((_, i) => buildCandidate(world, i)),
    applications: world.state.applications.map((_, i) => buildApplication(world, i)),
    jobs: world.state.jobs.map((_, i) => buildJob(world, i, ['location', 'openings'])),
    state: world.state,
  });
}

describe('Ashby sandbox data', () => {
  it('is registered as the ashby sandbox on port 4010', () => {
    expect(findSandbox('ashby')).toMatchObject({ provider: 'ashby', defaultPort: 4010 });
  });

  it('is the same for the same seed and differs for another seed', () => {
    const a = snapshot(42, 200);
    expect(snapshot(42, 200)).toBe(a);
    expect(snapshot(43, 200)).not.toBe(a);
  });

  it('builds a record the same whatever was built before it', () => {
    const forward = createSandboxContext(42, 200).world;
    const backward = createSandboxContext(42, 200).world;
    const n = forward.state.candidates.length;
    const inOrder = forward.state.candidates.map((_, i) => JSON.stringify(buildCandidate(forward, i)));
    const reversed = backward.state.candidates.map((_, i) => JSON.stringify(buildCandidate(backward, n - 1 - i))).reverse();
    expect(reversed).toEqual(inOrder);
  });

  it('scales with --candidates: about 1.5–2 applications per candidate, and every kind of record the issue asks for', () => {
    const { world } = createSandboxContext(5, 2000);
    const s = world.state;
    expect(s.applications.length / s.candidates.length).toBeGreaterThanOrEqual(1.5);
    expect(s.applications.length / s.candidates.length).toBeLessThanOrEqual(2);
    const candidates = s.candidates.slice(0, 300).map((_, i) => buildCandidate(world, i));
    expect(candidates.some((c) => c.emailAddresses.length >= 2)).toBe(true);
    expect(candidates.some((c) => c.phoneNumbers.length >= 2)).toBe(true);
    expect(candidates.some((c) => c.socialLinks.length >= 2)).toBe(true);
    expect(candidates.some((c) => c.tags.length > 0)).toBe(true);
    expect(candidates.some((c) => c.customFields.length > 0)).toBe(true);
    expect(s.jobs.some((j) => j.confidential)).toBe(true);
    expect(new Set(s.jobs.map((j) => j.status))).toEqual(new Set(['Open', 'Closed', 'Draft', 'Archived']));
    expect(s.applications.some((a) => a.status === 'Archived' && a.archiveReason >= 0 && a.archivedAt !== null)).toBe(true);
    expect(s.applications.filter((a) => a.status === 'Hired').every((a) => a.offer >= 0)).toBe(true);
    expect(s.schedules.some((x) => x.events >= 2)).toBe(true);
    expect(s.jobs.every((j) => j.team.length >= 2)).toBe(true);
    expect(s.postings.some((p) => p.listed) && s.postings.some((p) => !p.listed)).toBe(true);
  });
});

describe('Ashby sandbox control endpoint and webhooks', () => {
  let sandbox: RunningAshbySandbox;
  let twin: RunningAshbySandbox;
  let receiver: Server;
  const received: { headers: Record<string, string | string[] | undefined>; raw: string }[] = [];
  let hookUrl: string;

  beforeAll(async () => {
    [sandbox, twin] = await Promise.all([startSandbox(200, 3), startSandbox(200, 3)]);
    const port = await freePort();
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${port}/ashby`;
  });
  afterAll(async () => {
    await Promise.all([sandbox.close(), twin.close()]);
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('mutates deterministically and reports exactly what changed', async () => {
    const request = { update: 4, create: 2, delete: 1, hire: 1 };
    const [a, b] = [await control(sandbox, 'mutate', request), await control(twin, 'mutate', request)];
    expect(a).toEqual(b);
    expect(a.updated.candidates).toHaveLength(4);
    expect(a.created.candidates).toHaveLength(2);
    expect(a.created.applications).toHaveLength(2);
    expect(a.deleted.candidates).toHaveLength(1);
    // The deleted candidate's interview events (normalized interviews) are reported too.
    const deletedSchedules = sandbox.context.world.state.schedules.filter((x) => x.deleted);
    expect(a.deleted.interviewEvents ?? []).toHaveLength(deletedSchedules.reduce((n, x) => n + x.events, 0));
    expect((a.created.offers?.length ?? 0) + (a.updated.offers?.length ?? 0)).toBe(1);
    for (const id of a.deleted.candidates) expect((await rpc(sandbox, 'candidate.info', { id })).body.errorInfo.code).toBe('candidate_not_found');
    for (const id of a.created.candidates) expect((await rpc(sandbox, 'candidate.info', { id })).body.success).toBe(true);
    expect(a.updated.applications).toHaveLength(1);
    expect((await rpc(sandbox, 'application.info', { applicationId: a.updated.applications[0] })).body.results.status).toBe('Hired');
    const stats = await control(sandbox, 'stats');
    expect(stats.records.candidates).toBe(200 + 2 - 1);
  });

  it('edits an interview plan as Ashby does: its stages change, its updatedAt moves (and a syncToken delta has it), its job stays as it was', async () => {
    const planList = async (syncToken?: string) => {
      const results: any[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = (await rpc(sandbox, 'interviewPlan.list', { includeArchived: true, ...(syncToken ? { syncToken } : {}), ...(cursor ? { cursor } : {}) })).body;
        results.push(...page.results);
        if (!page.moreDataAvailable) return { results, syncToken: page.syncToken as string };
        cursor = page.nextCursor;
      }
    };
    const before = await planList();
    const plan = before.results[1];
    const stagesBefore = (await rpc(sandbox, 'interviewStage.list', { interviewPlanId: plan.id })).body.results;
    const jobId = sandbox.context.world.ids.id('job', sandbox.context.world.state.plans[1].job);
    const jobBefore = (await rpc(sandbox, 'job.info', { id: jobId })).body.results;

    const edit = await control(sandbox, 'mutate', { editPlan: [plan.id] });
    expect(edit.updated.interviewPlans).toEqual([plan.id]);
    expect(edit.created.interviewStages).toHaveLength(1);
    const stagesAfter = (await rpc(sandbox, 'interviewStage.list', { interviewPlanId: plan.id })).body.results;
    expect(stagesAfter.map((g: any) => g.id)).toEqual(
      [...stagesBefore.map((g: any) => g.id).filter((id: string) => !(edit.deleted.interviewStages ?? []).includes(id)).slice(0, -3), edit.created.interviewStages[0], ...stagesBefore.slice(-3).map((g: any) => g.id)],
    );
    // In plan order, renumbered; the first Active stage renamed.
    expect(stagesAfter.map((g: any) => g.orderInInterviewPlan)).toEqual(stagesAfter.map((_: unknown, i: number) => i));
    const firstActive = (list: any[]) => list.find((g) => g.type === 'Active');
    expect(firstActive(stagesAfter).id).toBe(firstActive(stagesBefore).id);
    expect(firstActive(stagesAfter).title).not.toBe(firstActive(stagesBefore).title);
    expect(stagesAfter.find((g: any) => g.id === edit.created.interviewStages[0])).toMatchObject({ type: 'Active', interviewPlanId: plan.id });

    const after = await planList(before.syncToken);
    expect(after.results.map((p: any) => p.id)).toEqual([plan.id]);
    expect(after.results[0].updatedAt > plan.updatedAt).toBe(true);
    expect((await rpc(sandbox, 'job.info', { id: jobId })).body.results.updatedAt).toBe(jobBefore.updatedAt);
  });

  it('refuses unknown mutations and faults', async () => {
    const bad = await fetch(`${sandbox.url}/_sandbox/mutate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ explode: 1 }) });
    expect(bad.status).toBe(400);
    const faults = (body: unknown) => fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const refused: [unknown, RegExp][] = [
      [{ rate_limit_burst: -1 }, /^rate_limit_burst must be a whole number/],
      [{ writes_fail_after_commit: 'one' }, /^writes_fail_after_commit must be a whole number/],
      [{ write_fault_endpoints: ['candidate.list'] }, /^write_fault_endpoints must be null or a list of write endpoints/],
      [{ server_errors: 1, server_error_status: 404 }, /^server_error_status must be a 5xx status/],
      // The old camelCase names are gone (the three sandboxes share Gem's names).
      [{ rateLimit: { count: 1 } }, /^rateLimit: unknown fault/],
    ];
    for (const [body, message] of refused) {
      const res = await faults(body);
      expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, expect.stringMatching(message)]);
    }
    // A refused body changes nothing; DELETE clears what a POST set.
    expect((await control(sandbox, 'stats')).faults).toMatchObject({ rate_limit_burst: 0, server_errors: 0, server_error_status: 503 });
    await control(sandbox, 'faults', { latency_ms: 5, writes_time_out_after_commit: 2, time_out_ms: 100 });
    expect((await control(sandbox, 'stats')).faults).toMatchObject({ latency_ms: 5, writes_time_out_after_commit: 2, time_out_ms: 100 });
    const cleared = await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
    expect(((await cleared.json()) as { faults: unknown }).faults).toMatchObject({ latency_ms: 0, writes_time_out_after_commit: 0, time_out_ms: 10_000 });
  });

  it('stats as the Gem and JazzHR sandboxes keep them: requests, by endpoint, by status (429s, dropped answers); DELETE clears them', async () => {
    await fetch(`${sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
    const before = (await control(sandbox, 'stats')).records.candidates;
    await control(sandbox, 'faults', { rate_limit_burst: 1 });
    expect((await rpc(sandbox, 'candidate.list', { limit: 1 })).status).toBe(429);
    expect((await rpc(sandbox, 'candidate.list', { limit: 1 })).status).toBe(200);
    await control(sandbox, 'faults', { writes_time_out_after_commit: 1, time_out_ms: 50, write_fault_endpoints: ['candidate.create'] });
    await expect(rpc(sandbox, 'candidate.create', { name: 'Lost Answer' })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const stats = await control(sandbox, 'stats');
    expect(stats).toMatchObject({ requests: 3, rate_limited: 1, by_endpoint: { 'candidate.list': 2, 'candidate.create': 1 }, by_status: { 429: 1, 200: 1, dropped: 1 } });
    expect(stats.records.candidates).toBe(before + 1);
    const cleared = await fetch(`${sandbox.url}/_sandbox/stats`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ requests: 0, rate_limited: 0, by_status: {}, by_endpoint: {} });
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'DELETE' });
  });

  it('fires registered webhooks with a correct Ashby-Signature and documented payloads', async () => {
    const secret = 'whsec-sandbox-test';
    for (const webhookType of ['applicationSubmit', 'candidateHire', 'candidateDelete', 'candidateStageChange', 'offerCreate']) {
      const res = await rpc(sandbox, 'webhook.create', { webhookType, requestUrl: hookUrl, secretToken: secret });
      expect(res.body.success).toBe(true);
    }
    received.length = 0;
    // Hire an application that has no offer yet, so the hire creates one.
    const { state, ids } = sandbox.context.world;
    const toHire = state.applications.findIndex((x) => x.status === 'Active' && x.offer < 0 && !x.deleted);
    const report = await control(sandbox, 'mutate', { create: 1, hire: [ids.id('application', toHire)], delete: 1 });
    expect(report.webhooks.every((d: { status: number }) => d.status === 200)).toBe(true);
    const actions = received.map((r) => JSON.parse(r.raw).action).sort();
    expect(actions).toEqual(['applicationSubmit', 'candidateDelete', 'candidateHire', 'candidateStageChange', 'offerCreate']);
    const openApi = new AshbyOpenApi();
    for (const r of received) {
      expect(r.headers['ashby-signature']).toBe(`sha256=${createHmac('sha256', secret).update(r.raw).digest('hex')}`);
      const body = JSON.parse(r.raw);
      expect(typeof body.webhookActionId).toBe('string');
      expect(openApi.checkWebhook(body.action, body)).toEqual([]);
    }
    const deleted = received.map((r) => JSON.parse(r.raw)).find((b) => b.action === 'candidateDelete');
    expect(deleted.data.candidate.id).toBe(report.deleted.candidates[0]);
  });

  it('candidate.search finds candidates by email, including created and edited ones', async () => {
    const existing = (await rpc(sandbox, 'candidate.list', { limit: 1 })).body.results[0];
    const found = await rpc(sandbox, 'candidate.search', { email: existing.primaryEmailAddress.value.toUpperCase() });
    expect(found.body.results.map((c: { id: string }) => c.id)).toEqual([existing.id]);
    const created = (await rpc(sandbox, 'candidate.create', { name: 'Grace Hopper', email: 'grace@navy.example' })).body.results;
    expect((await rpc(sandbox, 'candidate.search', { email: 'grace@navy.example' })).body.results.map((c: { id: string }) => c.id)).toEqual([created.id]);
    await rpc(sandbox, 'candidate.update', { candidateId: existing.id, email: 'new-address@example.com' });
    expect((await rpc(sandbox, 'candidate.search', { email: 'new-address@example.com', name: existing.name })).body.results.map((c: { id: string }) => c.id)).toEqual([existing.id]);
    expect((await rpc(sandbox, 'candidate.search', { email: 'nobody@example.com' })).body.results).toEqual([]);
  });

  it('answers 401 without a key and 403 with a wrong one', async () => {
    expect((await rpc(sandbox, 'apiKey.info', {}, null)).status).toBe(401);
    expect((await rpc(sandbox, 'apiKey.info', {}, 'nope')).status).toBe(403);
    expect((await rpc(sandbox, 'apiKey.info', {})).status).toBe(200);
  });

  it('caps limit at 100 and hands out a syncToken only on the last page', async () => {
    const first = await rpc(sandbox, 'application.list', { limit: 500 });
    expect(first.body.results).toHaveLength(100);
    expect(first.body.moreDataAvailable).toBe(true);
    expect(first.body.syncToken).toBeUndefined();
    let page = first.body;
    while (page.moreDataAvailable) page = (await rpc(sandbox, 'application.list', { cursor: page.nextCursor })).body;
    expect(typeof page.syncToken).toBe('string');
    expect(page.nextCursor).toBeUndefined();
    // An incremental run pages with its syncToken on every cursor; a cursor alone is refused.
    const { syncToken } = await lastPage(sandbox, 'candidate.list');
    await control(sandbox, 'mutate', { update: 150 });
    const delta = (await rpc(sandbox, 'candidate.list', { syncToken })).body;
    expect(delta.results).toHaveLength(100);
    expect(delta.moreDataAvailable).toBe(true);
    expect((await rpc(sandbox, 'candidate.list', { cursor: delta.nextCursor })).body.errorInfo.code).toBe('invalid_next_cursor');
    const rest = (await rpc(sandbox, 'candidate.list', { cursor: delta.nextCursor, syncToken })).body;
    expect(rest.results).toHaveLength(50);
    expect(typeof rest.syncToken).toBe('string');
  });
});

async function lastPage(sandbox: RunningAshbySandbox, endpoint: string) {
  let page = (await rpc(sandbox, endpoint, {})).body;
  while (page.moreDataAvailable) page = (await rpc(sandbox, endpoint, { cursor: page.nextCursor })).body;
  return page;
}
