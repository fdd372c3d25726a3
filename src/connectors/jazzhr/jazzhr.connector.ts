import type { Connector } from '../connector.js';

export const jazzhrConnector: Connector = {
  provider: 'jazzhr',
  displayName: 'JazzHR',
  defaultBaseUrl: 'https://api.resumatorapi.com/v1',
  // JazzHR: one key per company, sent as the `apikey` query parameter.
  credentialFields: ['api_key'],
};
