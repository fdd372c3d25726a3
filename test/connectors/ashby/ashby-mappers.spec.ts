import { mapApplicationStages } from '../../../src/connectors/ashby/mappers/to-application-stage.js';
import { CANDIDATE_SOURCE, JOB_DESCRIPTION } from '../../../src/connectors/ashby/mappers/derived.js';
import { mapApplications } from '../../../src/connectors/ashby/mappers/to-application.js';
import { mapCandidates, splitName } from '../../../src/connectors/ashby/mappers/to-candidate.js';
import { mapInterviews } from '../../../src/connectors/ashby/mappers/to-interview.js';
import { mapJobPostings } from '../../../src/connectors/ashby/mappers/to-job-posting.js';
import { mapJobs } from '../../../src/connectors/ashby/mappers/to-job.js';
import { mapOffers } from '../../../src/connectors/ashby/mappers/to-offer.js';
import { mapRejectionReasons, mapTags } from '../../../src/connectors/ashby/mappers/to-rejection-reason-and-tag.js';
import { mapUsers } from '../../../src/connectors/ashby/mappers/to-user.js';
import { mostRecentLivePosting } from '../../../src/connectors/ashby/ashby.streams.js';
import type { MappedPage, NormalizedRecord } from '../../../src/connectors/connector.js';

// Payloads shaped like the recorded responses in partner-apis.md §1.7 (nulls and empty lists kept).
const CANDIDATE_INFO = {
  id: '00000000-0000-0000-0000-000000000001', createdAt: '2024-02-04T21:38:12.442Z', updatedAt: '2026-05-28T21:06:18.703Z',
  name: 'Test User 1',
  primaryEmailAddress: { value: 'user1@example.com', type: 'Personal', isPrimary: true },
  emailAddresses: [{ value: 'user2@example.com', type: 'Personal', isPrimary: true }],
  primaryPhoneNumber: { value: '+10000000001', type: 'Personal', isPrimary: true },
  phoneNumbers: [{ value: '+10000000002', type: 'Personal', isPrimary: true }],
  socialLinks: [{ type: 'LinkedIn', url: 'https://linkedin.com/in/test-user-1' }],
  tags: [], position: 'Senior Full Stack Engineer', company: 'The Mars Agency', school: 'The University of Sheffield',
  applicationIds: ['00000000-0000-0000-0000-000000000002'],
  resumeFileHandle: { id: 'f1', name: 'resume.pdf', handle: 'eyJoYW5kbGUi' }, fileHandles: [],
  customFields: [], profileUrl: 'https://app.ashbyhq.com/candidate-searches/new/right-side/candidates/1',
  source: { id: 's1', title: 'Applied', isArchived: false, sourceType: { id: 't1', title: 'Inbound', isArchived: false } },
  creditedToUser: null, timezone: null, fraudStatus: null,
};

const JOB_INFO = {
  id: '…01', title: '[Old] Senior Full-Stack Engineer - Remote', confidential: false, status: 'Closed',
  employmentType: 'FullTime', locationId: '…02', departmentId: '…03', defaultInterviewPlanId: '…04',
  interviewPlanIds: ['…05'], jobPostingIds: [], customFields: [], hiringTeam: [], customRequisitionId: null, brandId: '…06',
  author: { id: '…07', firstName: 'Test', lastName: 'User1', email: 'user1@example.com', globalRole: 'Organization Admin', isEnabled: true, updatedAt: '2026-05-18T15:01:46.792Z' },
  createdAt: '2024-02-04T08:15:58.104Z', updatedAt: '2024-09-18T10:51:33.773Z', openedAt: '2024-02-04T08:38:15.158Z', closedAt: '2024-06-14T10:00:31.753Z',
};

const APPLICATION = {
  id: '…01', createdAt: '2024-02-04T21:38:12.466Z', updatedAt: '2026-05-28T21:08:49.002Z', archivedAt: '2024-02-05T09:25:35.089Z',
  candidate: { id: '…02', name: 'Test User 1', primaryEmailAddress: { value: 'user1@example.com', type: 'Personal', isPrimary: true }, primaryPhoneNumber: { value: '+10000000001', type: 'Personal', isPrimary: true } },
  status: 'Archived', customFields: [],
  currentInterviewStage: { id: '…2d', title: 'Archived', type: 'Archived', interviewPlanId: '…2e', orderInInterviewPlan: 10, interviewStageGroupId: '…2f' },
  source: { id: '…04', title: 'Applied', isArchived: false, sourceType: { id: '…30', title: 'Inbound', isArchived: false } },
  creditedToUser: null,
  archiveReason: { id: '…31', text: 'Lacks Skills/Qualifications', reasonType: 'RejectedByOrg', isArchived: false, customFields: [] },
  job: { id: '…03', title: '…', locationId: '…32', departmentId: '…33', brandId: '…34' },
  hiringTeam: [], appliedViaJobPostingId: '…35', submitterClientIp: null, submitterUserAgent: null,
};

