import type { ConnectorContext, FetchRequest, MappedPage, RawPage, SyncStream, AtsModel, JoinModel } from '../connector.js';
import { getAll, getOne, getPage, pages, PAGE_SIZE } from './jazzhr.client.js';
import { activityWindowStart, fullResumeAt, nextCandidatesDelta, planCandidates } from './jazzhr.positions.js';
import type { JazzActivity, JazzApplicant2Job, JazzApplicantDetail, JazzApplicantSummary, JazzCategory, JazzHire, JazzJob, JazzUser, JazzWorkflow, JazzWorkflowStep } from './jazzhr.types.js';
import { mapApplicationStages } from './mappers/to-application-stage.js';
import { mapApplications, type JazzApplicationWithExtras } from './mappers/to-application.js';
import { mapCandidates } from './mappers/to-candidate.js';
import { mapJobs, type JazzJobWithExtras } from './mappers/to-job.js';
import { mapTags } from './mappers/to-tag.js';
import { mapUsers } from './mappers/to-user.js';

/**
 * JazzHR v1 has no updated_since on any list. The small lists (users, workflows, jobs, categories,
 * applicants2jobs, hires) are read whole on every run, which also detects their deletions. Only
 * candidates are costly (one detail call each, the only place with email), so only they have a
 * DELTA: new applicants by apply date, changed ones through the activity feed.
 */

interface WholeListSpec<Raw> {
  name: string;
  models: AtsModel[];
  joins?: JoinModel[];
  /** Reads one page of records, with what the page needs from other lists. */
  load: (context: ConnectorContext, signal: AbortSignal) => AsyncIterable<Raw[]>;
  map(records: Raw[]): MappedPage;
}

/** A stream that lists everything each run (supportsDelta false: the engine runs it as a FULL and sweeps). */
function wholeList<Raw>(spec: WholeListSpec<Raw>): SyncStream<Raw> {
  return {
    name: spec.name,
    models: spec.models,
    joins: spec.joins,
    supportsDelta: false,
    async *fetch(context: ConnectorContext, request: FetchRequest): AsyncIterable<RawPage<Raw>> {
      // A restarted run re-reads these lists from the top: they are a few pages.
      let any = false;
      for await (const records of spec.load(context, request.signal)) {
        any = true;
        yield { records, position: {} };
      }
      if (!any) yield { records: [], position: {} };
    },
    map: spec.map,
  };
}

async function* pagesOf<T>(context: ConnectorContext, resource: string, signal: AbortSignal): AsyncIterable<T[]> {
  for await (const { records } of pages<T>(context.http, resource, {}, 1, signal)) yield records;
}

const usersStream = wholeList<JazzUser>({ name: 'users', models: ['users'], load: (c, s) => pagesOf(c, 'users', s), map: mapUsers });

const applicationStagesStream = wholeList<JazzWorkflow>({ name: 'application_stages', models: ['application_stages'], load: (c, s) => pagesOf(c, 'workflows', s), map: mapApplicationStages });

const tagsStream = wholeList<JazzCategory>({ name: 'tags', models: ['tags'], load: (c, s) => pagesOf(c, 'categories', s), map: mapTags });

/** Jobs, with the confidential filter's answer and their workflow's steps; the ones on the job boards also as postings. */
const jobsStream = wholeList<JazzJobWithExtras>({
  name: 'jobs',
  models: ['jobs', 'job_postings'],
  joins: ['job_stages', 'job_hiring_team_members'],
  async *load(context, signal) {
    const { confidential, stepsOf } = await jobExtras(context, signal);
    for await (const records of pagesOf<JazzJob>(context, 'jobs', signal)) {
      yield records.map((job) => ({ job, confidential: confidential.has(job.id), steps: stepsOf(job) }));
    }
  },
  map: mapJobs,
});

/** What every job record needs from other lists: the confidential ids and the workflows. */
export async function jobExtras(context: ConnectorContext, signal?: AbortSignal): Promise<{ confidential: Set<string>; stepsOf: (job: JazzJob) => JazzWorkflowStep[] }> {
  const [confidentialJobs, workflows] = await Promise.all([getAll<JazzJob>(context.http, 'jobs', { confidential: 'true' }, signal), getAll<JazzWorkflow>(context.http, 'workflows', {}, signal)]);
  const byId = new Map(workflows.map((w) => [w.workflow_id, w.workflow_steps ?? []]));
  return { confidential: new Set(confidentialJobs.map((j) => j.id)), stepsOf: (job) => byId.get(job.workflow_id) ?? [] };
}

/** Applications: every applicants2jobs page, with the step (from the workflows) and the hire (from /hires). */
const applicationsStream = wholeList<JazzApplicationWithExtras>({
  name: 'applications',
  models: ['applications'],
  async *load(context, signal) {
    const { withExtras } = await applicationExtras(context, {}, signal);
    for await (const records of pagesOf<JazzApplicant2Job>(context, 'applicants2jobs', signal)) yield withExtras(records);
  },
  map: mapApplications,
});

