import type { Logger } from 'pino';
import type { Connector, ConnectorContext, Credentials } from './connector.js';
import { PartnerHttp, type RetryPolicy } from './http/partner-http.js';

export interface ConnectorContextOptions {
  /** The connection's base_url, or the connector's default. */
  baseUrl?: string | null;
  credentials: Credentials;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  /** Overrides the connector's documented limits (benchmarks against an unthrottled sandbox). */
  limits?: Connector['limits'];
  onResponse?: (status: number | 'network') => void;
  timeoutMs?: number;
  /** The connection's settings, handed to the connector as they are. */
  settings?: Record<string, unknown>;
  /** The connection's id: every client of one connection shares its rate limit. */
  connectionId?: string;
}

/** The HTTP client and logger a connector uses for one connection. */
export function createConnectorContext(connector: Connector, options: ConnectorContextOptions): ConnectorContext {
  const logger = options.logger.child({ provider: connector.provider });
  return {
    logger,
    settings: options.settings ?? {},
    http: new PartnerHttp({
      baseUrl: options.baseUrl || connector.defaultBaseUrl,
      auth: connector.authenticate(options.credentials),
      limits: options.limits ?? connector.limits,
      logger,
      retry: options.retry,
      onResponse: options.onResponse,
      timeoutMs: options.timeoutMs,
      connectionId: options.connectionId,
    }),
  };
}
