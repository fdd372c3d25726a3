import { pino } from 'pino';
import { ashbyActions } from '../../../src/connectors/ashby/ashby.actions.js';
import { ashbyConnector } from '../../../src/connectors/ashby/ashby.connector.js';
import { ashbyFetchByIds } from '../../../src/connectors/ashby/ashby.fetch-by-ids.js';
import { CANDIDATE_SOURCE } from '../../../src/connectors/ashby/mappers/derived.js';
import type { RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import type { CandidateCreate } from '../../../src/connectors/connector-actions.js';
import { createConnectorContext } from '../../../src/connectors/connector-context.js';
import type { ConnectorContext } from '../../../src/connectors/connector.js';
import { RemoteError } from '../../../src/connectors/remote-error.js';
import { API_KEY, contextFor, control, rpc, run, startSandbox, stream } from './ashby-test-support.js';

/** The Ashby connector's writes, called directly against the sandbox over HTTP. */
let sandbox: RunningAshbySandbox;
let ctx: ConnectorContext;
let openJob: { id: string; stages: { id: string; title: string; type: string }[] };

const a = ashbyActions;
const candidate = (overrides: Partial<CandidateCreate> = {}): CandidateCreate => ({
  first_name: 'Ada',
  last_name: 'Lovelace',
  emails: [{ email_address: `ada.${Math.random().toString(36).slice(2)}@example.com`, type: null }],
  phones: [],
  social_links: [],
  company: null,
  title: null,
  location: null,
  sourced_by_user_remote_id: null,
  source: null,
  application: null,
  attachments: [],
  remote_fields: null,
  ...overrides,
});
const info = async (id: string) => (await rpc(sandbox, 'candidate.info', { id })).body.results;
const counts = async () => (await control(sandbox, 'stats')).records;
const requests = async (endpoint: string): Promise<number> => (await control(sandbox, 'stats')).by_endpoint[endpoint] ?? 0;

beforeAll(async () => {
  sandbox = await startSandbox(120, 3);
  ctx = contextFor(sandbox);
  const jobs = (await rpc(sandbox, 'job.list', { status: ['Open'] })).body.results;
  const job = jobs.find((j: any) => !j.confidential);
  openJob = { id: job.id, stages: (await rpc(sandbox, 'jobInterviewPlan.info', { jobId: job.id })).body.results.stages };
});
afterAll(() => sandbox.close());
afterEach(() => control(sandbox, 'faults', { reset: true }));

describe('Ashby actions', () => {
  it('createCandidate: candidate.create with contact details and location; no application without a job', async () => {
    const before = await counts();
    const input = candidate({
      emails: [{ email_address: 'grace.hopper@example.com', type: null }, { email_address: 'grace@navy.example', type: 'WORK' }],
      phones: [{ phone_number: '+1 555 0100', type: null }, { phone_number: '+1 555 0199', type: null }],
      social_links: [{ url: 'https://www.linkedin.com/in/grace' }, { url: 'https://github.com/grace' }, { url: 'https://twitter.com/grace' }],
      location: { city: 'Arlington', state: 'VA', country: 'US' },
      first_name: 'Grace',
      last_name: 'Hopper',
      company: 'US Navy',
    });
    const result = await a.createCandidate!(ctx, input);
    const c = await info(result.candidate_remote_id!);
    expect(c.name).toBe('Grace Hopper');
    expect(c.emailAddresses.map((e: any) => e.value)).toEqual(['grace.hopper@example.com', 'grace@navy.example']);
    expect(c.primaryPhoneNumber.value).toBe('+1 555 0100');
    expect(c.socialLinks.map((l: any) => l.type).sort()).toEqual(['GitHub', 'LinkedIn', 'Twitter']);
    expect(c.location.locationComponents).toEqual([{ type: 'City', name: 'Arlington' }, { type: 'Region', name: 'VA' }, { type: 'Country', name: 'US' }]);
    expect(result.application_remote_id).toBeUndefined();
    expect(result.warnings.join(' ')).toMatch(/one phone number.*\+1 555 0199/);
    expect(result.warnings.join(' ')).toMatch(/no company or title/);
    const after = await counts();
    expect([after.candidates - before.candidates, after.applications - before.applications]).toEqual([1, 0]);
  });

  it('createCandidate with a job and no stage lands in the job’s first Lead stage, "New Lead"; source and credited user are set', async () => {
    const users = (await rpc(sandbox, 'user.list', {})).body.results;
    const result = await a.createCandidate!(ctx, candidate({ application: { job_remote_id: openJob.id, stage_remote_id: null }, source: 'linkedin sourcing', sourced_by_user_remote_id: users[1].id }));
    const app = (await rpc(sandbox, 'application.info', { applicationId: result.application_remote_id })).body.results;
    expect(app.currentInterviewStage.title).toBe('New Lead');
    expect(app.status).toBe('Lead');
    expect(app.source.title).toBe('LinkedIn Sourcing');
    const c = await info(result.candidate_remote_id!);
    expect(c.source.title).toBe('LinkedIn Sourcing');
    expect(c.creditedToUser.id).toBe(users[1].id);
    expect(result.touched).toEqual([{ model: 'candidates', remote_id: c.id }, { model: 'applications', remote_id: app.id }]);
  });

  it('remote_fields.ashby.candidate / .application go into candidate.create / application.create as given', async () => {
    const result = await a.createCandidate!(ctx, candidate({
      application: { job_remote_id: openJob.id, stage_remote_id: null },
      remote_fields: { ashby: { candidate: { phoneNumber: '+49 30 0000' }, application: { interviewStageId: 'FirstPreInterviewScreen' } }, gem: { ignored: true } },
    }));
    expect((await info(result.candidate_remote_id!)).primaryPhoneNumber.value).toBe('+49 30 0000');
    expect((await rpc(sandbox, 'application.info', { applicationId: result.application_remote_id })).body.results.currentInterviewStage.type).toBe('PreInterviewScreen');
  });

  it('Ashby’s refusals (HTTP 200, success:false) become RemoteError INPUT with Ashby’s message', async () => {
    const error = await a.createCandidate!(ctx, candidate({ emails: [{ email_address: 'not-an-email', type: null }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({ kind: 'INPUT', details: { partnerCode: 'invalid_input' } });
    expect((error as Error).message).toMatch(/`email` must be a valid email address/);
    const unknownJob = await a.createApplication!(ctx, { candidate_remote_id: (await a.createCandidate!(ctx, candidate())).candidate_remote_id!, job_remote_id: 'nope', stage_remote_id: null, sourced_by_user_remote_id: null }).catch((e: unknown) => e);
    expect(unknownJob).toMatchObject({ kind: 'INPUT', details: { partnerCode: 'job_not_found' } });
  });

  it('Ashby does not dedupe: the same email twice makes two candidates', async () => {
    const input = candidate();
    const first = await a.createCandidate!(ctx, input);
    const second = await a.createCandidate!(ctx, input);
    expect(second.candidate_remote_id).not.toBe(first.candidate_remote_id);
    expect((await rpc(sandbox, 'candidate.search', { email: input.emails[0].email_address })).body.results).toHaveLength(2);
  });

  describe('safe retry of creates', () => {
    const shortTimeout = () =>
      createConnectorContext(ashbyConnector, { baseUrl: sandbox.url, credentials: { api_key: API_KEY }, logger: pino({ level: 'silent' }), retry: { retries: 6, baseDelayMs: 5, maxDelayMs: 50 }, limits: { requestsPerSecond: 10_000, concurrency: 8 }, timeoutMs: 1_500 });

    it.each(['timeout', 'error'] as const)('candidate.create stored but its answer lost (%s): the candidate is found by email, not made twice', async (mode) => {
      const input = candidate({ application: { job_remote_id: openJob.id, stage_remote_id: null } });
      const email = input.emails[0].email_address;
      const creates = await requests('candidate.create');
      await control(sandbox, 'faults', { [mode === 'timeout' ? 'writes_time_out_after_commit' : 'writes_fail_after_commit']: 1, time_out_ms: 6_000, write_fault_endpoints: ['candidate.create'] });
      const result = await a.createCandidate!(shortTimeout(), input);
      const found = (await rpc(sandbox, 'candidate.search', { email })).body.results;
      expect(found.map((c: any) => c.id)).toEqual([result.candidate_remote_id]);
      expect((await requests('candidate.create')) - creates).toBe(1);
      expect((await info(result.candidate_remote_id!)).applicationIds).toEqual([result.application_remote_id]);
    });

    it('a create refused with a 5xx before storing is sent once more, after the look-up finds nothing', async () => {
      const input = candidate();
      const [creates, searches] = [await requests('candidate.create'), await requests('candidate.search')];
      await control(sandbox, 'faults', { server_errors: 1, server_error_status: 502, server_error_endpoints: ['candidate.create'] });
      const result = await a.createCandidate!(ctx, input);
      expect((await rpc(sandbox, 'candidate.search', { email: input.emails[0].email_address })).body.results.map((c: any) => c.id)).toEqual([result.candidate_remote_id]);
      // Two creates asked (the 502 and the one that made the candidate); searches: before, after the 502, and the check above.
      expect((await requests('candidate.create')) - creates).toBe(2);
      expect((await requests('candidate.search')) - searches).toBe(3);
      expect((await control(sandbox, 'stats')).faults.server_errors).toBe(0);
    });

    it('two lost answers in a row: the second failure is reported, and still only what landed exists', async () => {
      const input = candidate();
      await control(sandbox, 'faults', { server_errors: 2, server_error_endpoints: ['candidate.create'] });
      await expect(a.createCandidate!(ctx, input)).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect((await rpc(sandbox, 'candidate.search', { email: input.emails[0].email_address })).body.results).toEqual([]);
    });

    it('an existing same-named candidate with that email is not mistaken for the lost create', async () => {
      const input = candidate();
      const existing = await a.createCandidate!(ctx, input);
      await control(sandbox, 'faults', { writes_fail_after_commit: 1, write_fault_endpoints: ['candidate.create'] });
      const result = await a.createCandidate!(ctx, input);
      expect(result.candidate_remote_id).not.toBe(existing.candidate_remote_id);
      expect((await rpc(sandbox, 'candidate.search', { email: input.emails[0].email_address })).body.results).toHaveLength(2);
    });

    it('application.create stored but answered with a 5xx: the application is found on the candidate', async () => {
      const created = await a.createCandidate!(ctx, candidate());
      const before = (await counts()).applications;
      await control(sandbox, 'faults', { writes_fail_after_commit: 1, write_fault_endpoints: ['application.create'] });
      const result = await a.createApplication!(ctx, { candidate_remote_id: created.candidate_remote_id!, job_remote_id: openJob.id, stage_remote_id: null, sourced_by_user_remote_id: null });
      expect((await counts()).applications - before).toBe(1);
      expect((await info(created.candidate_remote_id!)).applicationIds).toEqual([result.application_remote_id]);
    });

    it('a note whose answer was lost is not posted again: the failure is reported', async () => {
      const created = await a.createCandidate!(ctx, candidate());
      const before = (await counts()).notes;
      await control(sandbox, 'faults', { writes_fail_after_commit: 1, write_fault_endpoints: ['candidate.createNote'] });
      await expect(a.addCandidateNote!(ctx, { candidate_remote_id: created.candidate_remote_id!, content: 'once' })).rejects.toMatchObject({ kind: 'UNAVAILABLE' });
      expect((await counts()).notes - before).toBe(1);
    });
  });

  it('mergeIntoCandidate adds only the missing email, phone and link; keeps the others and the source', async () => {
    const created = await a.createCandidate!(ctx, candidate({ source: 'Gem', social_links: [{ url: 'https://www.linkedin.com/in/ada' }] }));
    const id = created.candidate_remote_id!;
    const old = await info(id);
    const result = await a.mergeIntoCandidate!(ctx, {
      candidate_remote_id: id,
      existing: { emails: [], phones: [], social_links: [] },
      emails: [{ email_address: old.primaryEmailAddress.value.toUpperCase(), type: null }, { email_address: 'ada@work.example', type: 'WORK' }],
      phones: [{ phone_number: '+44 20 7946 0000', type: null }],
      social_links: [{ url: 'https://linkedin.com/in/ada/' }, { url: 'https://github.com/ada' }, { url: 'https://www.linkedin.com/in/someone-else' }],
    });
    const merged = await info(id);
    expect(merged.emailAddresses.map((e: any) => e.value)).toEqual([old.primaryEmailAddress.value, 'ada@work.example']);
    expect(merged.primaryPhoneNumber.value).toBe('+44 20 7946 0000');
    expect(merged.socialLinks).toEqual([{ type: 'LinkedIn', url: 'https://www.linkedin.com/in/ada' }, { type: 'GitHub', url: 'https://github.com/ada' }]);
    expect(merged.source.title).toBe('Gem');
    expect(result.warnings.join(' ')).toMatch(/one link per type: https:\/\/www.linkedin.com\/in\/someone-else/);
    // Merging again changes nothing: no update call is made.
    const updates = await requests('candidate.update');
    await a.mergeIntoCandidate!(ctx, { candidate_remote_id: id, existing: { emails: [], phones: [], social_links: [] }, emails: [{ email_address: 'ada@work.example', type: null }], phones: [], social_links: [{ url: 'https://github.com/ada' }] });
    expect(await requests('candidate.update')).toBe(updates);
  });

  it('createCandidate carries work history and education as a note (Ashby has no fields for them)', async () => {
    const notes = (await counts()).notes;
    const result = await a.createCandidate!(ctx, candidate({
      work_history: [{ company: 'Analytical Engines Ltd', title: 'Programmer', start_date: '1842-01', end_date: null, is_current: true }],
      education: [{ school: 'Home tutoring', degree: null, field_of_study: 'Mathematics', start_date: null, end_date: '1835' }],
    }));
    expect((await counts()).notes - notes).toBe(1);
    const [note] = sandbox.context.world.state.notes.slice(-1);
    expect(note.content).toBe('Work history:\n- Programmer at Analytical Engines Ltd (1842-01 – present)\n\nEducation:\n- Mathematics at Home tutoring (? – 1835)');
    expect(result.warnings).toContain('Ashby has no fields for work history or education: they were added to the candidate as a note.');
    // None: no note.
    await a.createCandidate!(ctx, candidate());
    expect((await counts()).notes - notes).toBe(1);
  });

  it('updateCandidate (export re-runs) sets name, primary email, phone, links and location; keeps the old emails, other links and the source', async () => {
    const created = await a.createCandidate!(ctx, candidate({ source: 'Gem', social_links: [{ url: 'https://www.linkedin.com/in/old' }, { url: 'https://github.com/ada' }] }));
    const id = created.candidate_remote_id!;
    const old = await info(id);
    const result = await a.updateCandidate!(ctx, {
      ...candidate({ first_name: 'Augusta Ada', last_name: 'King' }),
      candidate_remote_id: id,
      emails: [{ email_address: 'countess@lovelace.example', type: null }, { email_address: 'ada.second@example.com', type: null }],
      phones: [{ phone_number: '+44 20 0000 0000', type: null }],
      social_links: [{ url: 'https://www.linkedin.com/in/new' }],
      location: { city: 'London', country: 'GB' },
      company: 'Babbage & Co',
    });
    const updated = await info(id);
    expect(updated.name).toBe('Augusta Ada King');
    expect(updated.primaryEmailAddress.value).toBe('countess@lovelace.example');
    expect(updated.emailAddresses.map((e: any) => e.value).sort()).toEqual(['ada.second@example.com', 'countess@lovelace.example', old.primaryEmailAddress.value].sort());
    expect(updated.primaryPhoneNumber.value).toBe('+44 20 0000 0000');
    expect(updated.socialLinks).toEqual([{ type: 'GitHub', url: 'https://github.com/ada' }, { type: 'LinkedIn', url: 'https://www.linkedin.com/in/new' }]);
    expect(updated.location.locationComponents).toEqual([{ type: 'City', name: 'London' }, { type: 'Country', name: 'GB' }]);
    expect(updated.source.title).toBe('Gem');
    expect(result.warnings).toEqual([expect.stringContaining('no company or title')]);
    // The same update again changes nothing and sends no update.
    const updates = await requests('candidate.update');
    await a.updateCandidate!(ctx, { ...candidate({ first_name: 'Augusta Ada', last_name: 'King' }), candidate_remote_id: id, emails: [{ email_address: 'countess@lovelace.example', type: null }], phones: [{ phone_number: '+44 20 0000 0000', type: null }], social_links: [{ url: 'https://www.linkedin.com/in/new' }] });
    expect(await requests('candidate.update')).toBe(updates);
  });

  it('searchCandidates finds by email (any case) and by full name', async () => {
    const created = await a.createCandidate!(ctx, candidate({ first_name: 'Søren', last_name: 'Kierkegaard' }));
    const email = (await info(created.candidate_remote_id!)).primaryEmailAddress.value;
    const byEmail = await a.searchCandidates!(ctx, { emails: [email.toUpperCase()], first_name: null, last_name: null });
    expect(byEmail.map((c) => c.remote_id)).toEqual([created.candidate_remote_id]);
    expect(byEmail[0]).toMatchObject({ first_name: 'Søren', last_name: 'Kierkegaard', emails: [email] });
    const byName = await a.searchCandidates!(ctx, { emails: [], first_name: 'søren', last_name: 'kierkegaard' });
    expect(byName.map((c) => c.remote_id)).toContain(created.candidate_remote_id);
  });

  it('moveApplicationToStage and rejectApplication (archive with a reason, the note on the candidate)', async () => {
    const created = await a.createCandidate!(ctx, candidate({ application: { job_remote_id: openJob.id, stage_remote_id: null } }));
    const appId = created.application_remote_id!;
    const screen = openJob.stages.find((s) => s.type === 'PreInterviewScreen')!;
    await a.moveApplicationToStage!(ctx, { application_remote_id: appId, stage_remote_id: screen.id, job_remote_id: openJob.id });
    expect((await rpc(sandbox, 'application.info', { applicationId: appId })).body.results.currentInterviewStage.id).toBe(screen.id);
    const reason = (await rpc(sandbox, 'archiveReason.list', {})).body.results[1];
    const notes = (await counts()).notes;
    const result = await a.rejectApplication!(ctx, { application_remote_id: appId, rejection_reason_remote_id: reason.id, note: 'Went with another candidate' });
    const app = (await rpc(sandbox, 'application.info', { applicationId: appId })).body.results;
    expect([app.status, app.currentInterviewStage.type, app.archiveReason.id]).toEqual(['Archived', 'Archived', reason.id]);
    expect((await counts()).notes - notes).toBe(1);
    expect(result.warnings).toEqual([expect.stringMatching(/notes on the candidate/)]);
    const unknownReason = await a.rejectApplication!(ctx, { application_remote_id: appId, rejection_reason_remote_id: '00000000-0000-4000-a000-000000000000', note: null }).catch((e: unknown) => e);
    expect(unknownReason).toMatchObject({ kind: 'INPUT', details: { partnerCode: 'archive_reason_not_found' } });
  });

  it('notes: addApplicationNote and addCandidateNote post candidate.createNote', async () => {
    const created = await a.createCandidate!(ctx, candidate({ application: { job_remote_id: openJob.id, stage_remote_id: null } }));
    const before = await requests('candidate.createNote');
    await a.addApplicationNote!(ctx, { application_remote_id: created.application_remote_id!, candidate_remote_id: null, content: 'Great call' });
    await a.addCandidateNote!(ctx, { candidate_remote_id: created.candidate_remote_id!, content: 'Second note' });
    expect((await requests('candidate.createNote')) - before).toBe(2);
    const bad = await a.addCandidateNote!(ctx, { candidate_remote_id: created.candidate_remote_id!, content: ' ' }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ kind: 'INPUT', details: { partnerCode: 'invalid_input' } });
  });

  it('tags: a new name is created (candidateTag.create), an existing one reused; removal uses candidate.removeTag', async () => {
    const id = (await a.createCandidate!(ctx, candidate())).candidate_remote_id!;
    const tagsBefore = (await counts()).tags;
    const added = await a.addCandidateTag!(ctx, { candidate_remote_id: id, tag_name: 'Sourced by ats-sync', tag_remote_id: null });
    const again = await a.addCandidateTag!(ctx, { candidate_remote_id: id, tag_name: 'sourced BY ats-sync', tag_remote_id: null });
    expect((await counts()).tags - tagsBefore).toBe(1);
    const tags = (await info(id)).tags;
    expect(tags.map((t: any) => t.title)).toEqual(['Sourced by ats-sync']);
    expect(added.touched).toContainEqual({ model: 'tags', remote_id: tags[0].id });
    expect(again.touched).toContainEqual({ model: 'tags', remote_id: tags[0].id });
    await a.removeCandidateTag!(ctx, { candidate_remote_id: id, tag_name: 'SOURCED by ats-sync', tag_remote_id: null });
    expect((await info(id)).tags).toEqual([]);
    const removes = await requests('candidate.removeTag');
    await expect(a.removeCandidateTag!(ctx, { candidate_remote_id: id, tag_name: 'Sourced by ats-sync', tag_remote_id: null })).resolves.toMatchObject({ touched: [] });
    expect(await requests('candidate.removeTag')).toBe(removes);
  });

  it('attachments: a CV through candidate.uploadResume, other files through candidate.uploadFile (multipart); listed with file.info URLs', async () => {
    const id = (await a.createCandidate!(ctx, candidate({ attachments: [{ name: 'ada-cv.pdf', content_type: 'application/pdf', type: 'CV', data: Buffer.from('%PDF-1.4 cv') }] }))).candidate_remote_id!;
    await a.addCandidateAttachment!(ctx, { candidate_remote_id: id, attachment: { name: 'portfolio.png', content_type: 'image/png', type: 'OTHER', data: Buffer.from('png bytes') } });
    const c = await info(id);
    expect(c.resumeFileHandle.name).toBe('ada-cv.pdf');
    expect(c.fileHandles.map((f: any) => f.name)).toEqual(['ada-cv.pdf', 'portfolio.png']);
    const stats = await control(sandbox, 'stats');
    expect([stats.by_endpoint['candidate.uploadResume'], stats.by_endpoint['candidate.uploadFile']]).toEqual([1, 1]);
    const listed = await a.listAttachments!(ctx, { candidate_remote_id: id, application_remote_id: null });
    expect(listed.map((f) => [f.file_name, f.type, f.content_type])).toEqual([['ada-cv.pdf', 'CV', 'application/pdf'], ['portfolio.png', 'OTHER', 'image/png']]);
    for (const f of listed) expect(f.data_url).toMatch(/^https:\/\//);
  });

  it('an upload whose answer was lost is not sent twice', async () => {
    const id = (await a.createCandidate!(ctx, candidate())).candidate_remote_id!;
    await control(sandbox, 'faults', { writes_fail_after_commit: 1, write_fault_endpoints: ['candidate.uploadFile'] });
    await a.addCandidateAttachment!(ctx, { candidate_remote_id: id, attachment: { name: 'notes.txt', content_type: 'text/plain', type: 'OTHER', data: Buffer.from('hello') } });
    expect((await info(id)).fileHandles.map((f: any) => f.name)).toEqual(['notes.txt']);
  });

  it('fetchByIds maps candidates and applications exactly as the sync streams do, and reports missing ones', async () => {
    const created = await a.createCandidate!(ctx, candidate({ source: 'Gem', application: { job_remote_id: openJob.id, stage_remote_id: null } }));
    const fetched = await ashbyFetchByIds(ctx, [
      { model: 'candidates', remote_id: created.candidate_remote_id! },
      { model: 'applications', remote_id: created.application_remote_id! },
      { model: 'candidates', remote_id: '00000000-0000-4000-a000-000000000000' },
    ]);
    const candidates = stream('candidates');
    const applications = stream('applications');
    const synced = (s: typeof candidates, model: string, id: string) =>
      run(s, ctx, 'FULL').then((pages) => pages.flatMap((p) => (s.map(p.records).records as any)[model] ?? []).find((r: any) => r.remote_id === id));
    expect(fetched.records.candidates).toEqual([await synced(candidates, 'candidates', created.candidate_remote_id!)]);
    expect(fetched.records.applications).toEqual([await synced(applications, 'applications', created.application_remote_id!)]);
    expect(fetched.joins).toEqual([{ join: 'candidate_tags', parent: { model: 'candidates', remote_id: created.candidate_remote_id }, members: [] }]);
    expect(fetched.missing).toEqual([{ model: 'candidates', remote_id: '00000000-0000-4000-a000-000000000000' }]);
    // The streams' derived columns go along, once (a candidate's source from its first application).
    expect(fetched.derived).toEqual([CANDIDATE_SOURCE]);
  });
});
