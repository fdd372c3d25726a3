import type { Connector } from '../connector.js';

export const ashbyConnector: Connector = {
  provider: 'ashby',
  displayName: 'Ashby',
  defaultBaseUrl: 'https://api.ashbyhq.com',
  // Ashby: one API key per organisation, sent as the Basic-auth username.
  credentialFields: ['api_key'],
};
