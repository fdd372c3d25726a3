import { Kombo } from '@kombo-api/sdk';
import type { GemApplication, GemCandidate, GemJob, GemJobStage } from '../../src/connectors/gem/gem.types.js';
import { gemAll, gemGet } from '../connectors/gem/gem-test-kit.js';
import { GemWriteHarness, writeRequests } from '../connectors/gem/gem-write-harness.js';
import { komboError } from './support/kombo-errors.js';

/**
 * Kombo's SDK, unchanged, makes every Kombo write call on a synced Gem connection. What Gem has, it
 * does (checked in the sandbox); what Gem's API lacks (tags) answers the SDK's typed KomboAtsError
 * with INTEGRATION.ACTION_NOT_AVAILABLE, never a schema-validation error, and writes nothing.
 */
describe('Kombo SDK writes on Gem', () => {
  const h = new GemWriteHarness();
  let kombo: Kombo;
  let job: GemJob;
  let stages: GemJobStage[];
  const pdf = Buffer.from('%PDF-1.4 cv').toString('base64');

  beforeAll(async () => {
    await h.start(60);
    kombo = new Kombo({ api_key: h.t.adminKey, integration_id: h.connectionId, server_url: h.baseUrl });
    job = (await gemAll<GemJob>(h.sandbox.url, '/ats/v0/jobs')).find((j) => j.status === 'open' && !j.confidential)!;
    stages = (await gemGet<GemJobStage[]>(h.sandbox.url, `/ats/v0/jobs/${job.id}/stages`)).body.sort((a, b) => a.priority - b.priority);
  }, 120_000);
  afterAll(() => h.close());

  const gemCandidate = async (id: string) => (await gemGet<GemCandidate>(h.sandbox.url, `/ats/v0/candidates/${id}`)).body;
  const gemApplication = async (id: string) => (await gemGet<GemApplication>(h.sandbox.url, `/ats/v0/applications/${id}`)).body;


  let application: { id: string; remote_id: string };
  let candidate: { id: string; remote_id: string };

  it('ats.createApplication: Gem’s ATS create, in the job’s first stage, CV attached', async () => {
    const res = await kombo.ats.createApplication({
      job_id: h.id('jobs', job.id),
      body: { candidate: { first_name: 'Kay', last_name: 'Ombo', email_address: 'kay@sdk.example' }, attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', data: pdf, type: 'CV' }] },
    });
    expect(res.status).toBe('success');
    application = { id: res.data.id, remote_id: res.data.remote_id! };
    candidate = { id: res.data.candidate!.id, remote_id: res.data.candidate!.remote_id! };
    const stored = await gemCandidate(candidate.remote_id);
    expect(stored.applications.map((a) => [a.id, a.current_stage?.id])).toEqual([[application.remote_id, stages[0].id]]);
    expect(stored.attachments.map((a) => [a.filename, a.type])).toEqual([['cv.pdf', 'resume']]);
  });

  it('ats.createApplication again for the same person and job → the typed ATS.APPLICATION_ALREADY_EXISTS', async () => {
    const again = kombo.ats.createApplication({ job_id: h.id('jobs', job.id), body: { candidate: { first_name: 'Kay', last_name: 'Ombo', email_address: 'KAY@sdk.example' } } });
    expect(await komboError(again)).toEqual({ status: 400, code: 'ATS.APPLICATION_ALREADY_EXISTS' });
    expect((await gemCandidate(candidate.remote_id)).applications).toHaveLength(1);
  });

  it('ats.createCandidate (with application{job_id}) answers the candidate', async () => {
    const res = await kombo.ats.createCandidate({ candidate: { first_name: 'Old', last_name: 'Style', email_address: 'old.style@sdk.example' }, application: { job_id: `remote:${job.id}` } });
    expect(res.status).toBe('success');
    expect(res.data).toMatchObject({ first_name: 'Old', email_addresses: [expect.objectContaining({ email_address: 'old.style@sdk.example' })] });
    expect((await gemCandidate(res.data.remote_id!)).applications[0].jobs[0].id).toBe(job.id);
  });

  it('ats.moveApplicationToStage, ats.addApplicationNote, ats.rejectApplication', async () => {
    const moved = await kombo.ats.moveApplicationToStage({ application_id: application.id, body: { stage_id: h.id('application_stages', stages[1].id) } });
    expect(moved.status).toBe('success');
    expect((await gemApplication(application.remote_id)).current_stage?.id).toBe(stages[1].id);

    const note = await kombo.ats.addApplicationNote({ application_id: application.id, body: { content: 'Strong on compilers', content_type: 'PLAIN_TEXT' } });
    expect(note.status).toBe('success');
    expect(note.warnings.map((w) => w.message).join(' ')).toContain('activity feed');
    const notes = (await gemGet<{ body: string; user: { id: string } }[]>(h.sandbox.url, `/ats/v0/candidates/${candidate.remote_id}/activity_feed/notes`)).body;
    expect(notes).toEqual([expect.objectContaining({ body: 'Strong on compilers', user: expect.objectContaining({ id: h.defaultUser }) })]);

    const reason = (await gemAll<GemApplication>(h.sandbox.url, '/ats/v0/applications', '&status=rejected'))[0].rejection_reason!;
    const rejected = await kombo.ats.rejectApplication({ application_id: application.id, body: { rejection_reason_id: h.id('rejection_reasons', reason.id), note: 'Not now' } });
    expect(rejected.status).toBe('success');
    expect(await gemApplication(application.remote_id)).toMatchObject({ status: 'rejected', rejection_reason: { id: reason.id } });
    // Written through: the SDK reads the new state at once.
    const seen: unknown[] = [];
    for await (const page of await kombo.ats.getApplications({ ids: [application.id] })) seen.push(...page.result.data.results);
    expect(seen).toEqual([expect.objectContaining({ id: application.id, outcome: 'DECLINED', current_stage_id: h.id('application_stages', stages[1].id) })]);
  });

  it('ats.addApplicationAttachment (onto the candidate: Gem keeps files there) and ats.addCandidateAttachment; both listed', async () => {
    const onApplication = await kombo.ats.addApplicationAttachment({ application_id: application.id, body: { attachment: { name: 'cv2.pdf', content_type: 'application/pdf', data: pdf, type: 'CV' } } });
    expect(onApplication.status).toBe('success');
    expect(onApplication.warnings.map((w) => w.message).join(' ')).toContain('candidate');
    const onCandidate = await kombo.ats.addCandidateAttachment({ candidate_id: candidate.id, body: { attachment: { name: 'cv3.pdf', content_type: 'application/pdf', data: pdf, type: 'CV' } } });
    expect(onCandidate.status).toBe('success');
    expect((await gemCandidate(candidate.remote_id)).attachments.map((a) => a.filename)).toEqual(['cv.pdf', 'cv2.pdf', 'cv3.pdf']);
    const listed = await kombo.ats.getCandidateAttachments({ candidate_id: candidate.id });
    expect(listed.data.results.map((a) => a.file_name)).toEqual(['cv.pdf', 'cv2.pdf', 'cv3.pdf']);
  });

  it('a file type Gem does not take → the typed PLATFORM.INPUT_INVALID, before any partner call', async () => {
    const before = (await h.stats()).requests;
    const letter = { name: 'letter.txt', content_type: 'text/plain', data: Buffer.from('hi').toString('base64'), type: 'COVER_LETTER' as const };
    expect(await komboError(kombo.ats.addCandidateAttachment({ candidate_id: candidate.id, body: { attachment: letter } }))).toEqual({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
    expect((await h.stats()).requests).toBe(before);
  });

  it('ats.addCandidateTag and ats.removeCandidateTag: Gem’s API has no tag write → the typed INTEGRATION.ACTION_NOT_AVAILABLE, nothing written', async () => {
    const writes = writeRequests(await h.stats());
    expect(await komboError(kombo.ats.addCandidateTag({ candidate_id: candidate.id, body: { tag: { name: 'Sourced' } } }))).toEqual({ status: 400, code: 'INTEGRATION.ACTION_NOT_AVAILABLE' });
    expect(await komboError(kombo.ats.removeCandidateTag({ candidate_id: candidate.id, body: { tag: { name: 'Sourced' } } }))).toEqual({ status: 400, code: 'INTEGRATION.ACTION_NOT_AVAILABLE' });
    expect(writeRequests(await h.stats())).toBe(writes);
    expect((await gemCandidate(candidate.remote_id)).tags).toEqual([]);
  });

  it('a refusal from Gem itself (a move on a rejected application) → the typed REMOTE.INPUT_INVALID, not a 500', async () => {
    expect(await komboError(kombo.ats.moveApplicationToStage({ application_id: application.id, body: { stage_id: h.id('application_stages', stages[2].id) } }))).toEqual({ status: 400, code: 'REMOTE.INPUT_INVALID' });
  });

  it('GET /v1/ats/actions tells a client what Gem takes: no tags, résumés only', async () => {
    const describe = async (action: string) => (await h.t.http().get(`/v1/ats/actions/${action}`).set(h.as())).body.data;
    expect(await describe('ats_add_candidate_tag')).toMatchObject({ provider: 'gem', available: false });
    const attach = await describe('ats_add_candidate_attachment');
    expect(attach).toMatchObject({ available: true, attachment_restrictions: { types: { CV: { is_supported: true, max_file_size_bytes: 2 * 1024 * 1024 }, COVER_LETTER: { is_supported: false }, OTHER: { is_supported: false } } } });
    expect(attach.attachment_restrictions.types.CV.accepted_mime_types).toContain('application/pdf');
    expect(await describe('ats_create_application')).toMatchObject({ available: true });
  });

  it('a sync after all these writes finds the written-through candidates and applications unchanged', async () => {
    const run = await h.sync('DELTA');
    expect(run.counts.candidates).toMatchObject({ created: 0, updated: 0 });
    expect(run.counts.applications).toMatchObject({ created: 0, updated: 0 });
    // …and it did see them: they came in the delta, each found identical to its row.
    expect(run.counts.candidates!.unchanged).toBeGreaterThanOrEqual(2);
    expect(run.counts.applications!.unchanged).toBeGreaterThanOrEqual(2);
  });

  it('every write is in the audit log, no file bytes', async () => {
    const res = await h.t.http().get(`/v1/connections/${h.connectionId}/actions`).set(h.t.admin);
    const actions = res.body.data.results.map((r: { action: string }) => r.action);
    for (const action of ['ats_create_application', 'ats_create_candidate', 'ats_move_application_to_stage', 'ats_reject_application', 'ats_add_application_note', 'ats_add_application_attachment', 'ats_add_candidate_attachment', 'ats_add_candidate_tag']) {
      expect(actions).toContain(action);
    }
    expect(JSON.stringify(res.body)).not.toContain(pdf);
  });
});
