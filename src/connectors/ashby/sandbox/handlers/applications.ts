import { buildApplication } from '../data/build-applications.js';
import { ARCHIVE_REASONS } from '../data/catalog.js';
import { createdAfter, listPage, type Handler, type SandboxContext } from '../context.js';
import { Mutations } from '../mutations.js';
import { AshbyDomainError, notFound, ok, requireString } from '../responses.js';

function applicationIndex(ctx: SandboxContext, id: unknown): number {
  const i = ctx.world.ids.index('application', id);
  if (i === undefined || i >= ctx.world.state.applications.length || ctx.world.state.applications[i].deleted) throw notFound('application', id);
  return i;
}

export const applicationHandlers: Record<string, Handler> = {
  'application.list': (ctx, body) => {
    const after = createdAfter(body);
    const job = body.jobId === undefined ? undefined : ctx.world.ids.index('job', body.jobId);
    if (body.jobId !== undefined && job === undefined) throw notFound('job', body.jobId);
    const status = typeof body.status === 'string' ? body.status : undefined;
    return listPage(
      ctx,
      'application.list',
      body,
      ctx.world.state.applications,
      (a) => a.createdAt > after && (job === undefined || a.job === job) && (status === undefined || a.status === status),
      (i) => buildApplication(ctx.world, i),
    );
  },

  'application.info': (ctx, body) => ok(buildApplication(ctx.world, applicationIndex(ctx, requireString(body, 'applicationId')))),

  'application.create': async (ctx, body) => {
    const { state, ids } = ctx.world;
    const c = ids.index('candidate', requireString(body, 'candidateId'));
    if (c === undefined || c >= state.candidates.length || state.candidates[c].deleted) throw notFound('candidate', body.candidateId);
    const j = ids.index('job', requireString(body, 'jobId'));
    if (j === undefined || j >= state.jobs.length) throw notFound('job', body.jobId);
    if (state.candidates[c].apps.some((a) => state.applications[a].job === j && !state.applications[a].deleted))
      throw new AshbyDomainError('application_already_exists', 'The candidate already has an application for this job.');
    const plan = state.plans[state.jobs[j].plan];
    let stage: number | undefined;
    if (body.interviewStageId === 'FirstPreInterviewScreen') stage = plan.stages.find((g) => state.stages[g].type === 'PreInterviewScreen');
    else if (body.interviewStageId !== undefined) {
      stage = ids.index('stage', body.interviewStageId);
      if (stage === undefined || !plan.stages.includes(stage)) throw notFound('interview_stage', body.interviewStageId);
    }
    const source = body.sourceId === undefined ? undefined : ids.index('source', body.sourceId);
    if (body.sourceId !== undefined && source === undefined) throw notFound('source', body.sourceId);
    const m = new Mutations(ctx.world);
    const a = m.createApplication(c, j, { stage, source });
    if (state.candidates[c].source < 0 && source !== undefined) state.candidates[c].source = source;
    await ctx.publish(m);
    return ok(buildApplication(ctx.world, a));
  },

  'application.changeStage': async (ctx, body) => {
    const { state, ids } = ctx.world;
    const a = applicationIndex(ctx, requireString(body, 'applicationId'));
    const stage = ids.index('stage', requireString(body, 'interviewStageId'));
    const plan = state.plans[state.jobs[state.applications[a].job].plan];
    if (stage === undefined || !plan.stages.includes(stage)) throw notFound('interview_stage', body.interviewStageId);
    let reason = -1;
    if (state.stages[stage].type === 'Archived') {
      if (body.archiveReasonId === undefined) throw new AshbyDomainError('archive_reason_required', 'Moving to an Archived stage needs `archiveReasonId`.');
      reason = ids.index('archiveReason', body.archiveReasonId) ?? -1;
      if (reason < 0 || reason >= ARCHIVE_REASONS.length) throw notFound('archive_reason', body.archiveReasonId);
    }
    const m = new Mutations(ctx.world);
    m.changeStage(a, stage, reason);
    await ctx.publish(m);
    return ok(buildApplication(ctx.world, a));
  },
};
