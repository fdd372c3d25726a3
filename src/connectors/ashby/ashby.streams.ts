import type { ConnectorContext, FetchRequest, SyncStream } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyListAll, ashbyResults } from './ashby.client.js';
import { mapConcurrent, syncTokenPages, wholeList } from './ashby.paging.js';
import type {
  AshbyApplication,
  AshbyCandidate,
  AshbyCandidateRecord,
  AshbyInterviewEvent,
  AshbyJob,
  AshbyJobPosting,
  AshbyJobPostingRecord,
  AshbyJobRecord,
  AshbyOffer,
  AshbyPlanRecord,
  AshbySchedule,
  AshbyScheduleRecord,
  AshbyStage,
  AshbyUser,
} from './ashby.types.js';
import { mapApplicationStages } from './mappers/to-application-stage.js';
import { mapApplications } from './mappers/to-application.js';
import { mapCandidates } from './mappers/to-candidate.js';
import { mapInterviews } from './mappers/to-interview.js';
import { mapJobPostings } from './mappers/to-job-posting.js';
import { mapJobs } from './mappers/to-job.js';
import { mapOffers } from './mappers/to-offer.js';
import { mapUsers } from './mappers/to-user.js';
import { mapRejectionReasons, mapTags } from './mappers/to-rejection-reason-and-tag.js';

/** Extra calls per page run this many at once; PartnerHttp's limits still apply. */
const FAN_OUT = 4;

const users: SyncStream<AshbyUser> = {
  name: 'users',
  models: ['users'],
  supportsDelta: true,
  fetch: (ctx, req) => syncTokenPages(ctx, req, 'user.list', { includeDeactivated: true }),
  map: mapUsers,
};

const rejectionReasons: SyncStream<{ id: string; text?: string | null }> = {
  name: 'rejection_reasons',
  models: ['rejection_reasons'],
  // archiveReason.list is neither paged nor synced: every run reads it whole.
  supportsDelta: false,
  fetch: (ctx, req) => wholeList(ctx, req, 'archiveReason.list', { includeArchived: true }),
  map: mapRejectionReasons,
};

const tags: SyncStream<{ id: string; title?: string | null }> = {
  name: 'tags',
  models: ['tags'],
  supportsDelta: true,
  fetch: (ctx, req) => syncTokenPages(ctx, req, 'candidateTag.list', { includeArchived: true }),
  map: mapTags,
};

const applicationStages: SyncStream<AshbyPlanRecord> = {
  name: 'application_stages',
  models: ['application_stages'],
  supportsDelta: true,
  // Plans sync by token; each changed plan's stages come from interviewStage.list.
  fetch: (ctx, req) =>
    syncTokenPages<AshbyPlanRecord['plan'], AshbyPlanRecord>(ctx, req, 'interviewPlan.list', { includeArchived: true }, (plans) =>
      mapConcurrent(plans, FAN_OUT, async (plan) => ({
        plan,
        stages: await ashbyResults<AshbyStage[]>(ctx, 'interviewStage.list', { interviewPlanId: plan.id }, req.signal),
      })),
    ),
  map: mapApplicationStages,
};

/** What the jobs stream looks up once per run: department and location names, published postings. */
interface JobLookups {
  departments: Map<string, { name: string; parentId?: string }>;
  locations: Map<string, string>;
  postingsByJob: Map<string, AshbyJobPosting[]>;
}

async function jobLookups(ctx: ConnectorContext, req: FetchRequest): Promise<JobLookups> {
  const [departments, locations, postings] = await Promise.all([
    ashbyListAll<{ id: string; name: string; parentId?: string }>(ctx, 'department.list', { includeArchived: true }, req.signal),
    ashbyListAll<{ id: string; name: string }>(ctx, 'location.list', { includeArchived: true }, req.signal),
    ashbyResults<AshbyJobPosting[]>(ctx, 'jobPosting.list', {}, req.signal),
  ]);
  const postingsByJob = new Map<string, AshbyJobPosting[]>();
  for (const p of postings) if (p.jobId) postingsByJob.set(p.jobId, [...(postingsByJob.get(p.jobId) ?? []), p]);
  return {
    departments: new Map(departments.map((d) => [d.id, { name: d.name, parentId: d.parentId }])),
    locations: new Map(locations.map((l) => [l.id, l.name])),
    postingsByJob,
  };
}

