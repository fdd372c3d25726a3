import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../app/tokens.js';
import { generateToken } from '../common/crypto/token-hash.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { ConnectionsService } from '../connections/connections.service.js';
import type { Connection } from '../connections/connection.entity.js';
import { CONNECTORS, findConnector } from '../connectors/connector-registry.js';
import type { Connector } from '../connectors/connector.js';
import { InboundSecrets } from '../events/inbound/inbound-secrets.js';
import { ConnectLinks, type ConnectLinkRow, type EndUser } from './connect-links.repository.js';

/** Kombo's embedded links live an hour; the token a finished flow hands back only as long as the partner's page needs to post it home. */
export const LINK_TTL_SECONDS = 60 * 60;
/** Magic links are sent by email and opened later. */
export const MAGIC_LINK_TTL_SECONDS = 30 * 24 * 60 * 60;
export const ACTIVATION_TTL_SECONDS = 10 * 60;

const ADMIN = { kind: 'admin' } as const;

export interface LinkRequest {
  endUser: EndUser;
  integrationTool: string | null;
  language: string | null;
  baseUrl: string | null;
  linkType: 'EMBEDDED' | 'MAGIC_LINK';
}

/** What the Connect page shows for one provider: all of it from the connector. */
export interface ToolView {
  id: string;
  label: string;
  credential_fields: { field: string; label: string }[];
  steps: readonly string[];
  permissions: readonly string[];
  webhooks: boolean;
}

export interface WebhookStep {
  url: string;
  secret: string;
  signature_header: string;
  event_types: readonly string[];
}

function toolView(c: Connector): ToolView {
  const guide = c.setupGuide;
  return {
    id: c.provider,
    label: c.displayName,
    credential_fields: c.credentialFields.map((field) => ({ field, label: guide?.credentialLabels[field] ?? field.replace(/_/g, ' ') })),
    steps: guide?.steps ?? [`Create an API key in ${c.displayName} and paste it below.`],
    permissions: guide?.permissions ?? [],
    webhooks: Boolean(c.webhooks),
  };
}

const expired = () =>
  new ApiError(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, 'Link expired', 'This Connect link is unknown or has expired. Ask the app that sent you here for a new one.');

/**
 * Kombo Connect on ats-sync: a partner's backend creates a link for one end user, the end user's
 * browser completes it (key checked live with the partner), and the backend exchanges the
 * returned activation token, once, for the connection. Every token is bound to its link, and the
 * link to its end user: a token can only ever name the connection its own link made.
 */
