import type { AtsModel, ConnectorContext, FetchRequest, JoinModel, MappedPage, RawPage, SyncStream } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { atsPages, getAllAts, getAtsPage, type Params } from './gem.client.js';
import { nextDelta, planRun, resumeAt, type RunPlan } from './gem.positions.js';
import type { GemApplication, GemCandidate, GemJob, GemJobPost, GemJobStage, GemScheduledInterview, GemUser } from './gem.types.js';
import { mapApplicationStages } from './mappers/to-application-stage.js';
import { mapApplications } from './mappers/to-application.js';
import { mapCandidates } from './mappers/to-candidate.js';
import { mapInterviews, type GemInterviewWithStage } from './mappers/to-interview.js';
import { mapJobPostings } from './mappers/to-job-posting.js';
import { mapJobs, type GemJobWithExtras } from './mappers/to-job.js';
import { boardUrls } from './gem.job-board.js';
import { mapUsers } from './mappers/to-user.js';

/**
 * The query of one run: include_deleted always, so soft deletions arrive with deleted_at (and a
 * deleted record never drops out of a list mid-run, which would shift the pages), plus the delta
 * filter of a DELTA run.
 */
function runParams(plan: RunPlan, deltaFilter: string): Params {
  return { include_deleted: 'true', ...(plan.updatedAfter ? { [deltaFilter]: plan.updatedAfter } : {}) };
}

interface ListStreamSpec<Api, Raw, Prepared> {
  name: string;
  path: string;
  models: AtsModel[];
  joins?: JoinModel[];
  /** The delta filter: updated_after for most lists, last_activity_after for applications. */
  deltaFilter: 'updated_after' | 'last_activity_after';
  /** Loads, once per run, what every page needs from other endpoints. */
  prepare?: (context: ConnectorContext, signal: AbortSignal) => Promise<Prepared>;
  /** Attaches it to one page of records, so that `map` stays a pure function of the page. */
  enrich?: (records: Api[], prepared: Prepared) => Raw[];
  /**
   * DELTA only, after the list: records whose data from other endpoints changed while their own
   * updated_at did not, in batches.
   */
  touched?: (context: ConnectorContext, since: string, signal: AbortSignal) => AsyncIterable<Api[]>;
  map(records: Raw[]): MappedPage;
}

const TOUCHED = 'touched';

/**
 * A stream over one ATS list. Each page's position resumes after it; the last page (a short one,
 * possibly empty) carries the next DELTA's start.
 */
function listStream<Api, Raw = Api, Prepared = undefined>(spec: ListStreamSpec<Api, Raw, Prepared>): SyncStream<Raw> {
  return {
    name: spec.name,
    models: spec.models,
    joins: spec.joins,
    supportsDelta: true,
    async *fetch(context: ConnectorContext, request: FetchRequest): AsyncIterable<RawPage<Raw>> {
      const plan = planRun(request);
      const prepared = (spec.prepare ? await spec.prepare(context, request.signal) : undefined) as Prepared;
      const enrich = (records: Api[]) => (spec.enrich ? spec.enrich(records, prepared) : (records as unknown as Raw[]));
      const secondPass = plan.mode === 'DELTA' && spec.touched !== undefined;
      if (plan.phase !== TOUCHED) {
        for await (const { records, page, last } of atsPages<Api>(context.http, spec.path, runParams(plan, spec.deltaFilter), plan.page, request.signal)) {
          const position = !last ? resumeAt(plan, page + 1) : secondPass ? resumeAt(plan, 1, TOUCHED) : nextDelta(plan);
          yield { records: enrich(records), position };
        }
        if (!secondPass) return;
      }
      // The second pass is small: a resumed run repeats it from its start (repeats are harmless).
      let pending: Api[] | null = null;
      for await (const batch of spec.touched!(context, plan.updatedAfter!, request.signal)) {
        if (pending) yield { records: enrich(pending), position: resumeAt(plan, 1, TOUCHED) };
        pending = batch;
      }
      yield { records: enrich(pending ?? []), position: nextDelta(plan) };
    },
    map: spec.map,
  };
}