/** The most recent live (listed) posting: latest publishedDate, then latest update. */
export function mostRecentLivePosting(postings: readonly AshbyJobPosting[]): AshbyJobPosting | undefined {
  return postings
    .filter((p) => p.isListed === true)
    .sort((a, b) => (b.publishedDate ?? '').localeCompare(a.publishedDate ?? '') || (b.updatedAt ?? '').localeCompare(a.updatedAt ?? ''))[0];
}

async function enrichJob(ctx: ConnectorContext, req: FetchRequest, lookups: JobLookups, job: AshbyJob): Promise<AshbyJobRecord> {
  // The job's department first, then its parents.
  const departments: string[] = [];
  for (let id = job.departmentId ?? undefined; id && departments.length < 10; ) {
    const d = lookups.departments.get(id);
    if (!d) break;
    departments.push(d.name);
    id = d.parentId;
  }
  const locationIds = [job.locationId, ...(job.openings ?? []).flatMap((o) => o?.latestVersion?.locationIds ?? [])];
  const locations = [...new Set(locationIds.map((id) => (id ? lookups.locations.get(id) : undefined)).filter((n): n is string => !!n))];
  const live = mostRecentLivePosting(lookups.postingsByJob.get(job.id) ?? []);
  let posting: AshbyJobRecord['posting'] = null;
  if (live) {
    const info = await ashbyResults<{ descriptionHtml?: string | null; externalLink?: string | null; applyLink?: string | null }>(ctx, 'jobPosting.info', { jobPostingId: live.id }, req.signal);
    posting = { id: live.id, descriptionHtml: info.descriptionHtml ?? null, url: info.externalLink ?? live.externalLink ?? info.applyLink ?? live.applyLink ?? null };
  }
  let stages: AshbyStage[] | null = null;
  try {
    stages = (await ashbyResults<{ stages?: AshbyStage[] }>(ctx, 'jobInterviewPlan.info', { jobId: job.id }, req.signal)).stages ?? [];
  } catch (error) {
    // A job without an interview plan: no job stages, the job itself still syncs.
    if (!(error instanceof RemoteError && error.kind === 'INPUT')) throw error;
  }
  return { job, departments, locations, posting, stages };
}

const jobs: SyncStream<AshbyJobRecord> = {
  name: 'jobs',
  models: ['jobs'],
  joins: ['job_stages', 'job_hiring_team_members'],
  supportsDelta: true,
  async *fetch(ctx, req) {
    let lookups: JobLookups | undefined;
    yield* syncTokenPages<AshbyJob, AshbyJobRecord>(
      ctx,
      req,
      'job.list',
      // Draft jobs come back only when asked for.
      { status: ['Draft', 'Open', 'Closed', 'Archived'], expand: ['location', 'openings'] },
      async (page) => {
        if (page.length === 0) return [];
        lookups ??= await jobLookups(ctx, req);
        return mapConcurrent(page, FAN_OUT, (job) => enrichJob(ctx, req, lookups!, job));
      },
    );
  },
  map: mapJobs,
};

const jobPostings: SyncStream<AshbyJobPostingRecord> = {
  name: 'job_postings',
  models: ['job_postings'],
  // jobPosting.list is neither paged nor synced.
  supportsDelta: false,
  fetch: (ctx, req) =>
    wholeList<AshbyJobPosting, AshbyJobPostingRecord>(ctx, req, 'jobPosting.list', {}, (postings) =>
      mapConcurrent(postings, FAN_OUT, async (posting) => ({
        posting,
        descriptionHtml: (await ashbyResults<{ descriptionHtml?: string | null }>(ctx, 'jobPosting.info', { jobPostingId: posting.id }, req.signal)).descriptionHtml ?? null,
      })),
    ),
  map: mapJobPostings,
};

