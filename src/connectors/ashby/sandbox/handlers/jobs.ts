import { DEPARTMENTS, LOCATIONS } from '../data/catalog.js';
import { buildJob, buildJobInterviewPlan, buildPlan, buildPosting, buildPostingSummary, buildStage } from '../data/build-jobs.js';
import { bool, createdAfter, expandList, listPage, type Handler } from '../context.js';
import { notFound, ok, requireString } from '../responses.js';

const DEFAULT_STATUSES = ['Open', 'Closed', 'Archived'];

export const jobHandlers: Record<string, Handler> = {
  // Draft jobs come back only when `status` names Draft.
  'job.list': (ctx, body) => {
    const statuses = Array.isArray(body.status) ? body.status : DEFAULT_STATUSES;
    const after = createdAfter(body);
    const expand = expandList(body);
    return listPage(ctx, 'job.list', body, ctx.world.state.jobs, (j) => statuses.includes(j.status) && j.createdAt > after, (i) => buildJob(ctx.world, i, expand));
  },

  'job.info': (ctx, body) => {
    const i = ctx.world.ids.index('job', requireString(body, 'id'));
    if (i === undefined || i >= ctx.world.state.jobs.length) throw notFound('job', body.id);
    return ok(buildJob(ctx.world, i, expandList(body)));
  },

  // Not paginated; unlisted postings are included unless listedOnly.
  'jobPosting.list': (ctx, body) => {
    const { postings, jobs } = ctx.world.state;
    const results = postings
      .map((p, i) => ({ p, i }))
      .filter(({ p }) => !p.deleted && (p.listed || !bool(body, 'listedOnly')))
      .filter(({ p }) => typeof body.location !== 'string' || LOCATIONS[jobs[p.job].location][0] === body.location)
      .filter(({ p }) => typeof body.department !== 'string' || DEPARTMENTS[jobs[p.job].department][0] === body.department)
      .map(({ i }) => buildPostingSummary(ctx.world, i));
    return ok(results);
  },

  'jobPosting.info': (ctx, body) => {
    const i = ctx.world.ids.index('posting', requireString(body, 'jobPostingId'));
    if (i === undefined || i >= ctx.world.state.postings.length || ctx.world.state.postings[i].deleted) throw notFound('job_posting', body.jobPostingId);
    return ok(buildPosting(ctx.world, i));
  },

  'interviewPlan.list': (ctx, body) =>
    listPage(ctx, 'interviewPlan.list', body, ctx.world.state.plans, (p) => !p.archived || bool(body, 'includeArchived'), (i) => buildPlan(ctx.world, i)),

  'interviewStage.list': (ctx, body) => {
    const p = ctx.world.ids.index('plan', requireString(body, 'interviewPlanId'));
    if (p === undefined || p >= ctx.world.state.plans.length) throw notFound('interview_plan', body.interviewPlanId);
    return { ...ok(ctx.world.state.plans[p].stages.map((g) => buildStage(ctx.world, g))), moreDataAvailable: false };
  },

  'jobInterviewPlan.info': (ctx, body) => {
    const j = ctx.world.ids.index('job', requireString(body, 'jobId'));
    if (j === undefined || j >= ctx.world.state.jobs.length) throw notFound('job', body.jobId);
    return ok(buildJobInterviewPlan(ctx.world, j));
  },
};
