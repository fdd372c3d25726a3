import type { JoinSet, MappedPage, NormalizedRecord } from '../../connector.js';
import type { JazzJob, JazzWorkflowStep } from '../jazzhr.types.js';
import { jazzDate, jazzRecord, mapEach, text } from './map-helpers.js';

/** A job with what other lists say about it: the confidential filter and its workflow's steps. */
export interface JazzJobWithExtras {
  job: JazzJob;
  /** Listed by /jobs/confidential/true (jobs have no such field). */
  confidential: boolean;
  steps: JazzWorkflowStep[];
}

const STATUS: Record<string, string> = {
  Open: 'OPEN',
  'On Hold': 'OPEN',
  Approved: 'DRAFT',
  'Needs Approval': 'DRAFT',
  Drafting: 'DRAFT',
  Filled: 'CLOSED',
  Cancelled: 'CLOSED',
  Closed: 'CLOSED',
};

const EMPLOYMENT: Record<string, string> = { 'full time': 'FULL_TIME', 'part time': 'PART_TIME', contract: 'CONTRACT', internship: 'INTERNSHIP', temporary: 'TEMPORARY', seasonal: 'SEASONAL', volunteer: 'VOLUNTEER' };

/** The fields with a column of their own; everything else of the job is kept in custom_fields. */
const TYPED = new Set(['id', 'title', 'description', 'department', 'original_open_date', 'workflow_id']);

const onBoards = (job: JazzJob) => job.send_to_job_boards === '1' || job.send_to_job_boards?.toLowerCase?.() === 'yes';

/** "City, ST" from the job's city and state; null when both are empty. */
export function jobLocation(job: Pick<JazzJob, 'city' | 'state'>): string | null {
  return [text(job.city), text(job.state)].filter(Boolean).join(', ') || null;
}

const amount = (s: string) => (text(s) && Number.isFinite(Number(s)) && Number(s) > 0 ? String(Number(s)) : null);

/**
 * JazzHR jobs → jobs, a job posting for each job on the job boards, the job's stages (its
 * workflow's steps, in order) and its hiring lead as hiring team member. Department and city/state
 * are the job's department and location; every other field is kept in custom_fields.
 */
export function mapJobs(records: JazzJobWithExtras[]): MappedPage {
  const jobs: NormalizedRecord<'jobs'>[] = [];
  const postings: NormalizedRecord<'job_postings'>[] = [];
  const joins: JoinSet[] = [];
  const failures = mapEach('jobs', records, (r) => r?.job?.id, ({ job, confidential, steps }, id) => {
    if (!(job.status in STATUS)) throw new Error(`Unknown JazzHR job status "${job.status}".`);
    const custom = Object.fromEntries(Object.entries(job).filter(([k]) => !TYPED.has(k)));
    jobs.push(
      jazzRecord('jobs', id, job.original_open_date, {
        name: text(job.title),
        job_code: text(job.internal_code),
        description: text(job.description),
        confidential,
        status: STATUS[job.status],
        visibility: confidential ? 'CONFIDENTIAL' : onBoards(job) ? 'PUBLIC' : 'UNLISTED',
        employment_type: EMPLOYMENT[(job.type ?? '').toLowerCase()] ?? null,
        department: text(job.department),
        location: jobLocation(job),
        // JazzHR's API gives no public job URL (the board URL needs the company's subdomain).
        post_url: null,
        salary_amount_from: amount(job.minimum_salary),
        salary_amount_to: amount(job.maximum_salary),
        opened_at: jazzDate(job.original_open_date),
        closed_at: null,
        custom_fields: { ...custom, workflow_id: job.workflow_id ?? null },
        integration_fields: [],
      }, { remote_data: job }),
    );
    if (onBoards(job) && !confidential) {
      postings.push(
        jazzRecord('job_postings', id, job.original_open_date, {
          title: text(job.title),
          description_html: text(job.description),
          status: job.status === 'Open' ? 'ACTIVE' : 'INACTIVE',
          visibility: 'PUBLIC',
          url: null,
          custom_fields: { board_code: text(job.board_code) },
          integration_fields: [],
        }, { refs: { job_id: { model: 'jobs', remote_id: id } }, remote_data: { job_id: id, board_code: job.board_code, send_to_job_boards: job.send_to_job_boards } }),
      );
    }
    const parent = { model: 'jobs' as const, remote_id: id };
    const ordered = [...(steps ?? [])].sort((a, b) => a.workflow_step_order - b.workflow_step_order);
    joins.push({ join: 'job_stages', parent, members: ordered.map((s, index) => ({ member: { model: 'application_stages', remote_id: String(s.workflow_step_id) }, fields: { index } })) });
    const lead = text(job.hiring_lead);
    joins.push({ join: 'job_hiring_team_members', parent, members: lead ? [{ member: { model: 'users', remote_id: lead }, fields: { roles: ['HIRING_MANAGER'] } }] : [] });
  });
  return { records: { jobs, job_postings: postings }, joins, failures };
}
