import type { JoinMember, JoinSet, MappedPage, NormalizedRecord } from '../../connector.js';
import type { GemHiringTeam, GemJob, GemJobPost, GemJobStage } from '../gem.types.js';
import { mapEach, remoteRecord, text, toDate } from './map-helpers.js';

/** A job with what the stream fetched for it from other endpoints. */
export interface GemJobWithExtras {
  job: GemJob;
  /** The job's live and active posts. */
  livePosts: GemJobPost[];
  /** The job's interview plan, from /jobs/{id}/stages. */
  stages: GemJobStage[];
}

const STATUS: Record<string, string> = { open: 'OPEN', closed: 'CLOSED', draft: 'DRAFT', pending_approval: 'DRAFT', approved: 'DRAFT' };

const ROLES: [keyof GemHiringTeam, string][] = [
  ['hiring_managers', 'HIRING_MANAGER'],
  ['recruiters', 'RECRUITER'],
  ['coordinators', 'COORDINATOR'],
  ['sourcers', 'SOURCER'],
];

/** The most recently published of the live and active posts (ties: the most recently updated). */
export function mostRecentLivePost(posts: GemJobPost[]): GemJobPost | null {
  const time = (p: GemJobPost) => Date.parse(p.first_published_at ?? p.created_at) || 0;
  const live = posts.filter((p) => p.live && p.active && !p.deleted_at);
  live.sort((a, b) => time(b) - time(a) || (Date.parse(b.updated_at) || 0) - (Date.parse(a.updated_at) || 0));
  return live[0] ?? null;
}

/** One member per user, with every role the user has on the job's hiring team. */
export function hiringTeamMembers(team: GemHiringTeam | null | undefined): JoinMember[] {
  const roles = new Map<string, string[]>();
  for (const [key, role] of ROLES) {
    for (const user of team?.[key] ?? []) {
      if (!user?.id) continue;
      const list = roles.get(user.id) ?? [];
      if (!list.includes(role)) list.push(role);
      roles.set(user.id, list);
    }
  }
  return [...roles].map(([id, userRoles]) => ({ member: { model: 'users', remote_id: id }, fields: { roles: userRoles } }));
}

/**
 * Gem jobs → jobs, the job's stages (job_stages) and hiring team (job_hiring_team_members).
 * Kombo's rules: location and department are the first office and department, all of them kept
 * in custom_fields; description comes from the most recent live and active post.
 */
export function mapJobs(records: GemJobWithExtras[]): MappedPage {
  const jobs: NormalizedRecord<'jobs'>[] = [];
  const joins: JoinSet[] = [];
  const failures = mapEach('jobs', records, (r) => r?.job?.id, ({ job, livePosts, stages }, id) => {
    const offices = job.offices ?? [];
    const departments = job.departments ?? [];
    const post = mostRecentLivePost(livePosts ?? []);
    jobs.push(
      remoteRecord(
        'jobs',
        id,
        job,
        {
          name: text(job.name),
          job_code: text(job.requisition_id),
          description: text(post?.content),
          confidential: job.confidential ?? null,
          status: STATUS[job.status] ?? null,
          department: text(departments[0]?.name),
          location: text(offices[0]?.location?.name) ?? text(offices[0]?.name),
          post_url: text(post?.board_url),
          opened_at: toDate(job.opened_at),
          closed_at: toDate(job.closed_at),
          custom_fields: {
            offices: offices.map((o) => ({ id: o.id, name: o.name, location: o.location?.name ?? null })),
            departments: departments.map((d) => ({ id: d.id, name: d.name })),
            job_post_id: post?.id ?? null,
            is_template: job.is_template ?? false,
          },
          integration_fields: [],
        },
        { remote_data: job },
      ),
    );
    // A deleted job keeps no stages and no hiring team: the empty sets remove the ones it had.
    const parent = { model: 'jobs' as const, remote_id: id };
    const plan = (job.deleted_at ? [] : (stages ?? [])).filter((s) => s?.id && !s.deleted_at).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    joins.push({
      join: 'job_stages',
      parent,
      members: plan.map((s, index) => ({ member: { model: 'application_stages', remote_id: s.id }, fields: { index } })),
    });
    joins.push({ join: 'job_hiring_team_members', parent, members: job.deleted_at ? [] : hiringTeamMembers(job.hiring_team) });
  });
  return { records: { jobs }, joins, failures };
}
