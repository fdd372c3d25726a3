import { HttpStatus } from '@nestjs/common';
import type { Logger } from 'pino';
import { apiErrorOf } from '../../ats-writes/write-runner.js';
import { ApiError, ErrorCode } from '../../common/errors/api-error.js';
import type { KeysetPosition } from '../../common/management-page.js';
import type { Connection } from '../../connections/connection.entity.js';
import { ConnectionUnavailableError, type ConnectorOpener } from '../../connections/open-connector.js';
import type { InboundEventRow, InboundEvents } from './inbound-events.repository.js';
import type { InboundSecrets } from './inbound-secrets.js';

export interface InboundWebhookSetup {
  url: string;
  /** Shown in this response only; stored encrypted. */
  secret?: string;
  secret_created_at: Date | null;
  signature_header: string;
  event_types: readonly string[];
  /** The webhook types created in the partner for the customer; null when not asked or not possible. */
  registered: string[] | null;
  /** Types the partner refused to register, with its reason. */
  refused?: { type: string; reason: string }[];
  /** What the customer does in the partner's settings (when ats-sync did not register for them). */
  instructions: string[];
}

/** Issuing, rotating and registering a connection's inbound webhook; reading its event log. */
export class InboundSetup {
  constructor(
    private readonly secrets: InboundSecrets,
    private readonly events: InboundEvents,
    private readonly opener: ConnectorOpener,
    private readonly logger: Logger,
  ) {}

  private webhooksOf(connection: Connection) {
    const connector = this.opener.connectorFor(connection.provider);
    if (!connector?.webhooks) {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        ErrorCode.INTEGRATION_ACTION_NOT_AVAILABLE,
        'Webhooks not available',
        `${connector?.displayName ?? connection.provider} sends no webhooks ats-sync can verify; its changes arrive with each DELTA sync.`,
      );
    }
    return { connector, webhooks: connector.webhooks };
  }

  /** A new secret (the previous one stops working at once) and, with `register`, the partner's webhooks created. */
  async issue(connection: Connection, publicUrl: string, register: boolean): Promise<InboundWebhookSetup> {
    const { connector, webhooks } = this.webhooksOf(connection);
    const url = inboundUrl(publicUrl, connection.id);
    const secret = await this.secrets.issue(connection.id);
    let registered: string[] | null = null;
    let refused: { type: string; reason: string }[] | undefined;
    if (register && webhooks.register) {
      let opened;
      try {
        opened = await this.opener.openConnector(connection.id, { logger: this.logger.child({ connectionId: connection.id }) });
      } catch (error) {
        if (error instanceof ConnectionUnavailableError) throw new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.INTEGRATION_INACTIVE, 'Connection inactive', error.message);
        throw error;
      }
      try {
        const result: { registered: string[]; refused?: { type: string; reason: string }[] } = await webhooks.register(opened.context, { url, secret, eventTypes: webhooks.eventTypes });
        registered = result.registered;
        refused = result.refused;
      } catch (error) {
        throw apiErrorOf(error, connector.displayName) ?? error;
      }
    }
    const manual = registered === null;
    return {
      url,
      secret,
      secret_created_at: await this.secrets.issuedAt(connection.id),
      signature_header: webhooks.signatureHeader,
      event_types: webhooks.eventTypes,
      registered,
      ...(refused?.length ? { refused } : {}),
      instructions: manual
        ? [
            ...(register ? [`${connector.displayName}'s API cannot create webhooks with this key: create them by hand.`] : []),
            `In ${connector.displayName}, create a webhook for each of these types: ${webhooks.eventTypes.join(', ')} (at least applicationUpdate for the hires feed).`,
            `Request URL: ${url}`,
            'Secret Token: the secret above (shown only now; POST this endpoint again to rotate it).',
          ]
        : [
            `${connector.displayName} now sends ${registered!.join(', ')} to ${url}.`,
            ...(refused?.length ? [`Not registered (${connector.displayName} refused them): ${refused.map((r) => r.type).join(', ')}; create those by hand with the same URL and secret, or leave them to the next sync.`] : []),
          ],
    };
  }

  async show(connection: Connection, publicUrl: string): Promise<Omit<InboundWebhookSetup, 'secret' | 'registered' | 'instructions'> & { secret_set: boolean }> {
    const { webhooks } = this.webhooksOf(connection);
    const created = await this.secrets.issuedAt(connection.id);
    return {
      url: inboundUrl(publicUrl, connection.id),
      secret_set: created !== null,
      secret_created_at: created,
      signature_header: webhooks.signatureHeader,
      event_types: webhooks.eventTypes,
    };
  }

  /** Newest first; each with `position`, the exact received_at a page cursor carries. */
  async eventLog(connectionId: string, limit: number, before: Date | null, after: KeysetPosition | null = null): Promise<(InboundEventView & { position: string })[]> {
    return (await this.events.list(connectionId, limit, before, after)).map((row) => ({ ...present(row), position: row.position }));
  }
}

function inboundUrl(publicUrl: string, connectionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/v1/inbound/${connectionId}`;
}

export type InboundEventView = ReturnType<typeof present>;

function present(row: InboundEventRow) {
  return {
    id: row.id,
    received_at: row.received_at,
    delivery_id: row.delivery_id,
    event_type: row.event_type,
    verification: row.verification,
    state: row.state,
    refresh: row.refresh,
    deleted: row.deleted,
    changes: row.changes,
    reason: row.reason,
    attempts: row.attempts,
    receive_ms: row.receive_ms,
    processed_at: row.processed_at,
  };
}
