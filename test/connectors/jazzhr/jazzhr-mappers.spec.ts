import { asList } from '../../../src/connectors/jazzhr/jazzhr.client.js';
import type { JazzApplicant2Job, JazzApplicantDetail, JazzJob, JazzWorkflow } from '../../../src/connectors/jazzhr/jazzhr.types.js';
import { jazzDate } from '../../../src/connectors/jazzhr/mappers/map-helpers.js';
import { mapApplicationStages } from '../../../src/connectors/jazzhr/mappers/to-application-stage.js';
import { mapApplications } from '../../../src/connectors/jazzhr/mappers/to-application.js';
import { mapCandidates } from '../../../src/connectors/jazzhr/mappers/to-candidate.js';
import { mapJobs } from '../../../src/connectors/jazzhr/mappers/to-job.js';
import { mapTags } from '../../../src/connectors/jazzhr/mappers/to-tag.js';
import { mapUsers } from '../../../src/connectors/jazzhr/mappers/to-user.js';

// Shapes from partner-apis.md §3.7 (JZ-SDK ApplicantDetail.cs, JZ-TAP jobs.json, applicants_to_jobs.json).
const detail: JazzApplicantDetail = {
  id: 'prospect_20211213211800_ABCD',
  first_name: 'Jane',
  last_name: 'Doe',
  email: 'jane.doe@example.com',
  phone: '5555555555',
  address: '1 Main St',
  location: 'Austin, TX',
  linkedin_url: 'https://www.linkedin.com/in/janedoe',
  website: '',
  desired_salary: '90000',
  desired_start_date: '',
  source: 'Indeed',
  recruiter_id: 'usr_20211213211800_R1',
  apply_date: '2024-01-15',
  resume_link: '',
  comments_count: '1',
  jobs: [{ job_id: 'job_20211213211800_J1', job_title: 'Support Specialist', workflow_step_id: 1002, applicant_progress: 'Phone Screen', hiring_lead_rating: 0, average_rating: 0 }],
  activities: [{ id: 'a1', activity: 'Applied', date: '2024-01-15', time: '10:00:00' }],
  feedback: [],
  messages: [],
  questionnaire: [{ question: 'Over 18?', answer: 'Yes' }],
  evaluation: [],
  categories: [{ id: 'category_1', name: 'Top Talent' }],
  comments: [{ id: 'comment_1', contents: 'Nice', user_id: 'usr_1', date: '2024-01-16' }],
};

const job: JazzJob = {
  id: 'job_20211213211800_J1',
  team_id: '',
  title: 'Support Specialist',
  country_id: 'United States',
  city: 'Austin',
  state: 'TX',
  zip: '73301',
  department: 'Customer Support',
  description: '<p>Help customers</p>',
  minimum_salary: '40000',
  maximum_salary: '0',
  notes: '',
  original_open_date: '2024-01-02',
  type: 'Full Time',
  status: 'Open',
  send_to_job_boards: '1',
  hiring_lead: 'usr_20211213211800_H1',
  board_code: 'aBcD123',
  internal_code: '',
  questionnaire: '',
  workflow_id: 'workflow_20180926200749_W1',
};

const workflow: JazzWorkflow = {
  workflow_id: 'workflow_20180926200749_W1',
  workflow_name: 'Default',
  workflow_steps: [
    { workflow_step_id: 1001, workflow_step_name: 'New', workflow_step_category: 'New', workflow_step_order: 1 },
    { workflow_step_id: 1002, workflow_step_name: 'Phone Screen', workflow_step_category: 'Active', workflow_step_order: 2 },
    { workflow_step_id: 1003, workflow_step_name: 'Hired', workflow_step_category: 'Hired', workflow_step_order: 3 },
    { workflow_step_id: 1004, workflow_step_name: 'Not Hired - Withdrew', workflow_step_category: 'Not Hired', workflow_step_order: 4 },
  ],
};

