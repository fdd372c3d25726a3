import { Kombo } from '@kombo-api/sdk';
import { AshbyWriteHarness } from '../connectors/ashby/ashby-write-harness.js';
import { komboErrorDetail } from './support/kombo-errors.js';

/**
 * Kombo's SDK, unchanged, runs each of its write calls against an Ashby connection (the Ashby
 * sandbox behind it); what it did is checked in Ashby's own records. Error cases come back as the
 * SDK's typed KomboAtsError, never a schema-validation error.
 */
describe('Kombo SDK writes on Ashby', () => {
  const h = new AshbyWriteHarness();
  let kombo: Kombo;
  let job: { id: string; stages: { id: string; title: string; type: string }[] };
  const pdf = Buffer.from('%PDF-1.4 cv').toString('base64');
  const email = () => `kombo.${Math.random().toString(36).slice(2, 8)}@example.com`;

  beforeAll(async () => {
    await h.start({ candidates: 60, seed: 9 });
    kombo = new Kombo({ api_key: h.t.adminKey, integration_id: h.connectionId, server_url: h.baseUrl });
    const open = (await h.ashby('job.list', { status: ['Open'] })).find((j: any) => !j.confidential);
    job = { id: open.id, stages: (await h.ashby('jobInterviewPlan.info', { jobId: open.id })).stages };
  }, 120_000);
  afterAll(() => h.close());


  let applicationId: string;
  let applicationRemoteId: string;
  let candidateId: string;
  let candidateRemoteId: string;

  it('ats.createApplication: candidate and application in "New Lead", the CV uploaded as the résumé', async () => {
    const app = await kombo.ats.createApplication({
      job_id: h.id('jobs', job.id),
      body: { candidate: { first_name: 'Kay', last_name: 'Ombo', email_address: email() }, attachments: [{ name: 'kay-cv.pdf', content_type: 'application/pdf', data: pdf, type: 'CV' }] },
    });
    expect(app.status).toBe('success');
    applicationId = app.data.id;
    applicationRemoteId = app.data.remote_id!;
    candidateId = app.data.candidate!.id;
    candidateRemoteId = app.data.candidate!.remote_id!;
    const remote = await h.ashby('application.info', { applicationId: applicationRemoteId });
    expect([remote.currentInterviewStage.title, remote.candidate.id]).toEqual(['New Lead', candidateRemoteId]);
    expect((await h.ashby('candidate.info', { id: candidateRemoteId })).resumeFileHandle.name).toBe('kay-cv.pdf');
  });

  it('ats.createCandidate (with application{job_id} by remote id)', async () => {
    const created = await kombo.ats.createCandidate({ candidate: { first_name: 'Old', last_name: 'Style', email_address: email() }, application: { job_id: `remote:${job.id}` } });
    expect(created.status).toBe('success');
    const remote = await h.ashby('candidate.info', { id: created.data.remote_id });
    expect(remote.name).toBe('Old Style');
    expect(remote.applicationIds).toHaveLength(1);
  });

  it('ats.moveApplicationToStage', async () => {
    const screen = job.stages.find((s) => s.type === 'PreInterviewScreen')!;
    const moved = await kombo.ats.moveApplicationToStage({ application_id: applicationId, body: { stage_id: h.id('application_stages', screen.id) } });
    expect(moved.status).toBe('success');
    expect((await h.ashby('application.info', { applicationId: applicationRemoteId })).currentInterviewStage.id).toBe(screen.id);
  });

  it('ats.addApplicationNote: on the candidate, with a warning saying so', async () => {
    const notes = (await h.stats()).records.notes;
    const note = await kombo.ats.addApplicationNote({ application_id: applicationId, body: { content: 'Strong on compilers', content_type: 'PLAIN_TEXT' } });
    expect(note.status).toBe('success');
    expect(note.warnings.map((w) => w.message)).toEqual([expect.stringContaining('notes on the candidate')]);
    expect((await h.stats()).records.notes - notes).toBe(1);
  });

  it('ats.addCandidateTag and ats.removeCandidateTag (candidateTag.create, candidate.addTag, candidate.removeTag)', async () => {
    expect((await kombo.ats.addCandidateTag({ candidate_id: candidateId, body: { tag: { name: 'Kombo sourced' } } })).status).toBe('success');
    expect((await h.ashby('candidate.info', { id: candidateRemoteId })).tags.map((t: any) => t.title)).toEqual(['Kombo sourced']);
    expect((await kombo.ats.removeCandidateTag({ candidate_id: candidateId, body: { tag: { name: 'Kombo sourced' } } })).status).toBe('success');
    expect((await h.ashby('candidate.info', { id: candidateRemoteId })).tags).toEqual([]);
  });

  it('ats.addApplicationAttachment (kept on the candidate) and ats.addCandidateAttachment; getCandidateAttachments lists them', async () => {
    const onApp = await kombo.ats.addApplicationAttachment({ application_id: applicationId, body: { attachment: { name: 'letter.txt', content_type: 'text/plain', data: Buffer.from('hi').toString('base64'), type: 'COVER_LETTER' } } });
    expect(onApp.status).toBe('success');
    expect(onApp.warnings.map((w) => w.message)).toEqual([expect.stringContaining('files on the candidate')]);
    expect((await kombo.ats.addCandidateAttachment({ candidate_id: candidateId, body: { attachment: { name: 'portfolio.pdf', content_type: 'application/pdf', data: pdf, type: 'OTHER' } } })).status).toBe('success');
    const files = (await h.ashby('candidate.info', { id: candidateRemoteId })).fileHandles.map((f: any) => f.name);
    expect(files).toEqual(['kay-cv.pdf', 'letter.txt', 'portfolio.pdf']);
    const listed = await kombo.ats.getCandidateAttachments({ candidate_id: candidateId });
    expect(listed.data.results.map((a) => a.file_name)).toEqual(['kay-cv.pdf', 'letter.txt', 'portfolio.pdf']);
  });

  it('ats.rejectApplication: archived with the reason, the note on the candidate', async () => {
    const reasons = await h.ashby('archiveReason.list', {});
    const rejected = await kombo.ats.rejectApplication({ application_id: applicationId, body: { rejection_reason_id: h.id('rejection_reasons', reasons[2].id), note: 'Position filled' } });
    expect(rejected.status).toBe('success');
    const app = await h.ashby('application.info', { applicationId: applicationRemoteId });
    expect([app.status, app.archiveReason.id]).toEqual(['Archived', reasons[2].id]);
  });

  describe('error cases: the SDK’s typed KomboAtsError with Kombo’s codes', () => {
    it('Ashby refuses a second application to the job (200 success:false) → ATS.APPLICATION_ALREADY_EXISTS with Ashby’s message', async () => {
      // A second application of the same candidate to the same job.
      const error = await komboErrorDetail(kombo.ats.createApplication({ job_id: h.id('jobs', job.id), body: { candidate: { first_name: 'Old', last_name: 'Style', email_address: (await h.ashby('candidate.info', { id: candidateRemoteId })).primaryEmailAddress.value } } }));
      expect(error).toMatchObject({ status: 400, code: 'ATS.APPLICATION_ALREADY_EXISTS', message: expect.stringContaining('application_already_exists') });
    });

    it('unknown records and bad input → PLATFORM.INPUT_INVALID (404 / 400)', async () => {
      expect(await komboErrorDetail(kombo.ats.moveApplicationToStage({ application_id: h.id('applications', 'nope'), body: { stage_id: 'x' } }))).toMatchObject({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboErrorDetail(kombo.ats.addCandidateTag({ candidate_id: h.id('candidates', 'nope'), body: { tag: { name: 'x' } } }))).toMatchObject({ status: 404, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboErrorDetail(kombo.ats.createCandidate({ candidate: { first_name: 'A', last_name: 'B', email_address: 'not-an-email' }, application: { job_id: `remote:${job.id}` } }))).toMatchObject({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
      expect(await komboErrorDetail(kombo.ats.rejectApplication({ application_id: applicationId, body: { rejection_reason_id: 'remote:nope' } }))).toMatchObject({ status: 400, code: 'PLATFORM.INPUT_INVALID' });
    });

    it('calls Ashby cannot make here (result links, tracked-application import) → 400 INTEGRATION.ACTION_NOT_AVAILABLE, nothing sent to Ashby', async () => {
      const requests = await h.partnerRequests();
      const link = { label: 'Assessment report', url: 'https://example.com/report' };
      for (const call of [
        kombo.ats.addCandidateResultLink({ candidate_id: candidateId, body: link }),
        kombo.ats.addApplicationResultLink({ application_id: applicationId, body: link }),
        kombo.ats.importTrackedApplication({ tracked_at: new Date() }),
      ]) {
        expect(await komboErrorDetail(call)).toMatchObject({ status: 400, code: 'INTEGRATION.ACTION_NOT_AVAILABLE', message: expect.stringContaining('Ashby') });
      }
      expect(await h.partnerRequests()).toBe(requests);
    });

    it('Ashby down for a create → REMOTE.SERVICE_UNAVAILABLE, nothing created', async () => {
      await h.faults({ server_errors: 2, server_error_endpoints: ['candidate.create'] });
      const address = email();
      try {
        expect(await komboErrorDetail(kombo.ats.createApplication({ job_id: `remote:${job.id}`, body: { candidate: { first_name: 'Down', last_name: 'Time', email_address: address } } }))).toMatchObject({ status: 503, code: 'REMOTE.SERVICE_UNAVAILABLE' });
      } finally {
        await h.faults({ reset: true });
      }
      expect(await h.ashby('candidate.search', { email: address })).toEqual([]);
    });
  });
});
