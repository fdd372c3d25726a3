import type { JoinSet, MappedPage } from '../../connector.js';
import type { AshbyJobRecord } from '../ashby.types.js';
import { customFields, date, mapEach, push, text } from './common.js';
import { JOB_DESCRIPTION } from './derived.js';

const STATUS: Record<string, string> = { Open: 'OPEN', Closed: 'CLOSED', Draft: 'DRAFT', Archived: 'ARCHIVED' };
const EMPLOYMENT: Record<string, string> = { FullTime: 'FULL_TIME', PartTime: 'PART_TIME', Intern: 'INTERNSHIP', Contract: 'CONTRACT', Temporary: 'TEMPORARY' };
const WORKPLACE: Record<string, string> = { Remote: 'REMOTE', Hybrid: 'HYBRID', OnSite: 'ON_SITE' };
export const HIRING_TEAM_ROLES: Record<string, string> = { 'Hiring Manager': 'HIRING_MANAGER', Recruiter: 'RECRUITER', Coordinator: 'COORDINATOR', Sourcer: 'SOURCER' };

/**
 * A job, the stages of its interview plan and its hiring team. Location and department are the
 * first of each; all of them are kept in custom_fields. The post URL comes from the most recent live
 * posting the stream attached; the description from the same posting, filled in by the writer
 * (JOB_DESCRIPTION) from the stored job postings.
 */
export function mapJobs(records: AshbyJobRecord[]): MappedPage {
  const mapped = mapEach(records, 'jobs', (r) => r?.job?.id, ({ job, departments, locations, posting, stages }, page) => {
    const joins: JoinSet[] = [];
    if (stages) {
      joins.push({
        join: 'job_stages',
        parent: { model: 'jobs', remote_id: job.id },
        members: stages.map((s, i) => ({ member: { model: 'application_stages', remote_id: s.id }, fields: { index: s.orderInInterviewPlan ?? i } })),
      });
    }
    // One member per user, with every role they hold on the job.
    const roles = new Map<string, string[]>();
    for (const m of job.hiringTeam ?? []) {
      if (!m?.userId) continue;
      const role = m.role ? (HIRING_TEAM_ROLES[m.role] ?? m.role) : null;
      const list = roles.get(m.userId) ?? [];
      if (role && !list.includes(role)) list.push(role);
      roles.set(m.userId, list);
    }
    joins.push({
      join: 'job_hiring_team_members',
      parent: { model: 'jobs', remote_id: job.id },
      members: [...roles].map(([userId, r]) => ({ member: { model: 'users', remote_id: userId }, fields: { roles: r } })),
    });
    const workplace = job.location?.workplaceType;
    push(page, 'jobs', {
      remote_id: job.id,
      fields: {
        name: text(job.title),
        job_code: text(job.customRequisitionId),
        description: null,
        confidential: typeof job.confidential === 'boolean' ? job.confidential : null,
        status: (job.status && STATUS[job.status]) ?? null,
        visibility: job.confidential ? 'CONFIDENTIAL' : posting ? 'PUBLIC' : null,
        employment_type: (job.employmentType && EMPLOYMENT[job.employmentType]) ?? text(job.employmentType),
        category: null,
        department: departments[0] ?? null,
        location: locations[0] ?? null,
        post_url: posting?.url ?? null,
        experience_level: null,
        remote_work_status: (workplace && WORKPLACE[workplace]) ?? null,
        weekly_hours: null,
        salary_amount: null,
        salary_amount_from: null,
        salary_amount_to: null,
        salary_currency: null,
        salary_period: null,
        opened_at: date(job.openedAt),
        closed_at: date(job.closedAt),
        custom_fields: { ...customFields(job.customFields), departments, locations },
        integration_fields: [],
        remote_created_at: date(job.createdAt),
        remote_updated_at: date(job.updatedAt),
      },
      remote_data: job,
    });
    page.joins.push(...joins);
  });
  return { ...mapped, derived: [JOB_DESCRIPTION] };
}
