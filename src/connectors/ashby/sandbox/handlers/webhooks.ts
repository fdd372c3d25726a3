import type { Handler } from '../context.js';
import { invalidInput, ok, requireString } from '../responses.js';

const TYPES = [
  'applicationSubmit', 'applicationUpdate', 'candidateHire', 'candidateStageChange', 'candidateDelete', 'candidateMerge',
  'interviewPlanTransition', 'interviewScheduleCreate', 'interviewScheduleUpdate', 'jobPostingUpdate', 'jobPostingPublish',
  'jobPostingUnpublish', 'offerCreate', 'offerUpdate', 'offerDelete', 'pushToHRIS', 'surveySubmit',
];

export const webhookHandlers: Record<string, Handler> = {
  'webhook.create': (ctx, body) => {
    const webhookType = requireString(body, 'webhookType');
    if (!TYPES.includes(webhookType)) throw invalidInput(`Unknown webhookType "${webhookType}".`);
    const requestUrl = requireString(body, 'requestUrl');
    if (!/^https?:\/\//.test(requestUrl)) throw invalidInput('`requestUrl` must be an http(s) URL.');
    const secretToken = requireString(body, 'secretToken');
    const hooks = ctx.world.state.webhooks;
    hooks.push({ type: webhookType, url: requestUrl, secret: secretToken, enabled: true });
    return ok({ id: ctx.world.ids.id('webhook', hooks.length - 1), enabled: true, requestUrl, secretToken, webhookType });
  },
};