const usersStream = listStream<GemUser>({
  name: 'users',
  path: '/ats/v0/users',
  models: ['users'],
  deltaFilter: 'updated_after',
  map: mapUsers,
});

/** Gem's job stages: every job's own stages, listed together. */
const applicationStagesStream = listStream<GemJobStage>({
  name: 'application_stages',
  path: '/ats/v0/job_stages',
  models: ['application_stages'],
  deltaFilter: 'updated_after',
  map: mapApplicationStages,
});

const withBoardUrl = (posts: GemJobPost[], urls: Map<string, string>): GemJobPost[] => (urls.size === 0 ? posts : posts.map((p) => ({ ...p, board_url: urls.get(p.id) ?? null })));

const jobPostingsStream = listStream<GemJobPost, GemJobPost, Map<string, string>>({
  name: 'job_postings',
  path: '/ats/v0/job_posts',
  models: ['job_postings'],
  deltaFilter: 'updated_after',
  prepare: (context, signal) => boardUrls(context, signal),
  enrich: withBoardUrl,
  map: mapJobPostings,
});

/**
 * Candidates embed their applications, and their source is their first application's. An
 * application's change need not move the candidate's updated_at, so a DELTA also fetches the
 * candidates of applications active since its start.
 */
const candidatesStream = listStream<GemCandidate>({
  name: 'candidates',
  path: '/ats/v0/candidates',
  models: ['candidates', 'tags'],
  joins: ['candidate_tags'],
  deltaFilter: 'updated_after',
  async *touched(context, since, signal) {
    const applications = await getAllAts<GemApplication>(context.http, '/ats/v0/applications', { include_deleted: 'true', last_activity_after: since }, signal);
    const candidateIds = [...new Set(applications.map((a) => a.candidate_id).filter(Boolean))];
    const sinceMs = Date.parse(since);
    for (let i = 0; i < candidateIds.length; i += CANDIDATE_IDS_PER_CALL) {
      const ids = candidateIds.slice(i, i + CANDIDATE_IDS_PER_CALL).join(',');
      const found = await getAtsPage<GemCandidate>(context.http, '/ats/v0/candidates', { include_deleted: 'true', candidate_ids: ids, page: 1 }, signal);
      // Candidates updated since the start came in the first pass already.
      yield found.filter((c) => !(c.updated_at && Date.parse(c.updated_at) > sinceMs));
    }
  },
  map: mapCandidates,
});

/** Ids per candidate_ids filter: v0 documents at most 20; the ATS API is held to the same. */
const CANDIDATE_IDS_PER_CALL = 20;

// Applications have no updated_at in Gem: last_activity_after is their delta filter.
const applicationsStream = listStream<GemApplication>({
  name: 'applications',
  path: '/ats/v0/applications',
  models: ['applications', 'rejection_reasons'],
  deltaFilter: 'last_activity_after',
  map: mapApplications,
});

/** Interviews name a stage's interview item; the stages' interview plans say which stage that is. */
const interviewsStream = listStream<GemScheduledInterview, GemInterviewWithStage, Map<string, string>>({
  name: 'interviews',
  path: '/ats/v0/scheduled_interviews',
  models: ['interviews'],
  joins: ['interview_team_members'],
  deltaFilter: 'updated_after',
  async prepare(context, signal) {
    const stageOf = new Map<string, string>();
    for (const stage of await getAllAts<GemJobStage>(context.http, '/ats/v0/job_stages', { include_deleted: 'true' }, signal)) {
      for (const item of stage.interviews ?? []) {
        if (item.job_stage_interview_item_id) stageOf.set(item.job_stage_interview_item_id, stage.id);
        if (item.id) stageOf.set(item.id, stage.id);
      }
    }
    return stageOf;
  },
  enrich: (records, stageOf) =>
    records.map((interview) => ({
      interview,
      stageId: stageOf.get(interview.job_stage_interview_item_id ?? '') ?? stageOf.get(interview.interview?.id ?? '') ?? null,
    })),
  map: mapInterviews,
});

