import type { Logger } from 'pino';
import type { SecretBox } from '../common/crypto/secret-box.js';
import { createConnectorContext, type ConnectorContextOptions } from '../connectors/connector-context.js';
import { findConnector } from '../connectors/connector-registry.js';
import type { Connector, ConnectorContext, Credentials } from '../connectors/connector.js';
import { usability } from './connection-usability.js';
import { ConnectionsRepository, type ConnectionRow, type Queryable } from './connections.repository.js';

export type ConnectorResolver = (provider: string) => Connector | undefined;

/** A connection ready to talk to its partner. */
export interface OpenedConnector {
  connection: ConnectionRow;
  connector: Connector;
  context: ConnectorContext;
}

export type UnavailableReason = 'NOT_FOUND' | 'INACTIVE' | 'NO_CONNECTOR';

/** Why a connection could not be opened; callers map it to their own outcome (skip, cancel, 4xx). */
export class ConnectionUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    readonly connection: ConnectionRow | null,
  ) {
    super(message);
  }
}

export interface ConnectorOpenerOptions {
  db: Queryable;
  secrets: SecretBox;
  logger: Logger;
  /** Which connector serves a provider; the registry unless a test brings its own. */
  resolveConnector?: ConnectorResolver;
  /** Retry policy, limits and timeout of partner HTTP (tests and benchmarks shorten or lift them). */
  http?: Pick<ConnectorContextOptions, 'retry' | 'limits' | 'timeoutMs'>;
  /** Every partner response's status, for metrics. */
  onResponse?: (provider: string, status: number | 'network') => void;
}

/** The one place that turns a connection id into a connector with decrypted credentials. */
export class ConnectorOpener {
  readonly connections: ConnectionsRepository;
  private readonly resolve: ConnectorResolver;

  constructor(private readonly options: ConnectorOpenerOptions) {
    this.connections = new ConnectionsRepository(options.db);
    this.resolve = options.resolveConnector ?? findConnector;
  }

  connectorFor(provider: string): Connector | undefined {
    return this.resolve(provider);
  }

  /** Loads the connection, checks it may sync/write, decrypts its credentials and builds the context. */
  async openConnector(connectionId: string, options: { logger?: Logger; http?: ConnectorOpenerOptions['http'] } = {}): Promise<OpenedConnector> {
    const connection = await this.connections.find(connectionId);
    if (!connection) throw new ConnectionUnavailableError('NOT_FOUND', `No connection with id ${connectionId}.`, null);
    const usable = usability(connection);
    if (!usable.usable) throw new ConnectionUnavailableError('INACTIVE', `The connection cannot be used: ${usable.reason}.`, connection);
    const connector = this.resolve(connection.provider);
    if (!connector) throw new ConnectionUnavailableError('NO_CONNECTOR', `No connector for provider ${connection.provider}.`, connection);
    const credentials = JSON.parse(this.options.secrets.open(connection.credentials_encrypted, connection.id)) as Credentials;
    const context = createConnectorContext(connector, {
      baseUrl: connection.base_url,
      connectionId: connection.id,
      credentials,
      settings: connection.settings ?? {},
      logger: options.logger ?? this.options.logger,
      ...this.options.http,
      ...options.http,
      onResponse: this.options.onResponse && ((status) => this.options.onResponse!(connector.provider, status)),
    });
    return { connection, connector, context };
  }
}
