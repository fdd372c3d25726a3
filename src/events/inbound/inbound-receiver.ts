import type { Logger } from 'pino';
import { ApiError } from '../../common/errors/api-error.js';
import type { ConnectorResolver } from '../../connections/open-connector.js';
import type { InboundRequest } from '../../connectors/connector-webhooks.js';
import type { InboundEvents, Verification } from './inbound-events.repository.js';
import type { InboundSecrets } from './inbound-secrets.js';

export interface Enqueue {
  (eventId: string): Promise<void>;
}

export interface ReceiveResult {
  /** 200 for everything accepted (ping, ignored, queued): the partner must not retry it. */
  outcome: 'PING' | 'IGNORED' | 'QUEUED' | 'REPEAT';
  event_type: string | null;
}

/**
 * The receiving end of a partner webhook: signature first (the signature is the authentication),
 * then a single insert of what the delivery asks for and a queue message. No partner call happens
 * here, so the answer comes in milliseconds and a slow partner never makes the sender retry.
 */
export class InboundReceiver {
  constructor(
    private readonly secrets: InboundSecrets,
    private readonly events: InboundEvents,
    private readonly resolveConnector: ConnectorResolver,
    private readonly enqueue: Enqueue,
    private readonly logger: Logger,
  ) {}

  async receive(connectionId: string, request: InboundRequest, startedAt: number): Promise<ReceiveResult> {
    const target = await this.secrets.target(connectionId);
    // An unknown connection looks like a wrong secret: the URL alone proves nothing.
    if (!target) throw ApiError.unauthenticated('No inbound webhook is set up at this URL.');
    const webhooks = this.resolveConnector(target.provider)?.webhooks;
    const refuse = async (verification: Verification, message: string, deliveryId: string | null = null, eventType: string | null = null) => {
      await this.events.log({ connectionId, deliveryId, eventType, verification, state: 'REJECTED', reason: message, receiveMs: elapsed(startedAt) });
      return ApiError.unauthenticated(message);
    };
    if (!webhooks || !target.secret) {
      throw await refuse('NO_SECRET', 'This connection has no inbound webhook secret: create one with POST /v1/connections/:id/inbound-webhook.');
    }
    if (!isJson(request.rawBody)) {
      await this.events.log({ connectionId, deliveryId: null, eventType: null, verification: 'NOT_JSON', state: 'REJECTED', reason: 'body is not JSON', receiveMs: elapsed(startedAt) });
      throw ApiError.invalidField('body', 'must be a JSON document (the partner sends application/json)');
    }
    if (!request.headers[webhooks.signatureHeader.toLowerCase()]) {
      throw await refuse('MISSING_SIGNATURE', `The ${webhooks.signatureHeader} header is missing.`);
    }
    if (!webhooks.verify(request, target.secret)) {
      throw await refuse('BAD_SIGNATURE', `The ${webhooks.signatureHeader} signature does not match the body and this connection's current secret.`);
    }

    const delivery = webhooks.parse(request);
    if (delivery.kind === 'ping') {
      await this.events.log({ connectionId, deliveryId: delivery.delivery_id, eventType: 'ping', verification: 'VERIFIED', state: 'PING', receiveMs: elapsed(startedAt) });
      return { outcome: 'PING', event_type: 'ping' };
    }
    if (delivery.kind === 'ignored') {
      await this.events.log({
        connectionId,
        deliveryId: delivery.delivery_id,
        eventType: delivery.event_type,
        verification: 'VERIFIED',
        state: 'IGNORED',
        reason: delivery.reason,
        receiveMs: elapsed(startedAt),
      });
      return { outcome: 'IGNORED', event_type: delivery.event_type };
    }
    const id = await this.events.accept({
      connectionId,
      deliveryId: delivery.delivery_id,
      eventType: delivery.event_type,
      verification: 'VERIFIED',
      state: 'QUEUED',
      refresh: delivery.refresh,
      deleted: delivery.deleted,
      receiveMs: elapsed(startedAt),
    });
    if (!id) {
      const message = `Delivery ${delivery.delivery_id} was already received; a repeat changes nothing.`;
      if (webhooks.repeats !== 'acknowledge') throw await refuse('REPLAYED', message, delivery.delivery_id, delivery.event_type);
      // A partner that retries every non-2xx gets its 200, or it would keep retrying.
      await this.events.log({ connectionId, deliveryId: delivery.delivery_id, eventType: delivery.event_type, verification: 'REPLAYED', state: 'IGNORED', reason: message, receiveMs: elapsed(startedAt) });
      return { outcome: 'REPEAT', event_type: delivery.event_type };
    }
    // The row is the work: if the queue message is lost, the sweep finds the event and queues it again.
    await this.enqueue(id).catch((error) => this.logger.warn({ err: error, eventId: id }, 'inbound event not queued; the sweep will pick it up'));
    return { outcome: 'QUEUED', event_type: delivery.event_type };
  }
}

function elapsed(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 100) / 100;
}

function isJson(body: Buffer | undefined): boolean {
  if (!body || body.length === 0) return false;
  try {
    JSON.parse(body.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
