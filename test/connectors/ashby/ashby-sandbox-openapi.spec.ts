import type { RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { AshbyOpenApi } from './ashby-openapi-validator.js';
import { API_KEY, control, rpc, startSandbox } from './ashby-test-support.js';

/** The endpoints issue 4 names; each must answer in the documented shape. */
const ENDPOINTS = [
  'apiKey.info', 'user.list', 'job.list', 'job.info', 'jobPosting.list', 'jobPosting.info', 'candidate.list', 'candidate.info',
  'candidate.search', 'candidate.create', 'candidate.update', 'application.list', 'application.info', 'application.create',
  'application.changeStage', 'interviewPlan.list', 'interviewStage.list', 'jobInterviewPlan.info', 'interviewSchedule.list',
  'interviewEvent.list', 'interview.info', 'interview.list', 'offer.list', 'department.list', 'location.list', 'source.list', 'archiveReason.list',
  'hiringTeamRole.list', 'candidateTag.list', 'webhook.create',
  // The write path's calls.
  'candidate.createNote', 'candidate.addTag', 'candidate.removeTag', 'candidateTag.create', 'candidate.uploadResume', 'candidate.uploadFile', 'file.info',
  'project.list', 'project.info', 'candidate.addProject',
];

let sandbox: RunningAshbySandbox;
let openApi: AshbyOpenApi;
/** Every 200 answer the test collected: [endpoint, request body, response body]. */
const seen: [string, unknown, any][] = [];

async function call(endpoint: string, body: Record<string, unknown> = {}) {
  const res = await rpc(sandbox, endpoint, body);
  expect(res.status).toBe(200);
  seen.push([endpoint, body, res.body]);
  return res.body;
}

/** A multipart call (the file uploads), recorded like the others. */
async function upload(endpoint: string, candidateId: string, field: string, name: string) {
  const form = new FormData();
  form.append('candidateId', candidateId);
  form.append(field, new Blob(['%PDF-1.4 test'], { type: 'application/pdf' }), name);
  const res = await fetch(`${sandbox.url}/${endpoint}`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}` }, body: form });
  expect(res.status).toBe(200);
  const body = (await res.json()) as any;
  seen.push([endpoint, { candidateId, [field]: name }, body]);
  return body;
}

/** Every page of a list, plus an incremental run after a change, all recorded. */
async function allPages(endpoint: string, body: Record<string, unknown> = {}, limit = 100) {
  let page = await call(endpoint, { ...body, limit });
  const results = [...page.results];
  while (page.moreDataAvailable) {
    page = await call(endpoint, { ...body, limit, cursor: page.nextCursor });
    results.push(...page.results);
  }
  return { results, syncToken: page.syncToken as string };
}

beforeAll(async () => {
  sandbox = await startSandbox(250, 11);
  openApi = new AshbyOpenApi();
});
afterAll(() => sandbox.close());

describe('Ashby sandbox responses validate against ashby-openapi.yml', () => {
  it('the document describes every endpoint the sandbox serves for the connector', () => {
    for (const endpoint of ENDPOINTS) expect(openApi.hasEndpoint(endpoint)).toBe(true);
  });

  it('success answers, list pages (first, middle, last with syncToken, incremental) and domain errors', async () => {
    await call('apiKey.info');
    const users = await allPages('user.list', { includeDeactivated: true }, 5);
    await call('department.list', { includeArchived: true });
    await call('location.list', { includeArchived: true });
    await call('source.list', { includeArchived: true });
    await call('archiveReason.list', { includeArchived: true });
    await call('hiringTeamRole.list', { namesOnly: true });
    await call('hiringTeamRole.list', {});
    const tags = await allPages('candidateTag.list', { includeArchived: true }, 7);
    const jobs = await allPages('job.list', { status: ['Draft', 'Open', 'Closed', 'Archived'], expand: ['location', 'openings'] }, 4);
    await call('job.info', { id: jobs.results[0].id, expand: ['location', 'openings'] });
    const postings = await call('jobPosting.list', {});
    expect(postings.results.length).toBeGreaterThan(0);
    for (const p of postings.results.slice(0, 3)) await call('jobPosting.info', { jobPostingId: p.id });
    const plans = await allPages('interviewPlan.list', { includeArchived: true }, 3);
    await call('interviewStage.list', { interviewPlanId: plans.results[0].id });
    await call('jobInterviewPlan.info', { jobId: jobs.results[0].id });
    const candidates = await allPages('candidate.list', {}, 100);
    await call('candidate.info', { id: candidates.results[0].id });
    await call('candidate.search', { email: candidates.results[0].primaryEmailAddress.value });
    const applications = await allPages('application.list', {}, 100);
    await call('application.info', { applicationId: applications.results[0].id });
    const schedules = await allPages('interviewSchedule.list', {}, 50);
    await call('interviewEvent.list', { interviewScheduleId: schedules.results[0].id, expand: ['interview'] });
    await call('interviewEvent.list', { interviewScheduleId: schedules.results[1].id });
    await call('interview.info', { id: schedules.results[0].interviewEvents[0].interviewId });
    await call('interview.list', { includeNonSharedInterviews: true, includeArchived: true, limit: 5 });
    const offers = await allPages('offer.list', {}, 20);

    // Writes.
    const created = await call('candidate.create', { name: 'Ada Lovelace', email: 'ada@example.com', phoneNumber: '+441234567890', linkedInUrl: 'https://www.linkedin.com/in/ada' });
    expect(created.success).toBe(true);
    await call('candidate.update', { candidateId: created.results.id, socialLinks: [{ type: 'GitHub', url: 'https://github.com/ada' }], alternateEmail: 'ada@work.example' });
    const open = jobs.results.find((j: any) => j.status === 'Open');
    const app = await call('application.create', { candidateId: created.results.id, jobId: open.id });
    const stages = (await call('jobInterviewPlan.info', { jobId: open.id })).results.stages;
    await call('application.changeStage', { applicationId: app.results.id, interviewStageId: stages[2].id });
    const archived = stages.find((s: any) => s.type === 'Archived');
    const reasons = (await call('archiveReason.list', {})).results;
    await call('application.changeStage', { applicationId: app.results.id, interviewStageId: archived.id, archiveReasonId: reasons[0].id });
    await call('webhook.create', { webhookType: 'candidateHire', requestUrl: 'http://127.0.0.1:9/hook', secretToken: 'secret' });
    await call('candidate.createNote', { candidateId: created.results.id, note: 'Strong candidate' });
    await call('candidate.createNote', { candidateId: created.results.id, note: { type: 'text/plain', value: 'Second note' }, isPrivate: true });
    const tag = await call('candidateTag.create', { title: 'Sourced' });
    expect((await call('candidateTag.create', { title: 'Sourced' })).results.id).toBe(tag.results.id);
    await call('candidate.addTag', { candidateId: created.results.id, tagId: tag.results.id });
    await call('candidate.removeTag', { candidateId: created.results.id, tagId: tag.results.id });
    await upload('candidate.uploadResume', created.results.id, 'resume', 'ada.pdf');
    const withFile = await upload('candidate.uploadFile', created.results.id, 'file', 'portfolio.pdf');
    for (const f of withFile.results.fileHandles) await call('file.info', { fileHandle: f.handle });
    const projects = (await call('project.list', {})).results;
    await call('project.info', { projectId: projects[0].id });
    await call('candidate.addProject', { candidateId: created.results.id, projectId: projects[0].id });

    // Incremental pages after a change, from each list's syncToken.
    await control(sandbox, 'mutate', { update: 3, create: 2, hire: 1 });
    for (const [endpoint, token] of [['candidate.list', candidates.syncToken], ['application.list', applications.syncToken], ['offer.list', offers.syncToken], ['user.list', users.syncToken], ['candidateTag.list', tags.syncToken], ['interviewSchedule.list', schedules.syncToken]] as const) {
      const page = await call(endpoint, { syncToken: token });
      expect(typeof page.syncToken).toBe('string');
    }

    // Domain errors: HTTP 200, success:false, errorInfo.
    const errors = [
      await call('candidate.info', { id: '00000000-0000-4000-a000-000000000000' }),
      await call('application.info', { applicationId: 'nope' }),
      await call('candidate.list', { syncToken: 'garbage' }),
      await call('candidate.list', { cursor: 'garbage' }),
      await call('job.info', {}),
      await call('candidate.createNote', { candidateId: created.results.id }),
      await call('candidate.addTag', { candidateId: created.results.id, tagId: 'nope' }),
      await call('candidate.uploadResume', { candidateId: created.results.id, resumeHandle: 'x' }),
      await call('candidate.create', { name: 'No Mail', email: 'nope' }),
    ];
    expect(errors.map((e) => e.errorInfo.code)).toEqual(['candidate_not_found', 'application_not_found', 'sync_token_invalid', 'invalid_next_cursor', 'invalid_input', 'invalid_input', 'tag_not_found', 'invalid_input', 'invalid_input']);

    for (const endpoint of ENDPOINTS) expect(seen.some(([e, , body]) => e === endpoint && body.success === true)).toBe(true);
    const problems = seen.flatMap(([endpoint, request, body]) => openApi.check200(endpoint, body).map((p) => `${endpoint} ${JSON.stringify(request).slice(0, 80)}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('sync-token errors, too-large deltas and expired cursors are documented error bodies', async () => {
    const first = await call('candidate.list', { limit: 10 });
    const all = await allPages('candidate.list', {});
    await control(sandbox, 'mutate', { update: 30 });
    await control(sandbox, 'faults', { incremental_page_limit: 1 });
    await call('candidate.list', { syncToken: all.syncToken, limit: 10 });
    const firstDelta = seen[seen.length - 1][2];
    const tooLarge = await call('candidate.list', { syncToken: all.syncToken, cursor: firstDelta.nextCursor, limit: 10 });
    await control(sandbox, 'faults', { reset: true, expire_sync_tokens: true, expire_cursors: true });
    const expired = await call('candidate.list', { syncToken: all.syncToken });
    const cursorExpired = await call('candidate.list', { cursor: first.nextCursor });
    expect([tooLarge, expired, cursorExpired].map((b) => b.errorInfo.code)).toEqual(['incremental_sync_too_large', 'sync_token_expired', 'next_cursor_expired']);
    for (const body of [tooLarge, expired, cursorExpired]) expect(openApi.check200('candidate.list', body)).toEqual([]);
  });

  it('401, 403, 429 and 5xx bodies have the documented error shape', async () => {
    const none = await rpc(sandbox, 'candidate.list', {}, null);
    const wrong = await rpc(sandbox, 'candidate.list', {}, 'wrong');
    await control(sandbox, 'faults', { rate_limit_burst: 1, retry_after_seconds: 2 });
    const limited = await rpc(sandbox, 'candidate.list', {});
    await control(sandbox, 'faults', { server_errors: 1, server_error_status: 503 });
    const failed = await rpc(sandbox, 'candidate.list', {});
    expect([none.status, wrong.status, limited.status, failed.status]).toEqual([401, 403, 429, 503]);
    expect(limited.headers.get('retry-after')).toBe('2');
    for (const res of [none, wrong, limited, failed]) expect(openApi.checkError(res.body)).toEqual([]);
  });

  it('the validator rejects a body that breaks the schema (so the checks above can fail)', () => {
    expect(openApi.check200('candidate.list', { success: true, moreDataAvailable: false, results: [{ id: 'not-a-uuid', name: 1 }] }).length).toBeGreaterThan(0);
    expect(openApi.check200('candidate.info', { success: false, errorInfo: {} }).length).toBeGreaterThan(0);
  });
});
