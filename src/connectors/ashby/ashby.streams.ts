import type { ConnectorContext, FetchRequest, SyncStream } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyListAll, ashbyResults } from './ashby.client.js';
import { mapConcurrent, syncTokenPages, wholeList } from './ashby.paging.js';
import type {
  AshbyApplication,
  AshbyCandidate,
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
import { date } from './mappers/common.js';
import { mapRejectionReasons, mapTags } from './mappers/to-rejection-reason-and-tag.js';

/** Extra calls per page run this many at once; PartnerHttp's limits still apply. */
const FAN_OUT = 4;

/**
 * Answers one run's streams share (a context lives for one run): a plan's stages are asked once per
 * run whichever stream needs them first, the interview definitions once in all.
 */
const perRun = new WeakMap<ConnectorContext, Map<string, Promise<unknown>>>();
function once<T>(ctx: ConnectorContext, key: string, load: () => Promise<T>): Promise<T> {
  let memo = perRun.get(ctx);
  if (!memo) perRun.set(ctx, (memo = new Map()));
  let found = memo.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    memo.set(key, found);
    // A failed answer is asked again by the next caller.
    found.catch(() => memo.delete(key));
  }
  return found;
}

/** The stages of an interview plan (interviewStage.list), once per run. */
export function planStages(ctx: ConnectorContext, planId: string, signal?: AbortSignal): Promise<AshbyStage[]> {
  return once(ctx, `stages:${planId}`, async () => jsonbOrdered(await ashbyResults<AshbyStage[]>(ctx, 'interviewStage.list', { interviewPlanId: planId }, signal)));
}

/** An interview plan as interviewPlan.list gives it: what says whether its stages changed. */
type ListedPlan = Pick<AshbyPlanRecord['plan'], 'id' | 'updatedAt'>;

/**
 * Before a page asks for plans' stages: a plan whose listed updatedAt is the one its stored stages
 * carry keeps them (read back from their remote_data, in plan order), so planStages asks Ashby only
 * for the others. Ashby gives stages no timestamp of their own; a plan's stages change with it, and
 * each stage row carries its plan's updatedAt. Outside a sync (no `stored`) every plan is asked.
 */
async function keepStoredStages(ctx: ConnectorContext, req: Pick<FetchRequest, 'stored'>, plans: readonly ListedPlan[]): Promise<void> {
  let memo = perRun.get(ctx);
  if (!memo) perRun.set(ctx, (memo = new Map()));
  const open = [...new Map(plans.filter((p) => !memo.has(`stages:${p.id}`) && date(p.updatedAt)).map((p) => [p.id, p])).values()];
  if (!req.stored || open.length === 0) return;
  const rows = await req.stored('application_stages', open.map((p) => p.id), ['remote_data'], { by: 'interviewPlanId' });
  const byPlan = new Map<string, Record<string, unknown>[]>();
  for (const row of rows.values()) {
    const planId = (row.remote_data as AshbyStage | null)?.interviewPlanId;
    if (planId) byPlan.set(planId, [...(byPlan.get(planId) ?? []), row]);
  }
  for (const plan of open) {
    const kept = byPlan.get(plan.id) ?? [];
    const at = date(plan.updatedAt)!.getTime();
    // A plan with no stored stage (new, or emptied) cannot be told unchanged: it is asked.
    if (kept.length === 0 || !kept.every((r) => r.remote_updated_at instanceof Date && r.remote_updated_at.getTime() === at)) continue;
    const stages = kept
      .map((r) => r.remote_data as unknown as AshbyStage)
      .sort((a, b) => (a.orderInInterviewPlan ?? 0) - (b.orderInInterviewPlan ?? 0) || a.id.localeCompare(b.id));
    // Another stream may have asked meanwhile: the first answer stands.
    if (!memo.has(`stages:${plan.id}`)) memo.set(`stages:${plan.id}`, Promise.resolve(stages));
  }
}

/** Every interview plan (interviewPlan.list, every page), once per run: the jobs stream's view of which plans changed. */
function listedPlans(ctx: ConnectorContext, signal?: AbortSignal): Promise<Map<string, ListedPlan>> {
  return once(ctx, 'plans', async () => {
    const all = await ashbyListAll<ListedPlan>(ctx, 'interviewPlan.list', { includeArchived: true }, signal);
    return new Map(all.map((p) => [p.id, p]));
  });
}

/**
 * A raw record with its keys in the order PostgreSQL's jsonb keeps them (shorter first, then
 * bytewise): stages read back from their stored remote_data are then the very records Ashby's
 * answer gave, so their rows (whose hash covers remote_data as text) are not rewritten.
 */
function jsonbOrdered<T>(value: T): T {
  if (Array.isArray(value)) return value.map(jsonbOrdered) as T;
  if (!value || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return Object.fromEntries(keys.map((k) => [k, jsonbOrdered((value as Record<string, unknown>)[k])])) as T;
}

/** Interview definition titles by id (interview.list, every page), once per run. */
function interviewTitlesById(ctx: ConnectorContext, signal?: AbortSignal): Promise<Map<string, string | null>> {
  return once(ctx, 'interviews', async () => {
    const all = await ashbyListAll<{ id: string; title?: string | null }>(ctx, 'interview.list', { includeArchived: true, includeNonSharedInterviews: true }, signal);
    return new Map(all.map((i) => [i.id, i.title ?? null]));
  });
}

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
  // Plans sync by token; the stages of a plan whose updatedAt moved come from interviewStage.list,
  // the others' from storage (a FULL still yields them all, so none is swept).
  fetch: (ctx, req) =>
    syncTokenPages<AshbyPlanRecord['plan'], AshbyPlanRecord>(ctx, req, 'interviewPlan.list', { includeArchived: true }, async (plans) => {
      await keepStoredStages(ctx, req, plans);
      return mapConcurrent(plans, FAN_OUT, async (plan) => ({ plan, stages: await planStages(ctx, plan.id, req.signal) }));
    }),
  map: mapApplicationStages,
};

