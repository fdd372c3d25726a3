import type { SandboxContext } from '../context.js';
import type { Handler } from '../context.js';
import { invalidInput, ok, requireString } from '../responses.js';
import { ping } from '../webhooks.js';

/** The types `webhook.create` accepts: its documented enum (ashby-openapi.yml), which has no jobCreate or jobUpdate. */
export const API_WEBHOOK_TYPES = [
  'applicationSubmit', 'applicationUpdate', 'candidateHire', 'candidateStageChange', 'candidateDelete', 'candidateMerge',
  'interviewPlanTransition', 'interviewScheduleCreate', 'interviewScheduleUpdate', 'jobPostingUpdate', 'jobPostingPublish',
  'jobPostingUnpublish', 'offerCreate', 'offerUpdate', 'offerDelete', 'pushToHRIS', 'surveySubmit',
];

/**
 * Every payload type Ashby documents sending (the `webhooks` section): what a webhook created in
 * Ashby's admin settings may carry, jobCreate and jobUpdate included (the sandbox's
 * `POST /_sandbox/webhooks` stands for that page).
 */
export const PAYLOAD_WEBHOOK_TYPES = [...API_WEBHOOK_TYPES, 'jobCreate', 'jobUpdate', 'openingCreate', 'signatureRequestUpdate'];

/** Saves a webhook after pinging its URL: enabled only when the ping was taken. */
export async function createWebhook(ctx: SandboxContext, body: Record<string, unknown>, types: readonly string[]) {
  const webhookType = requireString(body, 'webhookType');
  if (!types.includes(webhookType)) throw invalidInput(`Unknown webhookType "${webhookType}".`);
  const requestUrl = requireString(body, 'requestUrl');
  if (!/^https?:\/\//.test(requestUrl)) throw invalidInput('`requestUrl` must be an http(s) URL.');
  const secretToken = requireString(body, 'secretToken');
  const { ok: enabled } = await ping(ctx.world, { url: requestUrl, secret: secretToken });
  const hooks = ctx.world.state.webhooks;
  hooks.push({ type: webhookType, url: requestUrl, secret: secretToken, enabled });
  return { id: ctx.world.ids.id('webhook', hooks.length - 1), enabled, requestUrl, secretToken, webhookType };
}

export const webhookHandlers: Record<string, Handler> = {
  'webhook.create': async (ctx, body) => ok(await createWebhook(ctx, body, API_WEBHOOK_TYPES)),
};