/**
 * Jobs, with their live posts (description) and their own stages (job_stages joins). A FULL run
 * reads every job's stages from the one stage list (a few pages instead of one call per job: at
 * Gem's 20 requests a second, 1,000 jobs would take a minute); a DELTA asks /jobs/{id}/stages for
 * the few jobs it brings. A job's description or stages can change without its updated_at moving,
 * so a DELTA has a second pass: the jobs whose posts or stages changed since the delta's start.
 */
const jobsStream: SyncStream<GemJobWithExtras> = {
  name: 'jobs',
  models: ['jobs'],
  joins: ['job_stages', 'job_hiring_team_members'],
  supportsDelta: true,
  async *fetch(context, request) {
    const { http } = context;
    const signal = request.signal;
    const plan = planRun(request);
    const urls = await boardUrls(context, signal);
    const livePosts = groupBy(withBoardUrl(await getAllAts<GemJobPost>(http, '/ats/v0/job_posts', { live: 'true', active: 'true' }, signal), urls), (p) => p.job_id);
    const allStages = plan.mode === 'FULL' ? groupBy(await getAllAts<GemJobStage>(http, '/ats/v0/job_stages', {}, signal), (s) => s.job_id) : new Map<string, GemJobStage[]>();
    const withExtras = (jobs: GemJob[]) =>
      Promise.all(jobs.map(async (job) => ({ job, livePosts: livePosts.get(job.id) ?? [], stages: allStages.get(job.id) ?? (await jobStages(context, job, signal)) })));

    if (plan.phase !== TOUCHED) {
      for await (const { records, page, last } of atsPages<GemJob>(http, '/ats/v0/jobs', runParams(plan, 'updated_after'), plan.page, signal)) {
        const position = !last ? resumeAt(plan, page + 1) : plan.mode === 'FULL' ? nextDelta(plan) : resumeAt(plan, 1, TOUCHED);
        yield { records: await withExtras(records), position };
      }
      if (plan.mode === 'FULL') return;
    }
    const since = Date.parse(plan.updatedAfter!);
    const touched = await touchedJobIds(context, plan.updatedAfter!, signal);
    const fromPage = plan.phase === TOUCHED ? plan.page : 1;
    for await (const { records, page, last } of atsPages<GemJob>(http, '/ats/v0/jobs', { include_deleted: 'true' }, fromPage, signal)) {
      // Jobs updated since the start came in the first pass already.
      const hits = records.filter((j) => touched.has(j.id) && !(Date.parse(j.updated_at) > since));
      yield { records: await withExtras(hits), position: last ? nextDelta(plan) : resumeAt(plan, page + 1, TOUCHED) };
    }
  },
  map: mapJobs,
};

async function jobStages(context: ConnectorContext, job: GemJob, signal: AbortSignal): Promise<GemJobStage[]> {
  if (job.deleted_at) return [];
  try {
    return await getAllAts<GemJobStage>(context.http, `/ats/v0/jobs/${encodeURIComponent(job.id)}/stages`, {}, signal);
  } catch (error) {
    // Deleted between the list and this call: it has no stages to keep.
    if (error instanceof RemoteError && error.details.status === 404) return [];
    throw error;
  }
}

/** Jobs whose posts or stages changed after `since`. */
async function touchedJobIds(context: ConnectorContext, since: string, signal: AbortSignal): Promise<Set<string>> {
  const params = { include_deleted: 'true', updated_after: since };
  const [posts, stages] = await Promise.all([
    getAllAts<GemJobPost>(context.http, '/ats/v0/job_posts', params, signal),
    getAllAts<GemJobStage>(context.http, '/ats/v0/job_stages', params, signal),
  ]);
  return new Set([...posts, ...stages].map((x) => x.job_id));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Every Gem stream, in dependency order: what a record refers to comes before it. */
export const GEM_STREAMS: readonly SyncStream[] = [
  usersStream,
  applicationStagesStream,
  jobsStream,
  jobPostingsStream,
  candidatesStream,
  applicationsStream,
  interviewsStream,
];
