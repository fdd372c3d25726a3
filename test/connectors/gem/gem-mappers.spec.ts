import type { GemApplication, GemCandidate, GemJob, GemJobPost, GemJobStage, GemScheduledInterview, GemUser } from '../../../src/connectors/gem/gem.types.js';
import { mapApplicationStages } from '../../../src/connectors/gem/mappers/to-application-stage.js';
import { mapApplications } from '../../../src/connectors/gem/mappers/to-application.js';
import { mapCandidates } from '../../../src/connectors/gem/mappers/to-candidate.js';
import { mapInterviews } from '../../../src/connectors/gem/mappers/to-interview.js';
import { mapJobPostings } from '../../../src/connectors/gem/mappers/to-job-posting.js';
import { mapJobs } from '../../../src/connectors/gem/mappers/to-job.js';
import { mapUsers } from '../../../src/connectors/gem/mappers/to-user.js';

// Payloads shaped like partner-apis.md §2.7, nulls and empty lists included.

const lite = (id: string, name: string) => ({ id, name, first_name: name.split(' ')[0], last_name: name.split(' ')[1] ?? null, employee_id: null });
const office = (id: string, name: string, location: string | null) => ({
  id, name, location: location === null ? null : { name: location }, parent_id: null, child_ids: [], parent_office_external_id: null, child_office_external_ids: [], deleted_at: null,
});
const department = (id: string, name: string) => ({
  id, name, parent_id: null, child_ids: [], parent_department_external_id: null, child_department_external_ids: [], deleted_at: null,
});

function job(overrides: Partial<GemJob> = {}): GemJob {
  return {
    id: 'job-1',
    name: 'Staff Engineer',
    requisition_id: 'REQ-7',
    confidential: false,
    status: 'open',
    is_template: false,
    created_at: '2025-01-02T03:04:05.000Z',
    opened_at: '2025-01-03T00:00:00.000Z',
    closed_at: null,
    updated_at: '2025-02-01T00:00:00.000Z',
    deleted_at: null,
    departments: [department('d-1', 'Engineering'), department('d-2', 'Platform')],
    offices: [office('o-1', 'Berlin Office', 'Berlin, Germany'), office('o-2', 'Remote', null)],
    hiring_team: {
      hiring_managers: [lite('u-1', 'Ada Lovelace')],
      recruiters: [lite('u-2', 'Grace Hopper'), lite('u-1', 'Ada Lovelace')],
      coordinators: [],
      sourcers: [lite('u-3', 'Alan Turing')],
    },
    ...overrides,
  };
}

function post(overrides: Partial<GemJobPost>): GemJobPost {
  return {
    id: 'post-1', title: 'Staff Engineer', active: true, live: true, first_published_at: '2025-01-10T00:00:00.000Z', job_id: 'job-1',
    content: '<p>Old</p>', created_at: '2025-01-05T00:00:00.000Z', updated_at: '2025-01-10T00:00:00.000Z', deleted_at: null, ...overrides,
  };
}

function stage(id: string, priority: number, overrides: Partial<GemJobStage> = {}): GemJobStage {
  return { id, name: `Stage ${priority}`, created_at: '2025-01-02T00:00:00.000Z', updated_at: '2025-01-02T00:00:00.000Z', deleted_at: null, active: true, job_id: 'job-1', priority, interviews: [], ...overrides };
}

function application(overrides: Partial<GemApplication> = {}): GemApplication {
  return {
    id: 'app-1', candidate_id: 'cand-1', applied_at: '2025-03-01T00:00:00.000Z', rejected_at: null, last_activity_at: '2025-03-05T00:00:00.000Z',
    source: { id: 's-1', public_name: 'LinkedIn' }, credited_to: null, rejection_reason: null, jobs: [{ id: 'job-1', name: 'Staff Engineer' }],
    job_post_id: 'post-1', status: 'active', current_stage: { id: 'st-1', name: 'Screen' }, deleted_at: null, ...overrides,
  };
}

function candidate(overrides: Partial<GemCandidate> = {}): GemCandidate {
  return {
    id: 'cand-1', first_name: 'Katherine', last_name: 'Johnson', company: null, title: null, is_private: false, attachments: [],
    phone_numbers: [], email_addresses: [], social_media_addresses: [], tags: [], educations: [], employments: [], linked_user_ids: [],
    created_at: '2025-02-01T00:00:00.000Z', updated_at: null, last_activity: null, deleted_at: null, applications: [], application_ids: [], ...overrides,
  };
}