/** What the jobs stream looks up once per run: department and location names, published postings. */
interface JobLookups {
  departments: Map<string, { name: string; parentId?: string }>;
  locations: Map<string, string>;
  postingsByJob: Map<string, AshbyJobPosting[]>;
}

async function jobLookups(ctx: ConnectorContext, req: Pick<FetchRequest, 'signal'>): Promise<JobLookups> {
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

/**
 * A job with what the run's lists say about it. No call per job: the posting comes from
 * jobPosting.list (its description is derived by the writer) and the stages from the job's default
 * plan: stored when interviewPlan.list says it did not change, else its interviewStage.list answer,
 * shared with the application_stages stream.
 */
async function enrichJob(ctx: ConnectorContext, req: Pick<FetchRequest, 'signal'>, lookups: JobLookups, job: AshbyJob): Promise<AshbyJobRecord> {
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
  const posting: AshbyJobRecord['posting'] = live ? { id: live.id, url: live.externalLink ?? live.applyLink ?? null } : null;
  let stages: AshbyStage[] | null = null;
  if (job.defaultInterviewPlanId) {
    try {
      stages = await planStages(ctx, job.defaultInterviewPlanId, req.signal);
    } catch (error) {
      // A plan Ashby no longer knows: no job stages, the job itself still syncs.
      if (!(error instanceof RemoteError && error.kind === 'INPUT')) throw error;
    }
  }
  return { job, departments, locations, posting, stages };
}

/** Jobs read one by one (job.info, for a webhook), enriched as the jobs stream enriches a page. */
export async function enrichJobs(ctx: ConnectorContext, jobs: AshbyJob[], signal: AbortSignal = new AbortController().signal): Promise<AshbyJobRecord[]> {
  if (jobs.length === 0) return [];
  const lookups = await jobLookups(ctx, { signal });
  return mapConcurrent(jobs, FAN_OUT, (job) => enrichJob(ctx, { signal }, lookups, job));
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
        if (req.stored && page.some((job) => job.defaultInterviewPlanId)) {
          // Which plans changed is told by interviewPlan.list (jobs' own updatedAt does not say).
          const plans = await listedPlans(ctx, req.signal);
          await keepStoredStages(ctx, req, page.map((job) => plans.get(job.defaultInterviewPlanId ?? '')).filter((p): p is ListedPlan => !!p));
        }
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
  // The description needs jobPosting.info; a posting whose updatedAt is the stored one keeps the stored description.
  fetch: (ctx, req) =>
    wholeList<AshbyJobPosting, AshbyJobPostingRecord>(ctx, req, 'jobPosting.list', {}, async (postings) => {
      const known = req.stored ? await req.stored('job_postings', postings.map((p) => p.id), ['description_html']) : new Map<string, Record<string, unknown>>();
      return mapConcurrent(postings, FAN_OUT, async (posting) => {
        const before = known.get(posting.id);
        const unchanged = before && posting.updatedAt && before.remote_updated_at instanceof Date && date(posting.updatedAt)?.getTime() === before.remote_updated_at.getTime();
        if (unchanged) return { posting, descriptionHtml: (before.description_html as string | null) ?? null };
        return {
          posting,
          descriptionHtml: (await ashbyResults<{ descriptionHtml?: string | null }>(ctx, 'jobPosting.info', { jobPostingId: posting.id }, req.signal)).descriptionHtml ?? null,
        };
      });
    }),
  map: mapJobPostings,
};

// A candidate's source, when Ashby did not copy it from the first application, is filled in by the
// writer from the stored applications (CANDIDATE_SOURCE): no application.info per candidate.
const candidates: SyncStream<AshbyCandidate> = {
  name: 'candidates',
  models: ['candidates'],
  joins: ['candidate_tags'],
  supportsDelta: true,
  fetch: (ctx, req) => syncTokenPages<AshbyCandidate>(ctx, req, 'candidate.list'),
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
 * Schedules sync by token and embed their events (interviewEvent.list when they do not); an
 * interview's title, when an event does not embed it, comes from interview.list, read once per run.
 */
export async function enrichSchedules(ctx: ConnectorContext, req: FetchRequest, schedules: AshbySchedule[]): Promise<AshbyScheduleRecord[]> {
  return mapConcurrent(schedules, FAN_OUT, async (schedule) => {
    const events = Array.isArray(schedule.interviewEvents)
      ? schedule.interviewEvents
      : await ashbyListAll<AshbyInterviewEvent>(ctx, 'interviewEvent.list', { interviewScheduleId: schedule.id, expand: ['interview'] }, req.signal);
    const interviewTitles: Record<string, string | null> = {};
    const untitled = events.filter((e) => e?.interviewId && !e.interview?.title);
    if (untitled.length > 0) {
      const titles = await interviewTitlesById(ctx, req.signal);
      for (const e of untitled) interviewTitles[e.interviewId!] = titles.get(e.interviewId!) ?? null;
    }
    return { schedule, events, interviewTitles };
  });
}

const interviews: SyncStream<AshbyScheduleRecord> = {
  name: 'interviews',
  models: ['interviews'],
  joins: ['interview_team_members'],
  supportsDelta: true,
  fetch: (ctx, req) => syncTokenPages<AshbySchedule, AshbyScheduleRecord>(ctx, req, 'interviewSchedule.list', {}, (schedules) => enrichSchedules(ctx, req, schedules)),
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
