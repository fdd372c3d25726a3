import { Faker, en } from '@faker-js/faker';
import type { JazzJob, JazzWorkflow, JazzWorkflowStep } from '../jazzhr.types.js';
import { hms, ID_PREFIX, JazzStore, ymd, type ApplicantRow } from './sandbox-store.js';

/** Generated history ends here, so the same seed gives the same data on any day. */
export const GENERATED_UNTIL = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

export const SOURCES = ['Indeed', 'LinkedIn', 'Referral', 'Careers Page', 'ZipRecruiter', 'Glassdoor', 'Agency', ''];
const DEPARTMENTS = ['Engineering', 'Sales', 'Marketing', 'Customer Support', 'Finance', 'Operations', 'People', 'Design'];
const USER_TYPES = ['Super Admin', 'Recruiting Admin', 'Hiring Manager', 'Interviewer'];
const CATEGORIES = ['Top Talent', 'Silver Medalist', 'Referral', 'Bilingual', 'Remote', 'Rehire', 'Do Not Contact', 'Veteran'];
const JOB_STATUSES: [string, number][] = [
  ['Open', 60],
  ['On Hold', 6],
  ['Needs Approval', 4],
  ['Drafting', 5],
  ['Filled', 10],
  ['Closed', 10],
  ['Cancelled', 5],
];

const WORKFLOWS: { name: string; steps: [string, JazzWorkflowStep['workflow_step_category']][] }[] = [
  {
    name: 'Default Workflow',
    steps: [
      ['New', 'New'],
      ['Phone Screen', 'Active'],
      ['Interview', 'Active'],
      ['Offer', 'Active'],
      ['Hired', 'Hired'],
      ['Not Hired - Not Qualified', 'Not Hired'],
      ['Not Hired - Withdrew', 'Not Hired'],
    ],
  },
  {
    name: 'Engineering Workflow',
    steps: [
      ['New', 'New'],
      ['Recruiter Screen', 'Active'],
      ['Technical Assessment', 'Active'],
      ['Onsite', 'Active'],
      ['Offer', 'Active'],
      ['Hired', 'Hired'],
      ['Not Hired', 'Not Hired'],
    ],
  },
];

export interface GeneratedSandbox {
  store: JazzStore;
  /** The generator where generation ended: later creations continue its sequence. */
  faker: Faker;
}

/** A short upper-case id suffix from the seeded generator. */
export const idSuffix = (f: Faker): string => f.string.alphanumeric({ length: 6, casing: 'upper' });

