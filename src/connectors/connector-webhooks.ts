import type { ConnectorContext, RemoteRef } from './connector.js';

/**
 * Inbound partner webhooks: how a provider signs its deliveries and what each one asks ats-sync to
 * refresh. The receiver (src/events/) stays provider-agnostic: it stores the delivery, checks the
 * signature through `verify`, and queues the refresh that `parse` describes.
 */
export interface InboundWebhooks {
  /** The header that carries the signature, e.g. "Ashby-Signature". */
  readonly signatureHeader: string;
  /** Event types the customer should subscribe to (shown when `register` is absent). */
  readonly eventTypes: readonly string[];
  /** Constant-time check of the signature over the raw body, with the connection's secret. */
  verify(delivery: InboundRequest, secret: string): boolean;
  /** Pure: a verified delivery → what to do. */
  parse(delivery: InboundRequest): InboundDelivery;
  /**
   * How a delivery whose id was received before is answered. 'refuse' (the default): 401, logged
   * as a replay (Ashby does not retry a 401). 'acknowledge': 200 and dropped, for a partner that
   * retries every non-2xx (JazzHR, every 5 minutes for 2 hours): refusing its retry would only
   * make it retry. Either way a repeat changes nothing.
   */
  readonly repeats?: 'refuse' | 'acknowledge';
  /** Registers the webhooks with the partner where its API key may (Ashby `webhook.create`). */
  register?(context: ConnectorContext, input: { url: string; secret: string; eventTypes: readonly string[] }): Promise<{ registered: string[] }>;
}

export interface InboundRequest {
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

export type InboundDelivery =
  /** A liveness check the partner sends on set-up: answer 200, change nothing. */
  | { kind: 'ping'; delivery_id: string | null }
  | {
      kind: 'event';
      /** The partner's id of this delivery (Ashby webhookActionId, JazzHR X-JazzHR-UUID): repeats are dropped. */
      delivery_id: string;
      event_type: string;
      /** Records to re-read through fetchByIds and upsert. */
      refresh: RemoteRef[];
      /** Records the event says are gone (e.g. candidateDelete carries only the id). */
      deleted: RemoteRef[];
    }
  | { kind: 'ignored'; delivery_id: string | null; event_type: string; reason: string };
