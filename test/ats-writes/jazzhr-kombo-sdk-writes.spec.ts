import { Kombo } from '@kombo-api/sdk';
import type { JazzApplicantDetail, JazzApplicantSummary, JazzJob, JazzWorkflow } from '../../src/connectors/jazzhr/jazzhr.types.js';
import { asList, jazzAll, jazzGet } from '../connectors/jazzhr/jazzhr-test-kit.js';
import { JazzWriteHarness, writeRequests } from '../connectors/jazzhr/jazzhr-write-harness.js';
import { komboError } from './support/kombo-errors.js';

/**
 * Kombo's SDK, unchanged, reads a synced JazzHR connection and makes Kombo's write calls on it. What
 * JazzHR's v1 has (create, application, note, tag) it does, checked in the sandbox; what it lacks
 * (stage moves, untagging) answers the typed INTEGRATION.ACTION_NOT_AVAILABLE and writes nothing.
 */
describe('Kombo SDK on JazzHR', () => {
  const h = new JazzWriteHarness();
  let kombo: Kombo;
  let job: JazzJob;
  const pdf = Buffer.from('%PDF-1.4 cv').toString('base64');

  beforeAll(async () => {
    await h.start(40);
    kombo = new Kombo({ api_key: h.t.adminKey, integration_id: h.connectionId, server_url: `http://127.0.0.1:${h.port}/v1` });
    const secret = new Set(asList<JazzJob>((await jazzGet<JazzJob[]>(h.sandbox.url, '/jobs/confidential/true')).body).map((j) => j.id));
    job = (await jazzAll<JazzJob>(h.sandbox.url, '/jobs')).find((j) => j.status === 'Open' && !secret.has(j.id))!;
  }, 120_000);
  afterAll(() => h.close());

  const detail = async (id: string) => (await jazzGet<JazzApplicantDetail>(h.sandbox.url, `/applicants/${id}`)).body;


  it('reads candidates, jobs, applications and stages as Kombo shapes them; interviews and offers are empty', async () => {
    const candidates: { remote_id?: string | null; email_addresses?: { email_address: string }[] }[] = [];
    for await (const page of await kombo.ats.getCandidates({ page_size: 25 })) candidates.push(...(page.result.data.results as typeof candidates));
    const listed = await jazzAll<JazzApplicantSummary>(h.sandbox.url, '/applicants');
    expect(candidates.map((c) => c.remote_id).sort()).toEqual(listed.map((a) => a.id).sort());
    expect(candidates.every((c) => (c.email_addresses ?? []).length === 1)).toBe(true);
    const jobs = await kombo.ats.getJobs({ page_size: 100 });
    expect(jobs.result.data.results.find((j) => j.remote_id === job.id)).toMatchObject({ name: job.title, status: 'OPEN' });
    const apps = await kombo.ats.getApplications({ page_size: 10 });
    expect(apps.result.data.results.length).toBeGreaterThan(0);
    expect((await kombo.ats.getApplicationStages({})).result.data.results.map((s) => s.name)).toContain('New');
    expect((await kombo.ats.getInterviews({})).result.data.results).toEqual([]);
    expect((await kombo.ats.getOffers({})).result.data.results).toEqual([]);
  });

  let application: { id: string; remote_id: string };
  let candidate: { id: string; remote_id: string };

  it('ats.createApplication: POST /applicants onto the job, in "New", the CV sent as its résumé', async () => {
    const res = await kombo.ats.createApplication({
      job_id: h.id('jobs', job.id),
      body: { candidate: { first_name: 'Kay', last_name: 'Ombo', email_address: 'kay@sdk.example' }, attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', data: pdf, type: 'CV' }] },
    });
    expect(res.status).toBe('success');
    application = { id: res.data.id, remote_id: res.data.remote_id! };
    candidate = { id: res.data.candidate!.id, remote_id: res.data.candidate!.remote_id! };
    const stored = await detail(candidate.remote_id);
    expect(stored.jobs).toEqual([expect.objectContaining({ job_id: job.id, applicant_progress: 'New' })]);
    expect(stored.resume_link).not.toBe('');
    expect(asList((await jazzGet<unknown[]>(h.sandbox.url, `/files/applicant_id/${candidate.remote_id}`)).body)).toHaveLength(1);
  });

  it('ats.createCandidate (with application{job_id}) answers the candidate', async () => {
    const res = await kombo.ats.createCandidate({ candidate: { first_name: 'Old', last_name: 'Style', email_address: 'old.style@sdk.example' }, application: { job_id: `remote:${job.id}` } });
    expect(res.status).toBe('success');
    expect(res.data).toMatchObject({ first_name: 'Old', email_addresses: [expect.objectContaining({ email_address: 'old.style@sdk.example' })] });
    expect((await detail(res.data.remote_id!)).jobs[0].job_id).toBe(job.id);
  });

  it('ats.addApplicationNote and ats.addCandidateTag (a new category made on the way)', async () => {
    const note = await kombo.ats.addApplicationNote({ application_id: application.id, body: { content: 'Strong on compilers', content_type: 'PLAIN_TEXT' } });
    expect(note.status).toBe('success');
    expect((await detail(candidate.remote_id)).comments.map((c) => c.contents)).toContain('Strong on compilers');
    const tag = await kombo.ats.addCandidateTag({ candidate_id: candidate.id, body: { tag: { name: 'Sourced by SDK' } } });
    expect(tag.status).toBe('success');
    expect((await detail(candidate.remote_id)).categories.map((c) => c.name)).toEqual(['Sourced by SDK']);
    // Again: the category and the pairing exist, nothing new is made.
    const writes = writeRequests(await h.stats());
    expect((await kombo.ats.addCandidateTag({ candidate_id: candidate.id, body: { tag: { name: 'sourced by sdk' } } })).status).toBe('success');
    expect(writeRequests(await h.stats())).toBe(writes);
    const read = await kombo.ats.getCandidates({ ids: [candidate.id] });
    expect(read.result.data.results[0].tags?.map((t) => t.name)).toEqual(['Sourced by SDK']);
  });

  it('stage moves and untagging are not in JazzHR’s v1 → the typed INTEGRATION.ACTION_NOT_AVAILABLE, nothing written', async () => {
    const writes = writeRequests(await h.stats());
    const workflow = asList<JazzWorkflow>((await jazzGet<JazzWorkflow[]>(h.sandbox.url, '/workflows')).body).find((w) => w.workflow_id === job.workflow_id)!;
    const second = h.id('application_stages', String(workflow.workflow_steps[1].workflow_step_id));
    expect(await komboError(kombo.ats.moveApplicationToStage({ application_id: application.id, body: { stage_id: second } }))).toEqual({ status: 400, code: 'INTEGRATION.ACTION_NOT_AVAILABLE' });
    expect(await komboError(kombo.ats.removeCandidateTag({ candidate_id: candidate.id, body: { tag: { name: 'Sourced by SDK' } } }))).toEqual({ status: 400, code: 'INTEGRATION.ACTION_NOT_AVAILABLE' });
    expect(writeRequests(await h.stats())).toBe(writes);
  });

  it('a sync after these writes finds the written-through records unchanged', async () => {
    const run = await h.sync('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
    expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
    expect(run.counts.tags).toMatchObject({ created: 0, updated: 0 });
  });
});
