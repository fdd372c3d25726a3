import { ashbyConnector } from './ashby/ashby.connector.js';
import type { Connector } from './connector.js';
import { gemConnector } from './gem/gem.connector.js';
import { jazzhrConnector } from './jazzhr/jazzhr.connector.js';

/** Every provider ats-sync can connect to. A new provider is one folder and one line here. */
export const CONNECTORS: readonly Connector[] = [ashbyConnector, gemConnector, jazzhrConnector];

export const PROVIDERS = CONNECTORS.map((c) => c.provider);

export function findConnector(provider: string): Connector | undefined {
  return CONNECTORS.find((c) => c.provider === provider);
}
