import { createHmac } from 'node:crypto';
import type { WebhookState } from './data/state.js';
import type { World } from './data/world.js';

/** `Ashby-Signature: sha256=<hex>`: HMAC-SHA256 of the raw body, keyed with the webhook's secret token. */
export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

export interface WebhookEvent {
  action: string;
  data: Record<string, unknown>;
}

export interface Delivery {
  webhookId: string;
  action: string;
  url: string;
  status: number | 'network-error';
}

/**
 * Sends each event to every enabled webhook of its type, awaiting the answers so a caller of the
 * control endpoint knows they arrived. (Ashby retries failures later; the sandbox reports them.)
 */
export async function deliver(world: World, events: WebhookEvent[]): Promise<Delivery[]> {
  const deliveries: Promise<Delivery>[] = [];
  for (const event of events) {
    world.state.webhooks.forEach((hook, w) => {
      if (!hook.enabled || hook.type !== event.action) return;
      const webhookActionId = nextActionId(world);
      const raw = JSON.stringify({ webhookActionId, action: event.action, data: event.data });
      const webhookId = world.ids.id('webhook', w);
      deliveries.push(
        fetch(hook.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Ashby-Signature': signature(hook.secret, raw) },
          body: raw,
          signal: AbortSignal.timeout(10_000),
        }).then(
          async (res) => {
            await res.arrayBuffer().catch(() => undefined);
            return { webhookId, action: event.action, url: hook.url, status: res.status };
          },
          () => ({ webhookId, action: event.action, url: hook.url, status: 'network-error' as const }),
        ),
      );
    });
  }
  return Promise.all(deliveries);
}

/** Action ids count up per sandbox, so the same operations give the same ids. */
function nextActionId(world: World): string {
  const actions = world.memo('webhook-actions', () => ({ sent: 0 }));
  return world.ids.id('webhook', 1_000_000 + actions.sent++);
}

/**
 * Ashby pings a webhook when it is created (anchors §0.10): signed like any delivery. No answer, or
 * an error status, and the webhook is still saved, but disabled. (Ashby's text says "any code
 * >400"; the sandbox counts 400 too: a receiver answering 400 did not take the ping.)
 */
export async function ping(world: World, hook: Pick<WebhookState, 'url' | 'secret'>): Promise<{ ok: boolean; status: number | 'network-error' }> {
  const raw = JSON.stringify({ webhookActionId: nextActionId(world), action: 'ping', data: { webhookActionType: 'ping' } });
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Ashby-Signature': signature(hook.secret, raw) },
      body: raw,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    return { ok: res.status < 400, status: res.status };
  } catch {
    return { ok: false, status: 'network-error' };
  }
}