describe('Gem mappers', () => {
  describe('jobs', () => {
    it('location and department are the first office and department; all of them are in custom_fields', () => {
      const { records, failures } = mapJobs([{ job: job(), livePosts: [], stages: [] }]);
      expect(failures).toEqual([]);
      const [r] = records.jobs!;
      expect(r.fields).toMatchObject({
        name: 'Staff Engineer', job_code: 'REQ-7', confidential: false, status: 'OPEN', location: 'Berlin, Germany', department: 'Engineering', post_url: null,
        opened_at: new Date('2025-01-03T00:00:00.000Z'), closed_at: null, remote_created_at: new Date('2025-01-02T03:04:05.000Z'),
      });
      expect(r.fields.custom_fields).toMatchObject({
        offices: [{ id: 'o-1', name: 'Berlin Office', location: 'Berlin, Germany' }, { id: 'o-2', name: 'Remote', location: null }],
        departments: [{ id: 'd-1', name: 'Engineering' }, { id: 'd-2', name: 'Platform' }],
      });
      expect(r.remote_deleted_at).toBeNull();
    });

    it('an office without a location gives its name; no offices or departments give null', () => {
      const noLocation = mapJobs([{ job: job({ offices: [office('o-2', 'Remote', null)] }), livePosts: [], stages: [] }]).records.jobs![0];
      expect(noLocation.fields.location).toBe('Remote');
      const none = mapJobs([{ job: job({ offices: [], departments: [], hiring_team: null }), livePosts: [], stages: [] }]);
      expect(none.records.jobs![0].fields).toMatchObject({ location: null, department: null });
      expect(none.joins!.find((j) => j.join === 'job_hiring_team_members')!.members).toEqual([]);
    });

    it('description comes from the most recently published live and active post', () => {
      const posts = [
        post({ id: 'p-old', content: '<p>Old</p>', first_published_at: '2025-01-10T00:00:00.000Z' }),
        post({ id: 'p-new', content: '<p>New</p>', first_published_at: '2025-02-10T00:00:00.000Z' }),
        post({ id: 'p-off', content: '<p>Inactive</p>', active: false, live: false, first_published_at: '2025-03-10T00:00:00.000Z' }),
        post({ id: 'p-hidden', content: '<p>Unpublished</p>', live: false, first_published_at: null }),
      ];
      const [r] = mapJobs([{ job: job(), livePosts: posts, stages: [] }]).records.jobs!;
      expect(r.fields.description).toBe('<p>New</p>');
      expect((r.fields.custom_fields as { job_post_id: string }).job_post_id).toBe('p-new');
      expect(mapJobs([{ job: job(), livePosts: [], stages: [] }]).records.jobs![0].fields.description).toBeNull();
    });

    it('job-specific stages in priority order with their index; deleted stages left out', () => {
      const stages = [stage('s-c', 4), stage('s-a', 0), stage('s-x', 2, { deleted_at: '2025-02-01T00:00:00.000Z' }), stage('s-b', 1)];
      const { joins } = mapJobs([{ job: job(), livePosts: [], stages }]);
      expect(joins!.find((j) => j.join === 'job_stages')).toEqual({
        join: 'job_stages',
        parent: { model: 'jobs', remote_id: 'job-1' },
        members: [
          { member: { model: 'application_stages', remote_id: 's-a' }, fields: { index: 0 } },
          { member: { model: 'application_stages', remote_id: 's-b' }, fields: { index: 1 } },
          { member: { model: 'application_stages', remote_id: 's-c' }, fields: { index: 2 } },
        ],
      });
    });

    it('hiring team: one member per user with every role they hold', () => {
      const { joins } = mapJobs([{ job: job(), livePosts: [], stages: [] }]);
      expect(joins!.find((j) => j.join === 'job_hiring_team_members')!.members).toEqual([
        { member: { model: 'users', remote_id: 'u-1' }, fields: { roles: ['HIRING_MANAGER', 'RECRUITER'] } },
        { member: { model: 'users', remote_id: 'u-2' }, fields: { roles: ['RECRUITER'] } },
        { member: { model: 'users', remote_id: 'u-3' }, fields: { roles: ['SOURCER'] } },
      ]);
      const coordinator = mapJobs([{ job: job({ hiring_team: { coordinators: [lite('u-9', 'Mary Jackson')] } }), livePosts: [], stages: [] }]);
      expect(coordinator.joins![1].members).toEqual([{ member: { model: 'users', remote_id: 'u-9' }, fields: { roles: ['COORDINATOR'] } }]);
    });

    it('statuses; a deleted job carries remote_deleted_at and empty stage and team sets (a DELTA removes its members); a broken record is a failure', () => {
      const statuses = (['open', 'closed', 'draft', 'pending_approval', 'approved'] as const).map(
        (status) => mapJobs([{ job: job({ status }), livePosts: [], stages: [] }]).records.jobs![0].fields.status,
      );
      expect(statuses).toEqual(['OPEN', 'CLOSED', 'DRAFT', 'DRAFT', 'DRAFT']);
      const deleted = mapJobs([{ job: job({ deleted_at: '2025-05-01T00:00:00.000Z' }), livePosts: [], stages: [stage('s-a', 0)] }]);
      expect(deleted.records.jobs![0].remote_deleted_at).toEqual(new Date('2025-05-01T00:00:00.000Z'));
      expect(deleted.joins).toEqual([
        { join: 'job_stages', parent: { model: 'jobs', remote_id: 'job-1' }, members: [] },
        { join: 'job_hiring_team_members', parent: { model: 'jobs', remote_id: 'job-1' }, members: [] },
      ]);
      const broken = mapJobs([{ job: { ...job(), id: '' }, livePosts: [], stages: [] }, { job: job({ id: 'job-2' }), livePosts: [], stages: [] }]);
      expect(broken.failures).toEqual([{ model: 'jobs', remote_id: null, reason: expect.any(String) }]);
      expect(broken.records.jobs!.map((r) => r.remote_id)).toEqual(['job-2']);
    });
  });

  describe('candidates', () => {
    it('maps names, privacy, emails (primary first), phones and social links with their network', () => {
      const { records, failures } = mapCandidates([
        candidate({
          company: 'NASA', title: 'Mathematician', is_private: true,
          email_addresses: [
            { type: 'work', value: 'kj@nasa.example', is_primary: false },
            { type: 'personal', value: 'katherine@example.com', is_primary: true },
            { type: null, value: '  ', is_primary: false },
          ],
          phone_numbers: [{ type: 'mobile', value: '+1 555 0100' }, { type: null, value: '+1 555 0101' }],
          social_media_addresses: [{ value: 'https://www.linkedin.com/in/kjohnson/' }, { value: 'https://github.com/kj' }, { value: 'https://example.com/me' }],
        }),
      ]);
      expect(failures).toEqual([]);
      expect(records.candidates![0].fields).toMatchObject({
        first_name: 'Katherine', last_name: 'Johnson', company: 'NASA', title: 'Mathematician', confidential: true, source: null,
        email_addresses: [{ email_address: 'katherine@example.com', type: 'personal' }, { email_address: 'kj@nasa.example', type: 'work' }],
        phone_numbers: [{ phone_number: '+1 555 0100', type: 'mobile' }, { phone_number: '+1 555 0101', type: null }],
        social_media: [
          { link: 'https://www.linkedin.com/in/kjohnson/', type: 'linkedin', username: 'kjohnson' },
          { link: 'https://github.com/kj', type: 'github', username: 'kj' },
          { link: 'https://example.com/me', type: null, username: null },
        ],
        remote_updated_at: null,
      });
      expect(records.candidates![0].fields.custom_fields).toEqual({});
      expect(records.candidates![0].fields.integration_fields).toEqual([]);
    });

    it('source is the source of the first application by applied_at; a deleted first application does not count', () => {
      const later = application({ id: 'a-2', applied_at: '2025-04-01T00:00:00.000Z', source: { id: 's-2', public_name: 'Referral' } });
      const earlier = application({ id: 'a-1', applied_at: '2025-03-01T00:00:00.000Z', source: { id: 's-1', public_name: 'LinkedIn' } });
      expect(mapCandidates([candidate({ applications: [later, earlier] })]).records.candidates![0].fields.source).toBe('LinkedIn');
      const deletedFirst = { ...earlier, deleted_at: '2025-05-01T00:00:00.000Z' };
      expect(mapCandidates([candidate({ applications: [deletedFirst, later] })]).records.candidates![0].fields.source).toBe('Referral');
      expect(mapCandidates([candidate({ applications: [application({ source: null })] })]).records.candidates![0].fields.source).toBeNull();
    });

    it('tags become tag records (once a page) and the candidate’s tag set; a deleted candidate carries remote_deleted_at and an empty tag set', () => {
      const { records, joins } = mapCandidates([
        candidate({ id: 'c-1', tags: ['senior', 'remote', 'senior'] }),
        candidate({ id: 'c-2', tags: ['remote'] }),
        candidate({ id: 'c-3', tags: ['gone'], deleted_at: '2025-06-01T00:00:00.000Z' }),
      ]);
      expect(records.tags!.map((t) => t.remote_id)).toEqual(['senior', 'remote']);
      expect(joins!.map((j) => [j.parent.remote_id, j.members.map((m) => m.member.remote_id)])).toEqual([['c-1', ['senior', 'remote']], ['c-2', ['remote']], ['c-3', []]]);
      expect(records.candidates![2].remote_deleted_at).toEqual(new Date('2025-06-01T00:00:00.000Z'));
    });

    it('a record without an id is a failure; the others still map', () => {
      const { records, failures } = mapCandidates([candidate({ id: undefined as unknown as string }), null as unknown as GemCandidate, candidate({ id: 'ok' })]);
      expect(failures).toEqual([
        { model: 'candidates', remote_id: null, reason: expect.any(String) },
        { model: 'candidates', remote_id: null, reason: expect.any(String) },
      ]);
      expect(records.candidates!.map((c) => c.remote_id)).toEqual(['ok']);
    });
  });

  describe('applications', () => {
    it('outcome, rejection reason and date, its own source in custom_fields, references', () => {
      const rejected = application({
        id: 'a-r', status: 'rejected', rejected_at: '2025-03-04T00:00:00.000Z',
        rejection_reason: { id: 'rr-1', name: 'Position filled', type: { id: 't-1', name: 'We rejected them' } },
      });
      const { records, failures } = mapApplications([application(), rejected, application({ id: 'a-h', status: 'hired' })]);
      expect(failures).toEqual([]);
      const [pending, declined, hired] = records.applications!;
      expect(pending.fields).toMatchObject({ outcome: 'PENDING', rejection_reason_name: null, rejected_at: null, remote_created_at: new Date('2025-03-01T00:00:00.000Z'), remote_updated_at: new Date('2025-03-05T00:00:00.000Z') });
      expect(pending.fields.custom_fields).toMatchObject({ source: 'LinkedIn', source_id: 's-1' });
      expect(pending.refs).toEqual({
        candidate_id: { model: 'candidates', remote_id: 'cand-1' },
        job_id: { model: 'jobs', remote_id: 'job-1' },
        current_stage_id: { model: 'application_stages', remote_id: 'st-1' },
      });
      expect(declined.fields).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: 'Position filled', rejected_at: new Date('2025-03-04T00:00:00.000Z') });
      expect(hired.fields.outcome).toBe('HIRED');
      expect(records.rejection_reasons).toEqual([{ remote_id: 'rr-1', fields: { name: 'Position filled' }, remote_data: rejected.rejection_reason }]);
    });

    it('nulls and empty lists give null references; an unknown status is a failure, not a throw', () => {
      const { records, failures } = mapApplications([
        application({ id: 'a-n', source: null, jobs: [], current_stage: null, job_post_id: null }),
        application({ id: 'a-x', status: 'converted' as GemApplication['status'] }),
      ]);
      expect(records.applications![0].refs).toEqual({ candidate_id: { model: 'candidates', remote_id: 'cand-1' }, job_id: null, current_stage_id: null });
      expect((records.applications![0].fields.custom_fields as { source: unknown }).source).toBeNull();
      expect(failures).toEqual([{ model: 'applications', remote_id: 'a-x', reason: expect.stringContaining('converted') }]);
    });

    it('a deleted application carries remote_deleted_at', () => {
      const { records } = mapApplications([application({ deleted_at: '2025-07-01T00:00:00.000Z' })]);
      expect(records.applications![0].remote_deleted_at).toEqual(new Date('2025-07-01T00:00:00.000Z'));
    });
  });

  describe('interviews', () => {
    const interview = (overrides: Partial<GemScheduledInterview> = {}): GemScheduledInterview => ({
      id: 'i-1', application_id: 'app-1', external_event_id: null, created_at: '2025-03-02T00:00:00.000Z', updated_at: '2025-03-02T00:00:00.000Z',
      start: { date_time: '2025-03-10T10:00:00.000Z' }, end: { date_time: '2025-03-10T11:00:00.000Z' }, location: null,
      video_conferencing_url: 'https://meet.example.com/abc', status: 'scheduled', interview: { id: 'def-1', name: 'Technical Interview' },
      organizer: null,
      interviewers: [
        { ...lite('u-1', 'Ada Lovelace'), email: 'ada@example.com', response_status: 'accepted', scorecard_id: null },
        { ...lite('u-2', 'Grace Hopper'), email: null, response_status: 'needs_action', scorecard_id: 'sc-1' },
        { ...lite('u-1', 'Ada Lovelace'), email: 'ada@example.com', response_status: 'accepted', scorecard_id: null },
      ],
      job_stage_interview_item_id: 'item-1', deleted_at: null, ...overrides,
    });

    it('title, times, stage and application; interviewers are the interviewing team', () => {
      const { records, joins, failures } = mapInterviews([{ interview: interview(), stageId: 'st-2' }]);
      expect(failures).toEqual([]);
      expect(records.interviews![0].fields).toMatchObject({
        title: 'Technical Interview', starting_at: new Date('2025-03-10T10:00:00.000Z'), ending_at: new Date('2025-03-10T11:00:00.000Z'),
        location: null, video_conferencing_url: 'https://meet.example.com/abc', canceled: false,
      });
      expect(records.interviews![0].refs).toEqual({ application_id: { model: 'applications', remote_id: 'app-1' }, stage_id: { model: 'application_stages', remote_id: 'st-2' } });
      expect(joins).toEqual([{ join: 'interview_team_members', parent: { model: 'interviews', remote_id: 'i-1' }, members: [{ member: { model: 'users', remote_id: 'u-1' } }, { member: { model: 'users', remote_id: 'u-2' } }] }]);
    });

    it('no start, no interviewers, no stage; a deleted interview is canceled, deleted and keeps no interviewers', () => {
      const { records, joins } = mapInterviews([
        { interview: interview({ id: 'i-2', start: null, end: null, interviewers: [], interview: null }), stageId: null },
        { interview: interview({ id: 'i-3', deleted_at: '2025-03-09T00:00:00.000Z' }), stageId: 'st-2' },
      ]);
      expect(records.interviews![0].fields).toMatchObject({ title: null, starting_at: null, ending_at: null });
      expect(records.interviews![0].refs!.stage_id).toBeNull();
      expect(joins).toEqual([
        { join: 'interview_team_members', parent: { model: 'interviews', remote_id: 'i-2' }, members: [] },
        { join: 'interview_team_members', parent: { model: 'interviews', remote_id: 'i-3' }, members: [] },
      ]);
      expect(records.interviews![1]).toMatchObject({ remote_deleted_at: new Date('2025-03-09T00:00:00.000Z'), fields: { canceled: true } });
    });
  });

  describe('users, stages, postings', () => {
    const user = (overrides: Partial<GemUser> = {}): GemUser => ({
      ...lite('u-1', 'Ada Lovelace'), primary_email_address: 'ada@example.com', emails: ['ada@example.com'], disabled: false, site_admin: false,
      linked_candidate_ids: [], offices: [], departments: [], created_at: '2024-01-01T00:00:00.000Z', updated_at: '2024-02-01T00:00:00.000Z', deleted_at: null, ...overrides,
    });

    it('users: names, email and status (disabled is INACTIVE); names split from `name` when missing', () => {
      const { records } = mapUsers([user(), user({ id: 'u-2', disabled: true, first_name: null, last_name: null, name: 'Ada King Lovelace', primary_email_address: null, emails: [] })]);
      expect(records.users![0].fields).toMatchObject({ first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', status: 'ACTIVE' });
      expect(records.users![1].fields).toMatchObject({ first_name: 'Ada', last_name: 'King Lovelace', email: null, status: 'INACTIVE' });
    });

    it('application stages: name and priority', () => {
      expect(mapApplicationStages([stage('s-1', 3, { name: 'Onsite' })]).records.application_stages![0].fields).toMatchObject({ name: 'Onsite', global_index: 3 });
    });

    it('job postings: status from live/active, content as description_html, job reference', () => {
      const { records } = mapJobPostings([post({}), post({ id: 'p-2', live: false }), post({ id: 'p-3', live: false, active: false, content: null })]);
      expect(records.job_postings!.map((p) => p.fields.status)).toEqual(['ACTIVE', 'DRAFT', 'INACTIVE']);
      expect(records.job_postings![0].fields).toMatchObject({ title: 'Staff Engineer', description_html: '<p>Old</p>', visibility: 'PUBLIC' });
      expect(records.job_postings![2].fields.description_html).toBeNull();
      expect(records.job_postings![0].refs).toEqual({ job_id: { model: 'jobs', remote_id: 'job-1' } });
    });
  });
});