/** Deterministic JazzHR data: the same seed and size give the same records. */
export function generateJazzData(seed: number, applicantCount: number): GeneratedSandbox {
  const f = new Faker({ locale: [en] });
  f.seed(seed);
  const store = new JazzStore();
  const start = GENERATED_UNTIL - 730 * DAY;
  const between = (from: number, to: number) => f.number.int({ min: Math.floor(from), max: Math.max(Math.floor(from), Math.floor(to)) });
  const id = (prefix: string, ms: number) => store.nextId(prefix, ms, idSuffix(f));

  const userCount = Math.min(40, 6 + Math.floor(applicantCount / 250));
  for (let i = 0; i < userCount; i++) {
    const created = between(start, start + 60 * DAY);
    const first = f.person.firstName();
    const last = f.person.lastName();
    store.users.push({
      id: id(ID_PREFIX.user, created),
      first_name: first,
      last_name: last,
      email: `${first}.${last}@acme-corp.example`.toLowerCase().replace(/[^a-z0-9.@-]/g, ''),
      type: i === 0 ? 'Super Admin' : f.helpers.arrayElement(USER_TYPES),
      date_created: ymd(created),
    });
  }

  let stepId = 1000;
  for (const template of WORKFLOWS) {
    const created = between(start, start + 10 * DAY);
    const workflow: JazzWorkflow = {
      workflow_id: id(ID_PREFIX.workflow, created),
      workflow_name: template.name,
      workflow_steps: template.steps.map(([name, category], order) => ({
        workflow_step_id: ++stepId,
        workflow_step_name: name,
        workflow_step_category: category,
        workflow_step_order: order + 1,
      })),
    };
    store.workflows.push(workflow);
  }

  const jobCount = Math.max(8, Math.round(applicantCount / 40));
  for (let i = 0; i < jobCount; i++) {
    const opened = between(start, GENERATED_UNTIL - 30 * DAY);
    const department = f.helpers.arrayElement(DEPARTMENTS);
    const minimum = f.number.int({ min: 40, max: 120 }) * 1000;
    const status = f.helpers.weightedArrayElement(JOB_STATUSES.map(([value, weight]) => ({ value, weight })));
    const job: JazzJob = {
      id: id(ID_PREFIX.job, opened),
      team_id: '',
      title: f.person.jobTitle(),
      country_id: 'United States',
      city: f.location.city(),
      state: f.location.state({ abbreviated: true }),
      zip: f.location.zipCode('#####'),
      // Some jobs have no department or city: the mapper must cope with empty strings.
      department: i === 2 || f.number.int(9) === 0 ? '' : department,
      description: `<p>${f.lorem.paragraph()}</p>`,
      minimum_salary: String(minimum),
      maximum_salary: String(minimum + f.number.int({ min: 10, max: 60 }) * 1000),
      notes: '',
      original_open_date: ymd(opened),
      type: f.helpers.arrayElement(['Full Time', 'Part Time', 'Contract', 'Internship']),
      status,
      send_to_job_boards: status === 'Open' && f.number.int(9) < 7 ? '1' : '0',
      hiring_lead: f.helpers.arrayElement(store.users).id,
      board_code: f.string.alphanumeric({ length: 10, casing: 'mixed' }),
      internal_code: f.number.int(3) === 0 ? '' : `REQ-${1000 + i}`,
      questionnaire: '',
      workflow_id: department === 'Engineering' ? store.workflows[1].workflow_id : store.workflows[0].workflow_id,
    };
    if (i === 0) job.city = '';
    store.jobs.push(job);
    // About one job in eight is confidential; the first two always are (one open, for the tests).
    if (i < 2 || f.number.int(7) === 0) store.confidentialJobs.add(job.id);
  }
  store.jobs[1].status = 'Open';

  for (let c = 0; c < CATEGORIES.length; c++) {
    store.categories.push({ id: id(ID_PREFIX.category, start + c * DAY), name: CATEGORIES[c], status: 'Active' });
  }

  // Applicants in apply order; about one in a hundred reuses an earlier applicant's email (JazzHR
  // does not dedupe: the same person applying twice is two profiles).
  const applyTimes = Array.from({ length: applicantCount }, () => between(start + 30 * DAY, GENERATED_UNTIL - DAY)).sort((a, b) => a - b);
  for (let i = 0; i < applicantCount; i++) {
    const applied = applyTimes[i];
    const reuse = i > 10 && f.number.int(99) === 0 ? store.applicants[f.number.int(store.applicants.length - 1)] : null;
    const first = reuse?.first_name ?? f.person.firstName();
    const last = reuse?.last_name ?? f.person.lastName();
    const applicantId = id(ID_PREFIX.applicant, applied);
    const handle = `${first}.${last}`.toLowerCase().replace(/[^a-z0-9.]/g, '');
    const applicant: ApplicantRow = {
      id: applicantId,
      first_name: first,
      last_name: last,
      email: reuse?.email ?? `${handle}.${i}@example.com`,
      phone: f.number.int(5) === 0 ? '' : f.string.numeric(10),
      address: f.location.streetAddress(),
      location: `${f.location.city()}, ${f.location.state({ abbreviated: true })}`,
      linkedin_url: f.number.int(2) === 0 ? '' : `https://www.linkedin.com/in/${handle}-${i}`,
      website: f.number.int(6) === 0 ? `https://${handle}.example.dev` : '',
      desired_salary: f.number.int(3) === 0 ? '' : String(f.number.int({ min: 40, max: 180 }) * 1000),
      desired_start_date: '',
      source: f.helpers.arrayElement(SOURCES),
      recruiter_id: f.number.int(2) === 0 ? '' : f.helpers.arrayElement(store.users).id,
      apply_date: ymd(applied),
      resume_link: '',
      feedback: [],
      messages: [],
      questionnaire: f.number.int(3) === 0 ? [{ question: 'Are you authorized to work in the US?', answer: 'Yes' }] : [],
      evaluation: [],
    };
    store.applicants.push(applicant);
    activity(store, f, applicantId, 'Applied', applied);

    // 5% on no job, 75% on one, 20% on two.
    const roll = f.number.int(19);
    const jobCountOf = roll === 0 ? 0 : roll <= 15 ? 1 : 2;
    const jobs = f.helpers.arrayElements(store.jobs, jobCountOf);
    for (const job of jobs) {
      const steps = store.stepsOf(job);
      const step = f.helpers.weightedArrayElement(steps.map((s) => ({ value: s, weight: s.workflow_step_category === 'New' ? 6 : s.workflow_step_category === 'Active' ? 3 : 2 })));
      const assigned = between(applied, Math.min(GENERATED_UNTIL - 1, applied + 20 * DAY));
      store.applicants2jobs.push({
        id: id(ID_PREFIX.applicant2job, assigned),
        applicant_id: applicantId,
        job_id: job.id,
        rating: String(f.number.int(5)),
        workflow_step_id: step.workflow_step_id,
        // JazzHR leaves the date of most mappings empty.
        date: f.number.int(2) === 0 ? ymd(assigned) : '0000-00-00',
      });
      if (step.workflow_step_category !== 'New') activity(store, f, applicantId, `Workflow status changed to ${step.workflow_step_name}`, assigned);
      if (step.workflow_step_category === 'Hired') {
        store.hires.push({ id: id(ID_PREFIX.hire, assigned), applicant_id: applicantId, job_id: job.id, hired_time: `${ymd(assigned)} ${hms(assigned)}` });
      }
    }
    if (f.number.int(3) === 0) {
      for (const category of f.helpers.arrayElements(store.categories, { min: 1, max: 2 })) {
        store.categories2applicants.push({ id: id(ID_PREFIX.category2applicant, applied), applicant_id: applicantId, category_id: category.id });
      }
    }
    if (f.number.int(4) === 0) {
      const at = between(applied, GENERATED_UNTIL - 1);
      store.notes.push({ id: id(ID_PREFIX.note, at), applicant_id: applicantId, contents: f.lorem.sentence(), user_id: f.helpers.arrayElement(store.users).id, security: '1', date: ymd(at) });
    }
    if (f.number.int(9) < 7) {
      store.files.push({ id: id(ID_PREFIX.file, applied), applicant_id: applicantId, file_name: `${handle}-resume.pdf`, date_created: ymd(applied) });
    }
  }
  store.activities.sort((a, b) => (a.date + a.time).localeCompare(b.date + b.time));
  store.changed();
  return { store, faker: f };
}

/** Records an activity about an applicant at `ms`, by a random user. */
export function activity(store: JazzStore, f: Faker, applicantId: string, action: string, ms: number): void {
  store.activities.push({
    id: store.nextId(ID_PREFIX.activity, ms, idSuffix(f)),
    user_id: f.helpers.arrayElement(store.users).id,
    object_id: applicantId,
    category: 'applicants',
    action,
    date: ymd(ms + store.timeZoneOffsetMs),
    time: hms(ms + store.timeZoneOffsetMs),
  });
  store.changed();
}