@Injectable()
export class ConnectService {
  private readonly links: ConnectLinks;

  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(InboundSecrets) private readonly inboundSecrets: InboundSecrets,
    private readonly connections: ConnectionsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.links = new ConnectLinks(db);
  }

  get store(): ConnectLinks {
    return this.links;
  }

  async createLink(request: LinkRequest, publicUrl: string): Promise<string> {
    if (request.integrationTool && !findConnector(request.integrationTool)) {
      throw ApiError.invalidField('integration_tool', `ats-sync has no ${request.integrationTool} connector; use one of ${CONNECTORS.map((c) => c.provider).join(', ')} (or omit it to let the user pick)`);
    }
    return this.issue(publicUrl, { ...request, relinkConnectionId: null });
  }

  /** A link that rotates an existing connection's credentials (Kombo's relink); the same end user. */
  async createRelink(connectionId: string, language: string | null, linkType: LinkRequest['linkType'], publicUrl: string): Promise<string> {
    const connection = await this.connections.get(ADMIN, connectionId);
    const endUser = (await this.links.endUser(connectionId)) ?? { email: null, organization_name: connection.name ?? connection.provider, origin_id: null };
    return this.issue(publicUrl, { endUser, integrationTool: connection.provider, language, baseUrl: null, linkType, relinkConnectionId: connectionId });
  }

  private async issue(publicUrl: string, link: LinkRequest & { relinkConnectionId: string | null }): Promise<string> {
    const token = generateToken('cl_');
    await this.links.create(token, { ...link, ttlSeconds: link.linkType === 'MAGIC_LINK' ? MAGIC_LINK_TTL_SECONDS : LINK_TTL_SECONDS });
    this.logger.info({ relink: link.relinkConnectionId, tool: link.integrationTool }, 'connect link created');
    // The token rides in the fragment: browsers never send it to a server, so it stays out of access logs and Referer headers.
    return `${publicUrl.replace(/\/+$/, '')}/connect#${token}`;
  }

  /** Kombo's integration-by-token: single use, short-lived, only the connection the token's own link made. */
  async exchange(activationToken: string): Promise<{ connection: Connection; endUser: EndUser | null }> {
    const redeemed = /^ca_[A-Za-z0-9_-]{43}$/.test(activationToken) ? await this.links.redeem(activationToken) : null;
    if (!redeemed) {
      throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.INTEGRATION_NOT_FOUND, 'Token not found', 'No integration for this token: it is unknown, expired (tokens live 10 minutes) or was already exchanged.');
    }
    const connection = await this.connections.get(ADMIN, redeemed.connection_id);
    return { connection, endUser: await this.links.endUser(connection.id) };
  }

  // ---- The Connect page's calls, authorized by the link token alone ----

  async link(token: string): Promise<ConnectLinkRow> {
    const link = await this.links.findLive(token);
    if (!link) throw expired();
    return link;
  }

  async describe(token: string) {
    const link = await this.link(token);
    const fixed = link.integration_tool ? findConnector(link.integration_tool) : undefined;
    return {
      organization_name: link.end_user_organization_name,
      language: link.language ?? 'en',
      relink: link.relink_connection_id !== null,
      state: link.state === 'USED' ? 'CONNECTED' : 'OPEN',
      tools: (fixed ? [fixed] : CONNECTORS).map(toolView),
    };
  }

  /**
   * Checks the key with the partner and makes (or, for a relink, re-keys) the connection. A refused
   * key or an unreachable partner leaves nothing behind and the link open for another try.
   */
  async connect(token: string, tool: string, credentials: Record<string, unknown>, publicUrl: string): Promise<{ activation_token: string; webhook: WebhookStep | null }> {
    const link = await this.link(token);
    if (link.integration_tool && tool !== link.integration_tool) throw ApiError.invalidField('tool', `this link is for ${link.integration_tool}`);
    const connector = findConnector(tool);
    if (!connector) throw ApiError.invalidField('tool', `must be one of ${CONNECTORS.map((c) => c.provider).join(', ')}`);
    if (!(await this.links.claim(link.id))) {
      throw new ApiError(HttpStatus.CONFLICT, ErrorCode.CONFLICT, 'Link already used', 'This Connect link has already made its connection (or is checking a key right now).');
    }
    let connection: Connection;
    try {
      connection = link.relink_connection_id
        ? await this.connections.update(ADMIN, link.relink_connection_id, { credentials })
        : await this.connections.create({
            provider: tool,
            credentials,
            name: link.end_user_organization_name,
            ...(link.base_url ? { base_url: link.base_url } : {}),
          });
    } catch (error) {
      await this.links.release(link.id);
      // The API's advice (verify_credentials: false) is for operators; the customer on this page can only retry.
      if (error instanceof ApiError && error.code === ErrorCode.REMOTE_AUTHENTICATION_INVALID) {
        throw new ApiError(error.status, error.code, error.title, `${connector.displayName} refused this key. Check that you copied all of it and that it has the permissions this page lists.`, error.fields);
      }
      if (error instanceof ApiError && error.status >= 500) {
        throw new ApiError(error.status, error.code, error.title, `${connector.displayName} could not be reached to check the key, so nothing was saved. Try again in a few minutes.`);
      }
      throw error;
    }
    const endUser = { email: link.end_user_email, organization_name: link.end_user_organization_name, origin_id: link.end_user_origin_id };
    if (!link.relink_connection_id) await this.links.saveEndUser(connection.id, endUser);
    const activation = generateToken('ca_');
    await this.links.markUsed(link.id, connection.id, activation, ACTIVATION_TTL_SECONDS);
    this.logger.info({ connectionId: connection.id, provider: tool, relink: Boolean(link.relink_connection_id) }, 'connection made through Connect');
    // A relink changes the key only: a webhook already set up in the partner keeps its secret (a new one would break it).
    const keepsWebhook = link.relink_connection_id !== null && (await this.inboundSecrets.issuedAt(connection.id)) !== null;
    const webhook = connector.webhooks && !keepsWebhook ? await this.webhookStep(connection.id, connector, publicUrl) : null;
    return { activation_token: activation, webhook };
  }

  /** The Request URL and a fresh Secret Token for the customer to paste into the partner's webhook settings. */
  private async webhookStep(connectionId: string, connector: Connector, publicUrl: string): Promise<WebhookStep> {
    const secret = await this.inboundSecrets.issue(connectionId);
    return {
      url: `${publicUrl.replace(/\/+$/, '')}/v1/inbound/${connectionId}`,
      secret,
      signature_header: connector.webhooks!.signatureHeader,
      event_types: connector.webhooks!.eventTypes,
    };
  }

  async webhookStatus(token: string): Promise<{ received_at: Date | null }> {
    const link = await this.link(token);
    if (!link.connection_id) throw ApiError.invalidField('link', 'has made no connection yet');
    return { received_at: await this.links.webhookReceivedAt(link.connection_id) };
  }
}