/** Steps and hires for applicants2jobs items; `hireFilter` narrows /hires (e.g. to one applicant). */
export async function applicationExtras(context: ConnectorContext, hireFilter: Record<string, string>, signal?: AbortSignal): Promise<{ withExtras: (records: JazzApplicant2Job[]) => JazzApplicationWithExtras[] }> {
  const [workflows, hires] = await Promise.all([getAll<JazzWorkflow>(context.http, 'workflows', {}, signal), getAll<JazzHire>(context.http, 'hires', hireFilter, signal)]);
  const steps = new Map(workflows.flatMap((w) => (w.workflow_steps ?? []).map((s) => [s.workflow_step_id, s] as const)));
  const hireOf = new Map(hires.map((h) => [`${h.applicant_id}:${h.job_id}`, h]));
  return {
    withExtras: (records) => records.map((mapping) => ({ mapping, step: steps.get(Number(mapping.workflow_step_id)) ?? null, hire: hireOf.get(`${mapping.applicant_id}:${mapping.job_id}`) ?? null })),
  };
}

/** The details of these applicants (one call each; the client's limiter paces them); deleted ones are left out. */
export async function applicantDetails(context: ConnectorContext, ids: string[], signal?: AbortSignal): Promise<JazzApplicantDetail[]> {
  const details = await Promise.all(ids.map((id) => getOne<JazzApplicantDetail>(context.http, 'applicants', id, signal)));
  return details.filter((d): d is JazzApplicantDetail => d !== null);
}

/**
 * Candidates. FULL: every /applicants page and each listed applicant's detail (list items lack
 * email). DELTA: the applicants who applied since the last run (minus those already read) and
 * those the activity feed names since then; only their details are read.
 */
const candidatesStream: SyncStream<JazzApplicantDetail> = {
  name: 'candidates',
  models: ['candidates'],
  joins: ['candidate_tags'],
  supportsDelta: true,
  async *fetch(context, request) {
    const plan = planCandidates(request);
    const applied = new Map<string, string>();
    if (plan.mode === 'FULL') {
      // The activities before any detail is read are reflected in the details: the next DELTA skips them.
      // A resumed FULL cannot say so for the pages read before the interruption, so it records none.
      const handled = plan.page === 1 ? (await activitiesSince(context, activityWindowStart(plan.startedAt), new Set(), request.signal)).handled : new Map<string, number>();
      for await (const { records, page, last } of pages<JazzApplicantSummary>(context.http, 'applicants', {}, plan.page, request.signal)) {
        for (const s of records) applied.set(s.id, s.apply_date);
        const details = await applicantDetails(context, records.map((s) => s.id), request.signal);
        yield { records: details, position: last ? nextCandidatesDelta(plan, applied, handled) : fullResumeAt(plan, page + 1) };
      }
      return;
    }
    const known = new Set(plan.known);
    const wanted = new Set<string>();
    // Activities first: every one read now happened before the details below are read.
    const { named, handled } = await activitiesSince(context, plan.activitiesSince!, new Set(plan.seenActivities), request.signal);
    for await (const { records } of pages<JazzApplicantSummary>(context.http, 'applicants', { from_apply_date: plan.appliedFrom! }, 1, request.signal)) {
      for (const s of records) {
        applied.set(s.id, s.apply_date);
        if (!known.has(s.id)) wanted.add(s.id);
      }
    }
    for (const id of named) wanted.add(id);
    const ids = [...wanted].sort();
    // Until the last batch, a page keeps the run's own start position: a resumed DELTA repeats it (harmless).
    for (let i = 0; i < ids.length || i === 0; i += PAGE_SIZE) {
      const details = await applicantDetails(context, ids.slice(i, i + PAGE_SIZE), request.signal);
      const last = i + PAGE_SIZE >= ids.length;
      yield { records: details, position: last ? nextCandidatesDelta(plan, applied, handled) : (request.position ?? {}) };
    }
  },
  map: mapCandidates,
};

/**
 * The activity feed back to `since` (it lists newest first: read until an older entry): the
 * applicants named by activities not in `skip`, and every activity read (id → time).
 */
export async function activitiesSince(context: ConnectorContext, since: string, skip: Set<string>, signal?: AbortSignal): Promise<{ named: Set<string>; handled: Map<string, number> }> {
  const sinceMs = Date.parse(since);
  const named = new Set<string>();
  const handled = new Map<string, number>();
  for (let page = 1; ; page++) {
    const records = await getPage<JazzActivity>(context.http, 'activities', { category: 'applicants' }, page, signal);
    let older = false;
    for (const a of records) {
      const at = Date.parse(`${a.date}T${a.time}Z`);
      if (Number.isNaN(at) || at < sinceMs) {
        older = true;
        continue;
      }
      handled.set(a.id, at);
      if (a.object_id && !skip.has(a.id)) named.add(a.object_id);
    }
    if (older || records.length < PAGE_SIZE) return { named, handled };
  }
}

/** Every JazzHR stream. References are stable ids, so order matters only for reading comfort. */
export const JAZZHR_STREAMS: readonly SyncStream[] = [usersStream, applicationStagesStream, tagsStream, jobsStream, candidatesStream, applicationsStream] as SyncStream[];
