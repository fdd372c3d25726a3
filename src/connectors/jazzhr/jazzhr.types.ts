/**
 * JazzHR v1 payloads (partner-apis.md §3.7, write-and-webhook-anchors.md §3). Every value is a
 * string unless noted: JazzHR serializes numbers and dates as strings ("YYYY-MM-DD"), except
 * `workflow_step_id`, which is an integer on applicants2jobs and on an applicant's jobs[].
 */

export interface JazzUser {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  /** e.g. "Super Admin", "Recruiting Admin", "Hiring Manager", "Interviewer". */
  type: string;
  date_created: string;
}

/** A job as GET /jobs lists it. Jobs carry no confidential field: only the /confidential/true filter tells. */
export interface JazzJob {
  id: string;
  team_id: string;
  title: string;
  country_id: string;
  city: string;
  state: string;
  zip: string;
  department: string;
  description: string;
  minimum_salary: string;
  maximum_salary: string;
  notes: string;
  original_open_date: string;
  type: string;
  /** Open, On Hold, Approved, Needs Approval, Drafting, Filled, Cancelled, Closed. */
  status: string;
  /** "1" when the job is sent to the job boards (has a public posting), "0" otherwise. */
  send_to_job_boards: string;
  /** A user id. */
  hiring_lead: string;
  board_code: string;
  internal_code: string;
  questionnaire: string;
  /** The workflow (template of steps) the job's applicants move through. */
  workflow_id: string;
}

/** GET /jobs/{id} adds the job's applicants. */
export interface JazzJobDetail extends JazzJob {
  job_applicants: { applicant_id: string; first_name: string; last_name: string; apply_date: string }[];
}

/** A workflow step: `category` is JazzHR's disposition class; Hired and Not Hired are final. */
export interface JazzWorkflowStep {
  workflow_step_id: number;
  workflow_step_name: string;
  workflow_step_category: 'New' | 'Active' | 'Hired' | 'Not Hired';
  workflow_step_order: number;
}

export interface JazzWorkflow {
  workflow_id: string;
  workflow_name: string;
  workflow_steps: JazzWorkflowStep[];
}

/** An item of GET /applicants: a summary without email (only the detail call has it). */
export interface JazzApplicantSummary {
  id: string;
  first_name: string;
  last_name: string;
  prospect_phone: string;
  apply_date: string;
  /** The most recent job the applicant is on ("" when none). */
  job_id: string;
  job_title: string;
}

export interface JazzApplicantJob {
  job_id: string;
  job_title: string;
  workflow_step_id: number;
  applicant_progress: string;
  hiring_lead_rating: number;
  average_rating: number;
}

/** GET /applicants/{id}. */
export interface JazzApplicantDetail {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  address: string;
  location: string;
  linkedin_url: string;
  website: string;
  desired_salary: string;
  desired_start_date: string;
  source: string;
  recruiter_id: string;
  apply_date: string;
  resume_link: string;
  comments_count: string;
  jobs: JazzApplicantJob[];
  activities: { id: string; activity: string; date: string; time: string }[];
  feedback: unknown[];
  messages: unknown[];
  questionnaire: { question: string; answer: string }[];
  evaluation: unknown[];
  /** The applicant's categories (tags). */
  categories: { id: string; name: string }[];
  comments: { id: string; contents: string; user_id: string; date: string }[];
}

/** An item of GET /applicants2jobs: one applicant on one job. `date` is often "0000-00-00". */
export interface JazzApplicant2Job {
  id: string;
  applicant_id: string;
  job_id: string;
  rating: string;
  workflow_step_id: number;
  date: string;
}

export interface JazzHire {
  id: string;
  applicant_id: string;
  job_id: string;
  /** "YYYY-MM-DD HH:MM:SS". */
  hired_time: string;
}

/** GET /activities, newest first; `object_id` is the applicant (or job) the activity is about. */
export interface JazzActivity {
  id: string;
  user_id: string;
  object_id: string;
  /** "applicants" or "jobs". */
  category: string;
  action: string;
  date: string;
  time: string;
}

export interface JazzCategory {
  id: string;
  name: string;
  status: string;
}

export interface JazzCategory2Applicant {
  id: string;
  applicant_id: string;
  category_id: string;
}

export interface JazzNote {
  id: string;
  applicant_id: string;
  contents: string;
  user_id: string;
  security: string;
  date: string;
}

export interface JazzFile {
  id: string;
  applicant_id: string;
  file_name: string;
  date_created: string;
}

/** A refusal JazzHR sends with a success status ([APIFY] src/api.js). */
export interface JazzErrorBody {
  _error: string;
}
