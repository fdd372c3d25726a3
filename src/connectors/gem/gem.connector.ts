import type { Connector } from '../connector.js';

export const gemConnector: Connector = {
  provider: 'gem',
  displayName: 'Gem',
  defaultBaseUrl: 'https://api.gem.com',
  // Gem: a partner key sent as X-API-Key.
  credentialFields: ['api_key'],
};