describe('JazzHR mappers (pure)', () => {
  it('normalizes a lone object, null and {} to lists', () => {
    expect(asList({ id: 'x' })).toEqual([{ id: 'x' }]);
    expect(asList([{ id: 'x' }, { id: 'y' }])).toHaveLength(2);
    expect([asList(null), asList({}), asList([])]).toEqual([[], [], []]);
  });

  it('reads JazzHR dates: YYYY-MM-DD and datetimes as UTC, 0000-00-00 and "" as null', () => {
    expect(jazzDate('2024-01-15')).toEqual(new Date('2024-01-15T00:00:00Z'));
    expect(jazzDate('2024-01-15 13:04:05')).toEqual(new Date('2024-01-15T13:04:05Z'));
    expect([jazzDate('0000-00-00'), jazzDate(''), jazzDate('soon')]).toEqual([null, null, null]);
  });

  it('maps an applicant detail to a candidate with email, phone, links, location and tags; activities and comments stay out of the payload', () => {
    const { records, joins, failures } = mapCandidates([detail]);
    expect(failures).toEqual([]);
    const [c] = records.candidates!;
    expect(c.remote_id).toBe(detail.id);
    expect(c.fields).toMatchObject({
      first_name: 'Jane',
      last_name: 'Doe',
      source: 'Indeed',
      email_addresses: [{ email_address: 'jane.doe@example.com', type: null }],
      phone_numbers: [{ phone_number: '5555555555', type: null }],
      social_media: [{ link: 'https://www.linkedin.com/in/janedoe', type: 'linkedin', username: 'janedoe' }],
      location: { city: 'Austin', state: 'TX', country: null, raw: 'Austin, TX' },
      remote_created_at: new Date('2024-01-15T00:00:00Z'),
      custom_fields: { address: '1 Main St', desired_salary: '90000', recruiter_id: 'usr_20211213211800_R1', questionnaire: [{ question: 'Over 18?', answer: 'Yes' }] },
    });
    expect(Object.keys(c.remote_data as object)).not.toEqual(expect.arrayContaining(['activities']));
    expect(c.remote_data).not.toHaveProperty('comments');
    expect(c.remote_data).not.toHaveProperty('jobs');
    expect(joins).toEqual([{ join: 'candidate_tags', parent: { model: 'candidates', remote_id: detail.id }, members: [{ member: { model: 'tags', remote_id: 'category_1' } }] }]);
    // A new activity or comment does not change the mapped candidate.
    const busier = mapCandidates([{ ...detail, activities: [...detail.activities, { id: 'a2', activity: 'Note', date: '2024-02-01', time: '00:00:00' }], comments_count: '2' }]);
    expect(busier.records.candidates).toEqual(records.candidates);
  });

  it('an applicant without email, phone or location maps with empty lists; one without id is a failure', () => {
    const { records, failures } = mapCandidates([{ ...detail, email: '', phone: '', location: '', linkedin_url: '' }, { ...detail, id: '' }]);
    expect(records.candidates![0].fields).toMatchObject({ email_addresses: [], phone_numbers: [], social_media: [], location: null });
    expect(failures).toEqual([{ model: 'candidates', remote_id: null, reason: expect.any(String) }]);
  });

  it('maps a job: department and city/state as department and location, the rest in custom_fields; confidential from the filter; a posting when on the boards', () => {
    const { records, joins, failures } = mapJobs([{ job, confidential: false, steps: workflow.workflow_steps }]);
    expect(failures).toEqual([]);
    expect(records.jobs![0].fields).toMatchObject({
      name: 'Support Specialist',
      department: 'Customer Support',
      location: 'Austin, TX',
      confidential: false,
      status: 'OPEN',
      visibility: 'PUBLIC',
      employment_type: 'FULL_TIME',
      description: '<p>Help customers</p>',
      job_code: null,
      salary_amount_from: '40000',
      salary_amount_to: null,
      opened_at: new Date('2024-01-02T00:00:00Z'),
      custom_fields: expect.objectContaining({ city: 'Austin', state: 'TX', zip: '73301', board_code: 'aBcD123', hiring_lead: 'usr_20211213211800_H1', status: 'Open', workflow_id: workflow.workflow_id }),
    });
    expect(records.job_postings).toEqual([expect.objectContaining({ remote_id: job.id, refs: { job_id: { model: 'jobs', remote_id: job.id } }, fields: expect.objectContaining({ status: 'ACTIVE', visibility: 'PUBLIC', url: null }) })]);
    expect(joins!.find((j) => j.join === 'job_stages')!.members.map((m) => [m.member.remote_id, m.fields])).toEqual([
      ['1001', { index: 0 }],
      ['1002', { index: 1 }],
      ['1003', { index: 2 }],
      ['1004', { index: 3 }],
    ]);
    expect(joins!.find((j) => j.join === 'job_hiring_team_members')!.members).toEqual([{ member: { model: 'users', remote_id: 'usr_20211213211800_H1' }, fields: { roles: ['HIRING_MANAGER'] } }]);

    const secret = mapJobs([{ job: { ...job, city: '', state: '', department: '', status: 'Filled' }, confidential: true, steps: [] }]);
    expect(secret.records.jobs![0].fields).toMatchObject({ confidential: true, visibility: 'CONFIDENTIAL', location: null, department: null, status: 'CLOSED' });
    expect(secret.records.job_postings).toEqual([]);
    expect(mapJobs([{ job: { ...job, status: 'Weird' }, confidential: false, steps: [] }]).failures).toEqual([{ model: 'jobs', remote_id: job.id, reason: expect.stringContaining('Weird') }]);
  });

  it('maps applicants2jobs: stage from workflow_step_id, outcome from hires and the Not Hired disposition', () => {
    const mapping: JazzApplicant2Job = { id: 'projob_1', applicant_id: detail.id, job_id: job.id, rating: '3', workflow_step_id: 1002, date: '0000-00-00' };
    const [pending, hired, declined] = mapApplications([
      { mapping, step: workflow.workflow_steps[1], hire: null },
      { mapping: { ...mapping, id: 'projob_2', workflow_step_id: 1003 }, step: workflow.workflow_steps[2], hire: { id: 'hire_1', applicant_id: detail.id, job_id: job.id, hired_time: '2024-03-01 09:00:00' } },
      { mapping: { ...mapping, id: 'projob_3', workflow_step_id: 1004 }, step: workflow.workflow_steps[3], hire: null },
    ]).records.applications!;
    expect(pending).toMatchObject({
      remote_id: 'projob_1',
      fields: { outcome: 'PENDING', rejection_reason_name: null, remote_created_at: null, custom_fields: { rating: '3', workflow_step_name: 'Phone Screen' } },
      refs: { candidate_id: { model: 'candidates', remote_id: detail.id }, job_id: { model: 'jobs', remote_id: job.id }, current_stage_id: { model: 'application_stages', remote_id: '1002' } },
    });
    expect(hired.fields).toMatchObject({ outcome: 'HIRED', custom_fields: { hired_at: '2024-03-01T09:00:00.000Z' } });
    expect(declined.fields).toMatchObject({ outcome: 'DECLINED', rejection_reason_name: 'Not Hired - Withdrew' });
  });

  it('maps workflow steps to stages, users and categories', () => {
    expect(mapApplicationStages([workflow]).records.application_stages!.map((s) => [s.remote_id, s.fields.name, s.fields.global_index])).toEqual([
      ['1001', 'New', 0],
      ['1002', 'Phone Screen', 1],
      ['1003', 'Hired', 2],
      ['1004', 'Not Hired - Withdrew', 3],
    ]);
    const [user] = mapUsers([{ id: 'usr_1', first_name: 'Ann', last_name: 'Lee', email: 'ann@acme.example', type: 'Super Admin', date_created: '2020-05-01' }]).records.users!;
    expect(user.fields).toMatchObject({ first_name: 'Ann', last_name: 'Lee', email: 'ann@acme.example', status: 'ACTIVE', system_roles: ['Super Admin'], remote_created_at: new Date('2020-05-01T00:00:00Z') });
    expect(mapTags([{ id: 'category_1', name: 'Top Talent', status: 'Active' }]).records.tags).toEqual([{ remote_id: 'category_1', fields: { name: 'Top Talent', remote_created_at: null, remote_updated_at: null }, remote_data: { id: 'category_1', name: 'Top Talent', status: 'Active' } }]);
  });
});