/**
 * A candidate as the candidates stream yields it. Ashby copies the first application's source onto
 * the candidate; when it is missing, the application is asked. fetchByIds uses this too, so a
 * re-read candidate hashes as the next sync will.
 */
export async function candidateRecord(ctx: ConnectorContext, candidate: AshbyCandidate, signal?: AbortSignal): Promise<AshbyCandidateRecord> {
  const first = candidate.applicationIds?.[0];
  if (candidate.source?.title || !first) return { candidate, firstApplicationSource: null };
  try {
    const app = await ashbyResults<AshbyApplication>(ctx, 'application.info', { applicationId: first }, signal);
    return { candidate, firstApplicationSource: app.source?.title ?? null };
  } catch (error) {
    if (error instanceof RemoteError && error.kind === 'INPUT') return { candidate, firstApplicationSource: null };
    throw error;
  }
}

const candidates: SyncStream<AshbyCandidateRecord> = {
  name: 'candidates',
  models: ['candidates'],
  joins: ['candidate_tags'],
  supportsDelta: true,
  fetch: (ctx, req) =>
    syncTokenPages<AshbyCandidate, AshbyCandidateRecord>(ctx, req, 'candidate.list', {}, (page) =>
      mapConcurrent(page, FAN_OUT, (candidate) => candidateRecord(ctx, candidate, req.signal)),
    ),
  map: mapCandidates,
};

const applications: SyncStream<AshbyApplication> = {
  name: 'applications',
  models: ['applications'],
  supportsDelta: true,
  fetch: (ctx, req) => syncTokenPages(ctx, req, 'application.list'),
  map: mapApplications,
};

/**
 * Schedules sync by token and embed their events (interviewEvent.list when they do not); the
 * interview's title comes from interview.info, once per interview definition per run.
 */
export async function enrichSchedules(ctx: ConnectorContext, req: FetchRequest, titles: Map<string, Promise<string | null>>, schedules: AshbySchedule[]): Promise<AshbyScheduleRecord[]> {
  const titleOf = (id: string) => {
    let title = titles.get(id);
    if (!title) {
      title = ashbyResults<{ title?: string | null }>(ctx, 'interview.info', { id }, req.signal).then(
        (interview) => interview.title ?? null,
        (error: unknown) => {
          if (error instanceof RemoteError && error.kind === 'INPUT') return null;
          titles.delete(id);
          throw error;
        },
      );
      titles.set(id, title);
    }
    return title;
  };
  return mapConcurrent(schedules, FAN_OUT, async (schedule) => {
    const events = Array.isArray(schedule.interviewEvents)
      ? schedule.interviewEvents
      : await ashbyListAll<AshbyInterviewEvent>(ctx, 'interviewEvent.list', { interviewScheduleId: schedule.id, expand: ['interview'] }, req.signal);
    const interviewTitles: Record<string, string | null> = {};
    for (const e of events) if (e?.interviewId && !e.interview?.title) interviewTitles[e.interviewId] = await titleOf(e.interviewId);
    return { schedule, events, interviewTitles };
  });
}

const interviews: SyncStream<AshbyScheduleRecord> = {
  name: 'interviews',
  models: ['interviews'],
  joins: ['interview_team_members'],
  supportsDelta: true,
  async *fetch(ctx, req) {
    const titles = new Map<string, Promise<string | null>>();
    yield* syncTokenPages<AshbySchedule, AshbyScheduleRecord>(ctx, req, 'interviewSchedule.list', {}, (schedules) => enrichSchedules(ctx, req, titles, schedules));
  },
  map: mapInterviews,
};

const offers: SyncStream<AshbyOffer> = {
  name: 'offers',
  models: ['offers'],
  supportsDelta: true,
  fetch: (ctx, req) => syncTokenPages(ctx, req, 'offer.list'),
  map: mapOffers,
};

/** In dependency order: referenced models before the ones that reference them. */
export const ASHBY_STREAMS: readonly SyncStream[] = [
  users,
  rejectionReasons,
  tags,
  applicationStages,
  jobs,
  jobPostings,
  candidates,
  applications,
  interviews,
  offers,
] as unknown as readonly SyncStream[]; // each stream's map takes its own raw shape
