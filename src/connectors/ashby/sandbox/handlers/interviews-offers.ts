import { buildEvents, buildOffer, buildSchedule } from '../data/build-applications.js';
import { stageInterviews } from '../data/build-jobs.js';
import { bool, createdAfter, expandList, listPage, type Handler } from '../context.js';
import { notFound, ok, requireString } from '../responses.js';

export const interviewAndOfferHandlers: Record<string, Handler> = {
  'interviewSchedule.list': (ctx, body) => {
    const { ids } = ctx.world;
    const after = createdAfter(body);
    const app = body.applicationId === undefined ? undefined : ids.index('application', body.applicationId);
    const stage = body.interviewStageId === undefined ? undefined : ids.index('stage', body.interviewStageId);
    return listPage(
      ctx,
      'interviewSchedule.list',
      body,
      ctx.world.state.schedules,
      (s) => s.createdAt > after && (body.applicationId === undefined || s.application === app) && (body.interviewStageId === undefined || s.stage === stage),
      (i) => buildSchedule(ctx.world, i),
    );
  },

  // The events of one schedule, paged like every list (they change with their schedule).
  'interviewEvent.list': (ctx, body) => {
    const sc = ctx.world.ids.index('schedule', requireString(body, 'interviewScheduleId'));
    const schedule = sc === undefined ? undefined : ctx.world.state.schedules[sc];
    if (sc === undefined || !schedule || schedule.deleted) throw notFound('interview_schedule', body.interviewScheduleId);
    const events = buildEvents(ctx.world, sc, expandList(body).includes('interview'));
    const tracked = events.map(() => ({ seq: schedule.seq, updatedAt: schedule.updatedAt }));
    return listPage(ctx, 'interviewEvent.list', body, tracked, () => true, (k) => events[k]);
  },

  // Interview definitions: index = stage * 4 + k (see stageInterviews).
  'interview.info': (ctx, body) => {
    const i = ctx.world.ids.index('interview', requireString(body, 'id'));
    const stage = i === undefined ? undefined : Math.floor(i / 4);
    const interview = stage !== undefined && stage < ctx.world.state.stages.length ? stageInterviews(ctx.world, stage)[i! % 4] : undefined;
    if (!interview) throw notFound('interview', body.id);
    return ok(interview);
  },

  // Interview definitions, paged and synced like every list; they change with their stage's plan.
  'interview.list': (ctx, body) => {
    const { stages, plans } = ctx.world.state;
    const defs = stages.flatMap((_, g) => stageInterviews(ctx.world, g).map((interview) => ({ interview, plan: plans[stages[g].plan] })));
    const tracked = defs.map((d) => ({ seq: d.plan.seq, updatedAt: d.plan.updatedAt }));
    // Every definition here belongs to a job's plan: "non-shared" ones come back only when asked for.
    const include = bool(body, 'includeNonSharedInterviews');
    return listPage(ctx, 'interview.list', body, tracked, () => include, (k) => defs[k].interview);
  },

  'offer.list': (ctx, body) => {
    const after = createdAfter(body);
    const app = body.applicationId === undefined ? undefined : ctx.world.ids.index('application', body.applicationId);
    const acceptance = Array.isArray(body.acceptanceStatus) ? body.acceptanceStatus : undefined;
    const status = Array.isArray(body.offerStatus) ? body.offerStatus : undefined;
    return listPage(
      ctx,
      'offer.list',
      body,
      ctx.world.state.offers,
      (o) =>
        o.createdAt > after &&
        (body.applicationId === undefined || o.application === app) &&
        (!acceptance || acceptance.includes(o.acceptance)) &&
        (!status || status.includes(o.offerStatus)),
      (i) => buildOffer(ctx.world, i),
    );
  },
};
