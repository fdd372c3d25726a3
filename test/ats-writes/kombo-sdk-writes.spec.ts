import { Kombo } from '@kombo-api/sdk';
import { randomUUID } from 'node:crypto';
import { WriteHarness } from './support/write-harness.js';
import { komboError } from './support/kombo-errors.js';

/**
 * Kombo's SDK, unchanged, drives every write call against ats-sync (the writable fake partner
 * behind it), and gets its typed KomboAtsError — never a schema-validation error — for each error
 * case: a code outside Kombo's list would make the SDK throw something else.
 */
describe('Kombo SDK writes and error codes', () => {
  const h = new WriteHarness();
  let kombo: Kombo;
  const pdf = Buffer.from('%PDF-1.4 cv').toString('base64');

  beforeAll(async () => {
    await h.start();
    kombo = new Kombo({ api_key: h.t.adminKey, integration_id: h.connectionId, server_url: h.baseUrl });
  });
  afterAll(() => h.close());


  let applicationId: string;
  let candidateId: string;

  it('ats.createApplication and ats.createCandidate', async () => {
    const app = await kombo.ats.createApplication({
      job_id: h.id('jobs', 'job-open'),
      body: { candidate: { first_name: 'Kay', last_name: 'Ombo', email_address: 'kay@example.com' }, attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', data: pdf, type: 'CV' }] },
    });
    expect(app.status).toBe('success');
    applicationId = app.data.id;
    candidateId = app.data.candidate!.id;
    expect(h.ats.applications.get(app.data.remote_id!)).toMatchObject({ job_id: 'job-open', stage_id: 'st-lead' });
    expect(h.ats.files.filter((f) => f.candidate_id === app.data.candidate!.remote_id)).toHaveLength(1);

    const created = await kombo.ats.createCandidate({
      candidate: { first_name: 'Old', last_name: 'Style', email_address: 'old.style@example.com' },
      application: { job_id: 'remote:job-second' },
    });
    expect(created.status).toBe('success');
    expect(created.data.first_name).toBe('Old');
  });

  it('moveApplicationToStage, rejectApplication, addApplicationNote', async () => {
    const moved = await kombo.ats.moveApplicationToStage({ application_id: applicationId, body: { stage_id: h.id('application_stages', 'st-screen') } });
    expect(moved.status).toBe('success');
    const remote = [...h.ats.applications.values()].find((a) => h.id('applications', a.id) === applicationId)!;
    expect(h.ats.applications.get(remote.id)!.stage_id).toBe('st-screen');
    const note = await kombo.ats.addApplicationNote({ application_id: applicationId, body: { content: 'Strong on compilers', content_type: 'PLAIN_TEXT' } });
    expect(note.status).toBe('success');
    expect(h.ats.notes.map((n) => n.content)).toContain('Strong on compilers');
    const rejected = await kombo.ats.rejectApplication({ application_id: applicationId, body: { rejection_reason_id: h.id('rejection_reasons', 'rr-1'), note: 'Not now' } });
    expect(rejected.status).toBe('success');
    expect(h.ats.applications.get(remote.id)).toMatchObject({ status: 'rejected', reason_id: 'rr-1' });
  });

  it('addCandidateTag, removeCandidateTag, addApplicationAttachment, addCandidateAttachment', async () => {
    const remoteCandidate = [...h.ats.candidates.values()].find((c) => h.id('candidates', c.id) === candidateId)!;
    expect((await kombo.ats.addCandidateTag({ candidate_id: candidateId, body: { tag: { name: 'Sourced' } } })).status).toBe('success');
    expect(h.ats.candidates.get(remoteCandidate.id)!.tags).toEqual(['Sourced']);
    expect((await kombo.ats.removeCandidateTag({ candidate_id: candidateId, body: { tag: { name: 'Sourced' } } })).status).toBe('success');
    expect(h.ats.candidates.get(remoteCandidate.id)!.tags).toEqual([]);
    const files = h.ats.files.length;
    expect((await kombo.ats.addApplicationAttachment({ application_id: applicationId, body: { attachment: { name: 'letter.txt', content_type: 'text/plain', data: Buffer.from('hi').toString('base64'), type: 'OTHER' } } })).status).toBe('success');
    expect((await kombo.ats.addCandidateAttachment({ candidate_id: candidateId, body: { attachment: { name: 'cv2.pdf', content_type: 'application/pdf', data: pdf, type: 'CV' } } })).status).toBe('success');
    expect(h.ats.files.length).toBe(files + 2);
    const listed = await kombo.ats.getCandidateAttachments({ candidate_id: candidateId });
    expect(listed.data.results.map((a) => a.file_name)).toEqual(expect.arrayContaining(['cv.pdf', 'cv2.pdf']));
  });

  describe('error cases answer with Kombo’s codes', () => {
    it('an unknown record or job → 404 PLATFORM.INPUT_INVALID', async () => {
      expect(await komboError(kombo.ats.moveApplicationToStage({ application_id: h.id('applications', 'nope'), body: { stage_id: 'x' } }))).toEqual({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboError(kombo.ats.createApplication({ job_id: h.id('jobs', 'nope'), body: { candidate: { first_name: 'A', last_name: 'B', email_address: 'ab@example.com' } } }))).toEqual({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboError(kombo.ats.addCandidateTag({ candidate_id: h.id('candidates', 'nope'), body: { tag: { name: 'x' } } }))).toEqual({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboError(kombo.ats.rejectApplication({ application_id: applicationId, body: { rejection_reason_id: 'nope' } }))).toMatchObject({ code: 'PLATFORM.INPUT_INVALID' });
    });

    it('bad input → 400 PLATFORM.INPUT_INVALID', async () => {
      expect(await komboError(kombo.ats.createCandidate({ candidate: { first_name: 'A', last_name: 'B', email_address: 'not-an-email' }, application: { job_id: 'remote:job-open' } }))).toEqual({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboError(kombo.ats.createApplication({ job_id: 'remote:job-open', body: { candidate: { first_name: ' ', last_name: 'B', email_address: 'ab@example.com' } } }))).toEqual({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
      // An id in neither of our forms: 400 saying which forms are taken.
      expect(await komboError(kombo.ats.moveApplicationToStage({ application_id: 'not-an-id', body: { stage_id: 'x' } }))).toEqual({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboError(kombo.ats.moveApplicationToStage({ application_id: applicationId, body: { stage_id: h.id('application_stages', 'st-other') } }))).toEqual({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
    });

    it('a closed job → ATS.JOB_CLOSED', async () => {
      expect(await komboError(kombo.ats.createApplication({ job_id: 'remote:job-closed', body: { candidate: { first_name: 'A', last_name: 'B', email_address: 'ab@example.com' } } }))).toEqual({ status: 400, code: 'ATS.JOB_CLOSED' });
    });

    it('a provider without the action → INTEGRATION.ACTION_NOT_AVAILABLE', async () => {
      const readonly = new Kombo({ api_key: h.t.adminKey, integration_id: h.readOnlyId, server_url: h.baseUrl });
      expect(await komboError(readonly.ats.createCandidate({ candidate: { first_name: 'A', last_name: 'B', email_address: 'ab@example.com' }, application: { job_id: 'remote:job-open' } }))).toEqual({ status: 400, code: 'INTEGRATION.ACTION_NOT_AVAILABLE' });
      expect(await komboError(readonly.ats.addCandidateTag({ candidate_id: h.id('candidates', 'cand-0001', h.readOnlyId), body: { tag: { name: 'x' } } }))).toEqual({ status: 400, code: 'INTEGRATION.ACTION_NOT_AVAILABLE' });
    });

    it('a wrong key → PLATFORM.AUTHENTICATION_INVALID; an unknown integration → PLATFORM.INTEGRATION_NOT_FOUND', async () => {
      const badKey = new Kombo({ api_key: 'wrong', integration_id: h.connectionId, server_url: h.baseUrl });
      expect(await komboError(badKey.ats.addCandidateTag({ candidate_id: candidateId, body: { tag: { name: 'x' } } }))).toEqual({ status: 401, code: 'PLATFORM.AUTHENTICATION_INVALID' });
      const unknown = new Kombo({ api_key: h.t.adminKey, integration_id: randomUUID(), server_url: h.baseUrl });
      expect(await komboError(unknown.ats.addCandidateTag({ candidate_id: candidateId, body: { tag: { name: 'x' } } }))).toMatchObject({ code: 'PLATFORM.INTEGRATION_NOT_FOUND' });
    });

    it('a key scoped to another connection → a Kombo code, nothing written', async () => {
      const key = (await h.t.http().post('/v1/api-keys').set(h.t.admin).send({ connection_id: h.readOnlyId })).body.data.key;
      const scoped = new Kombo({ api_key: key, integration_id: h.connectionId, server_url: h.baseUrl });
      const writes = h.ats.writes().length;
      const error = await komboError(scoped.ats.addCandidateTag({ candidate_id: candidateId, body: { tag: { name: 'x' } } }));
      expect(error.status).toBe(404);
      expect(['PLATFORM.INTEGRATION_NOT_FOUND', 'PLATFORM.INPUT_INVALID']).toContain(error.code);
      expect(h.ats.writes().length).toBe(writes);
    });

    it('read calls: an unknown record’s attachments → typed 404, and getRoles pages', async () => {
      expect(await komboError(kombo.ats.getCandidateAttachments({ candidate_id: h.id('candidates', 'nope') }))).toEqual({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
      // Kombo's roles endpoint pages like every list (the SDK validates each page).
      let pages = 0;
      for await (const page of await kombo.ats.getRoles({})) {
        expect(page.result.status).toBe('success');
        pages += 1;
      }
      expect(pages).toBeGreaterThan(0);
    });
  });
});