const only = <M extends keyof MappedPage['records']>(page: MappedPage, model: M): NormalizedRecord<M> => {
  expect(page.failures ?? []).toEqual([]);
  expect(page.records[model]).toHaveLength(1);
  return page.records[model]![0] as NormalizedRecord<M>;
};

describe('Ashby mappers', () => {
  it('candidate: every email and phone (primary first), typed social links, company, title, source, tags join', () => {
    const page = mapCandidates([CANDIDATE_INFO]);
    const c = only(page, 'candidates');
    expect(c.remote_id).toBe(CANDIDATE_INFO.id);
    expect(c.fields).toMatchObject({
      first_name: 'Test',
      last_name: 'User 1',
      company: 'The Mars Agency',
      title: 'Senior Full Stack Engineer',
      source: 'Applied',
      email_addresses: [
        { email_address: 'user1@example.com', type: 'PERSONAL' },
        { email_address: 'user2@example.com', type: 'PERSONAL' },
      ],
      phone_numbers: [
        { phone_number: '+10000000001', type: 'PERSONAL' },
        { phone_number: '+10000000002', type: 'PERSONAL' },
      ],
      social_media: [{ link: 'https://linkedin.com/in/test-user-1', type: 'LINKEDIN', username: 'test-user-1' }],
      location: null,
      custom_fields: {},
    });
    expect(c.fields.remote_created_at).toEqual(new Date('2024-02-04T21:38:12.442Z'));
    expect(c.remote_data).toBe(CANDIDATE_INFO);
    expect(page.joins).toEqual([{ join: 'candidate_tags', parent: { model: 'candidates', remote_id: CANDIDATE_INFO.id }, members: [] }]);
  });

  it('candidate: own source only, the first application’s is derived by the writer; nulls everywhere map to nulls and empty lists', () => {
    const bare = { id: 'c2', name: 'Cher', primaryEmailAddress: null, emailAddresses: null, primaryPhoneNumber: null, phoneNumbers: [], socialLinks: null, tags: [{ id: 't1', title: 'Senior', isArchived: false }], position: null, company: null, source: null, customFields: null, location: { locationComponents: [{ type: 'City', name: 'Berlin' }, { type: 'Country', name: 'Germany' }] } };
    const page = mapCandidates([bare]);
    expect(page.derived).toEqual([CANDIDATE_SOURCE]);
    expect(mapApplications([APPLICATION]).derived).toEqual([CANDIDATE_SOURCE]);
    expect(only(page, 'candidates').fields).toMatchObject({
      first_name: 'Cher', last_name: null, company: null, title: null, source: null,
      email_addresses: [], phone_numbers: [], social_media: [], location: { city: 'Berlin', state: null, country: 'Germany' },
    });
    expect(page.joins![0].members).toEqual([{ member: { model: 'tags', remote_id: 't1' } }]);
    expect(splitName('  ')).toEqual({ first: null, last: null });
  });

  it('job: status, confidential, first location and department (all in custom_fields), live posting, stages, hiring team with roles', () => {
    const job = { ...JOB_INFO, status: 'Open', confidential: true, hiringTeam: [
      { userId: 'u1', firstName: 'A', lastName: 'B', email: 'a@x', role: 'Hiring Manager' },
      { userId: 'u1', firstName: 'A', lastName: 'B', email: 'a@x', role: 'Recruiter' },
      { userId: 'u2', firstName: 'C', lastName: 'D', email: 'c@x', role: 'Talent Partner' },
    ], location: { workplaceType: 'Remote' } };
    const page = mapJobs([{
      job,
      departments: ['Platform', 'Engineering'],
      locations: ['Remote (US)', 'Berlin'],
      posting: { id: 'p1', url: 'https://jobs.example/p1' },
      stages: [{ id: 'st1', title: 'Lead', orderInInterviewPlan: 0 }, { id: 'st2', title: 'Screen', orderInInterviewPlan: 1 }],
    }]);
    expect(only(page, 'jobs').fields).toMatchObject({
      name: job.title, status: 'OPEN', confidential: true, visibility: 'CONFIDENTIAL', employment_type: 'FULL_TIME',
      department: 'Platform', location: 'Remote (US)', description: null, post_url: 'https://jobs.example/p1',
      remote_work_status: 'REMOTE', job_code: null,
      custom_fields: { departments: ['Platform', 'Engineering'], locations: ['Remote (US)', 'Berlin'] },
      opened_at: new Date('2024-02-04T08:38:15.158Z'), closed_at: new Date('2024-06-14T10:00:31.753Z'),
    });
    expect(page.joins).toEqual([
      { join: 'job_stages', parent: { model: 'jobs', remote_id: job.id }, members: [
        { member: { model: 'application_stages', remote_id: 'st1' }, fields: { index: 0 } },
        { member: { model: 'application_stages', remote_id: 'st2' }, fields: { index: 1 } },
      ] },
      { join: 'job_hiring_team_members', parent: { model: 'jobs', remote_id: job.id }, members: [
        { member: { model: 'users', remote_id: 'u1' }, fields: { roles: ['HIRING_MANAGER', 'RECRUITER'] } },
        { member: { model: 'users', remote_id: 'u2' }, fields: { roles: ['Talent Partner'] } },
      ] },
    ]);
    // The description is the live posting's, filled in by the writer from the stored postings.
    expect(page.derived).toEqual([JOB_DESCRIPTION]);
  });

  it('job: the recorded closed job with no posting, no plan, empty lists', () => {
    const page = mapJobs([{ job: JOB_INFO, departments: [], locations: [], posting: null, stages: null }]);
    expect(only(page, 'jobs').fields).toMatchObject({ status: 'CLOSED', confidential: false, description: null, post_url: null, department: null, location: null, visibility: null });
    expect(page.joins).toEqual([{ join: 'job_hiring_team_members', parent: { model: 'jobs', remote_id: JOB_INFO.id }, members: [] }]);
  });

  it('picks the most recent live posting', () => {
    const picked = mostRecentLivePosting([
      { id: 'old', isListed: true, publishedDate: '2024-01-01' },
      { id: 'unlisted', isListed: false, publishedDate: '2025-06-01' },
      { id: 'new', isListed: true, publishedDate: '2025-01-01' },
    ]);
    expect(picked?.id).toBe('new');
    expect(mostRecentLivePosting([{ id: 'x', isListed: false }])).toBeUndefined();
  });

  it('application: archived → DECLINED with reason and time, stage, candidate and job refs, own source in custom_fields', () => {
    const a = only(mapApplications([APPLICATION]), 'applications');
    expect(a.fields).toMatchObject({
      outcome: 'DECLINED', rejection_reason_name: 'Lacks Skills/Qualifications', rejected_at: new Date('2024-02-05T09:25:35.089Z'),
      custom_fields: { source: 'Applied', source_type: 'Inbound' },
    });
    expect(a.refs).toEqual({
      candidate_id: { model: 'candidates', remote_id: '…02' },
      job_id: { model: 'jobs', remote_id: '…03' },
      current_stage_id: { model: 'application_stages', remote_id: '…2d' },
    });
    const hired = only(mapApplications([{ ...APPLICATION, status: 'Hired', archiveReason: null, archivedAt: null, source: null }]), 'applications');
    expect(hired.fields).toMatchObject({ outcome: 'HIRED', rejection_reason_name: null, rejected_at: null, custom_fields: { source: null } });
    expect(only(mapApplications([{ ...APPLICATION, status: 'Active' }]), 'applications').fields).toMatchObject({ outcome: 'PENDING', rejection_reason_name: null });
  });

  it('offer: start date, salary and currency of the latest version, status', () => {
    const o = only(mapOffers([{ id: 'o1', applicationId: 'a1', acceptanceStatus: 'Accepted', offerStatus: 'CandidateAccepted', decidedAt: null, latestVersion: { startDate: '2026-07-01T00:00:00.000Z', salary: { currencyCode: 'EUR', value: 95000 }, createdAt: '2026-06-01T00:00:00.000Z', customFields: [] } }]), 'offers');
    expect(o.fields).toMatchObject({ status: 'SIGNED', employment_start_date: new Date('2026-07-01T00:00:00.000Z'), compensation_amount: '95000', compensation_currency: 'EUR' });
    expect(o.refs).toEqual({ application_id: { model: 'applications', remote_id: 'a1' } });
    const empty = only(mapOffers([{ id: 'o2', applicationId: null, acceptanceStatus: 'Pending', latestVersion: null }]), 'offers');
    expect(empty.fields).toMatchObject({ status: 'DRAFT', employment_start_date: null, compensation_amount: null, compensation_currency: null });
  });

  it('interviews: one per event, cancelled from the schedule, interviewers as team members', () => {
    const page = mapInterviews([{
      schedule: { id: 'sc1', status: 'Cancelled', applicationId: 'a1', interviewStageId: 'st3', interviewEvents: [] },
      events: [
        { id: 'e1', startTime: '2026-01-01T10:00:00.000Z', endTime: '2026-01-01T10:45:00.000Z', location: null, meetingLink: 'https://meet.example/x', interview: { title: 'System Design' }, interviewerUserIds: null, interviewers: [{ id: 'u1' }, { id: 'u2' }] },
        { id: 'e2', interviewId: 'iv2', startTime: null, endTime: null, interviewerUserIds: [], interviewers: [] },
      ],
      interviewTitles: { iv2: 'Values Interview' },
    }]);
    expect(page.failures).toEqual([]);
    const [i, second] = page.records.interviews!;
    expect(second.fields).toMatchObject({ title: 'Values Interview', starting_at: null, ending_at: null, video_conferencing_url: null });
    expect(i.fields).toMatchObject({ title: 'System Design', canceled: true, location: null, video_conferencing_url: 'https://meet.example/x', starting_at: new Date('2026-01-01T10:00:00.000Z') });
    expect(i.refs).toEqual({ application_id: { model: 'applications', remote_id: 'a1' }, stage_id: { model: 'application_stages', remote_id: 'st3' } });
    expect(page.joins).toEqual([
      { join: 'interview_team_members', parent: { model: 'interviews', remote_id: 'e1' }, members: [{ member: { model: 'users', remote_id: 'u1' } }, { member: { model: 'users', remote_id: 'u2' } }] },
      { join: 'interview_team_members', parent: { model: 'interviews', remote_id: 'e2' }, members: [] },
    ]);
  });

  it('users, stages, postings, rejection reasons and tags', () => {
    expect(only(mapUsers([{ ...JOB_INFO.author, customFields: null }]), 'users').fields).toMatchObject({ first_name: 'Test', last_name: 'User1', status: 'ACTIVE', system_roles: ['Organization Admin'], custom_fields: {} });
    const stages = mapApplicationStages([
      { plan: { id: 'p1', updatedAt: '2025-03-01T10:00:00.000Z' }, stages: [{ id: 'st1', title: 'Lead', orderInInterviewPlan: 0 }, { id: 'st2', title: 'Onsite', orderInInterviewPlan: 3 }] },
    ]);
    // Stages have no timestamps of their own: they carry their plan's updatedAt (what the next sync compares).
    expect(stages.records.application_stages!.map((s) => [s.remote_id, s.fields.name, s.fields.global_index, s.fields.remote_updated_at])).toEqual([
      ['st1', 'Lead', 0, new Date('2025-03-01T10:00:00.000Z')],
      ['st2', 'Onsite', 3, new Date('2025-03-01T10:00:00.000Z')],
    ]);
    const posting = only(mapJobPostings([{ posting: { id: 'jp1', title: 'Engineer', jobId: 'j1', isListed: false, publishedDate: '2025-02-01', externalLink: null, applyLink: 'https://jobs.example/apply' }, descriptionHtml: null }]), 'job_postings');
    expect(posting.fields).toMatchObject({ status: 'INACTIVE', visibility: 'UNLISTED', url: 'https://jobs.example/apply', description_html: null });
    expect(posting.refs).toEqual({ job_id: { model: 'jobs', remote_id: 'j1' } });
    expect(only(mapRejectionReasons([{ id: 'r1', text: 'Withdrew' }]), 'rejection_reasons').fields.name).toBe('Withdrew');
    expect(only(mapTags([{ id: 't1', title: 'Senior' }]), 'tags').fields.name).toBe('Senior');
  });

  it('puts a record it cannot map into failures instead of throwing', () => {
    const broken = { ...CANDIDATE_INFO, id: 'c-broken', tags: 'not a list' };
    const page = mapCandidates([CANDIDATE_INFO, { name: 'No Id' } as never, null as never, broken as never]);
    expect(page.records.candidates!.map((c) => c.remote_id)).toEqual([CANDIDATE_INFO.id]);
    expect(page.failures).toEqual([
      { model: 'candidates', remote_id: null, reason: 'the record has no id' },
      { model: 'candidates', remote_id: null, reason: 'the record has no id' },
      { model: 'candidates', remote_id: 'c-broken', reason: expect.any(String) },
    ]);
    // One bad stage fails alone; its plan's other stages still map.
    const stages = mapApplicationStages([{ plan: { id: 'p1' }, stages: [{ id: '' } as never, { id: 'st9', title: 'Onsite', orderInInterviewPlan: 3 }] }]);
    expect(stages.records.application_stages!.map((s) => s.remote_id)).toEqual(['st9']);
    expect(stages.failures).toEqual([{ model: 'application_stages', remote_id: null, reason: 'the record has no id' }]);
  });
});
