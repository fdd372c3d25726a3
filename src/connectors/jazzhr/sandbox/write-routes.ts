import type { Faker } from '@faker-js/faker';
import type { JazzApplicant2Job } from '../jazzhr.types.js';
import { activity, idSuffix } from './generate-data.js';
import { hms, ID_PREFIX, ymd, type ApplicantRow, type JazzStore } from './sandbox-store.js';

/** What a POST answers: a status and a body. Refusals come as `_error` with a success status, as JazzHR sends them. */
export interface WriteReply {
  status: number;
  body: unknown;
  /** True when the write changed the data (a fault may then drop the reply after the commit). */
  committed: boolean;
}

const refuse = (message: string): WriteReply => ({ status: 200, body: { _error: message }, committed: false });
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** The optional applicant fields POST /applicants takes, mapped to the detail's names. */
const OPTIONAL: [string, keyof ApplicantRow][] = [
  ['phone', 'phone'],
  ['address', 'address'],
  ['linkedin', 'linkedin_url'],
  ['website', 'website'],
  ['salary', 'desired_salary'],
  ['start', 'desired_start_date'],
  ['source', 'source'],
];

/**
 * POST /applicants: {first_name, last_name, email?, job?, workflow_step_id?, …} → {prospect_id}.
 * JazzHR does not dedupe: a known email makes a second, unflagged profile. With `job` the applicant
 * lands on that job in its workflow's "New" step unless `workflow_step_id` names another.
 */
export function createApplicant(store: JazzStore, f: Faker, body: Record<string, unknown>, now = Date.now()): WriteReply {
  const first = str(body.first_name);
  const last = str(body.last_name);
  if (!first || !last) return refuse('first_name and last_name are required.');
  const jobId = str(body.job);
  const job = jobId ? store.job(jobId) : undefined;
  if (jobId && !job) return refuse(`Invalid job: ${jobId}.`);
  let stepId: number | undefined;
  if (job) {
    const requested = str(body.workflow_step_id);
    if (requested) {
      const step = store.stepsOf(job).find((s) => String(s.workflow_step_id) === requested);
      if (!step) return refuse(`Invalid workflow_step_id for this job: ${requested}.`);
      stepId = step.workflow_step_id;
    } else {
      stepId = store.newStep(job).workflow_step_id;
    }
  }
  const id = store.nextId(ID_PREFIX.applicant, now, idSuffix(f));
  const applicant: ApplicantRow = {
    id,
    first_name: first,
    last_name: last,
    email: str(body.email),
    phone: '',
    address: '',
    location: [str(body.city), str(body.state)].filter(Boolean).join(', '),
    linkedin_url: '',
    website: '',
    desired_salary: '',
    desired_start_date: '',
    source: '',
    recruiter_id: '',
    apply_date: str(body.apply_date) || ymd(now),
    resume_link: '',
    feedback: [],
    messages: [],
    questionnaire: [],
    evaluation: [],
  };
  for (const [input, field] of OPTIONAL) if (str(body[input])) (applicant as unknown as Record<string, string>)[field] = str(body[input]);
  store.applicants.push(applicant);
  // A résumé travels as base64 in `base64-resume` (three clients spell it so); it becomes the applicant's file.
  const resume = str(body['base64-resume']);
  if (resume) {
    const fileId = store.nextId(ID_PREFIX.file, now, idSuffix(f));
    store.files.push({ id: fileId, applicant_id: id, file_name: `${first}-${last}-resume`.toLowerCase().replace(/[^a-z0-9-]/g, ''), date_created: ymd(now) });
    applicant.resume_link = `https://app.jazz.co/files/${fileId}`;
  }
  activity(store, f, id, 'Applicant added', now);
  if (job && stepId !== undefined) mapToJob(store, f, id, job.id, stepId, now);
  store.changed();
  return { status: 200, body: { prospect_id: id }, committed: true };
}

/**
 * POST /applicants2jobs {applicant_id, job_id, workflow_step_id?}: puts an existing applicant on a
 * job (seek2jazz); a pairing that exists already is refused.
 */
export function assignToJob(store: JazzStore, f: Faker, body: Record<string, unknown>, now = Date.now()): WriteReply {
  const applicantId = str(body.applicant_id);
  const jobId = str(body.job_id);
  if (!applicantId || !jobId) return refuse('applicant_id and job_id are required.');
  if (!store.applicant(applicantId)) return refuse(`Invalid applicant_id: ${applicantId}.`);
  const job = store.job(jobId);
  if (!job) return refuse(`Invalid job_id: ${jobId}.`);
  if (store.of(applicantId).jobs.some((m) => m.job_id === jobId)) return refuse('This applicant is already assigned to this job.');
  const requested = str(body.workflow_step_id);
  const step = requested ? store.stepsOf(job).find((s) => String(s.workflow_step_id) === requested) : store.newStep(job);
  if (!step) return refuse(`Invalid workflow_step_id for this job: ${requested}.`);
  const mapping = mapToJob(store, f, applicantId, jobId, step.workflow_step_id, now);
  activity(store, f, applicantId, `Added to job ${job.title}`, now);
  store.changed();
  return { status: 200, body: { applicant2job_id: mapping.id }, committed: true };
}

/** POST /notes {applicant_id, contents, user_id, security} → {comment_id}. */
export function addNote(store: JazzStore, f: Faker, body: Record<string, unknown>, now = Date.now()): WriteReply {
  const applicantId = str(body.applicant_id);
  const contents = str(body.contents);
  if (!applicantId || !contents) return refuse('applicant_id and contents are required.');
  if (!store.applicant(applicantId)) return refuse(`Invalid applicant_id: ${applicantId}.`);
  const id = store.nextId(ID_PREFIX.note, now, idSuffix(f));
  store.notes.push({ id, applicant_id: applicantId, contents, user_id: str(body.user_id) || 'usr_anonymous', security: str(body.security) || '1', date: ymd(now) });
  activity(store, f, applicantId, 'Comment added', now);
  store.changed();
  return { status: 200, body: { comment_id: id }, committed: true };
}

/** POST /categories2applicants {applicant_id, category_id} → {pro2cat_id}. */
export function tagApplicant(store: JazzStore, f: Faker, body: Record<string, unknown>, now = Date.now()): WriteReply {
  const applicantId = str(body.applicant_id);
  const categoryId = str(body.category_id);
  if (!store.applicant(applicantId)) return refuse(`Invalid applicant_id: ${applicantId}.`);
  if (!store.categories.some((c) => c.id === categoryId)) return refuse(`Invalid category_id: ${categoryId}.`);
  const existing = store.of(applicantId).categories.find((c) => c.category_id === categoryId);
  if (existing) return { status: 200, body: { pro2cat_id: existing.id }, committed: false };
  const id = store.nextId(ID_PREFIX.category2applicant, now, idSuffix(f));
  store.categories2applicants.push({ id, applicant_id: applicantId, category_id: categoryId });
  activity(store, f, applicantId, 'Category added', now);
  store.changed();
  return { status: 200, body: { pro2cat_id: id }, committed: true };
}

export function mapToJob(store: JazzStore, f: Faker, applicantId: string, jobId: string, stepId: number, now: number): JazzApplicant2Job {
  const mapping: JazzApplicant2Job = { id: store.nextId(ID_PREFIX.applicant2job, now, idSuffix(f)), applicant_id: applicantId, job_id: jobId, rating: '0', workflow_step_id: stepId, date: ymd(now) };
  store.applicants2jobs.push(mapping);
  return mapping;
}

/** Hires an applicant on a job: the Hired step, a hire record and an activity. */
export function hire(store: JazzStore, f: Faker, mapping: JazzApplicant2Job, now: number): void {
  const job = store.job(mapping.job_id)!;
  const hired = store.stepsOf(job).find((s) => s.workflow_step_category === 'Hired')!;
  mapping.workflow_step_id = hired.workflow_step_id;
  store.hires.push({ id: store.nextId(ID_PREFIX.hire, now, idSuffix(f)), applicant_id: mapping.applicant_id, job_id: mapping.job_id, hired_time: `${ymd(now)} ${hms(now)}` });
  activity(store, f, mapping.applicant_id, `Workflow status changed to ${hired.workflow_step_name}`, now);
  store.changed();
}

/** POST /categories {name, status} → {category_id}; a name that exists is refused. */
export function createCategory(store: JazzStore, f: Faker, body: Record<string, unknown>, now = Date.now()): WriteReply {
  const name = str(body.name);
  if (!name) return refuse('name is required.');
  if (store.categories.some((c) => c.name.toLowerCase() === name.toLowerCase())) return refuse(`A category named ${name} exists already.`);
  const id = store.nextId(ID_PREFIX.category, now, idSuffix(f));
  store.categories.push({ id, name, status: str(body.status) || 'Active' });
  store.changed();
  return { status: 200, body: { category_id: id }, committed: true };
}
