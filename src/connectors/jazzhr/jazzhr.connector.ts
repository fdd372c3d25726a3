import type { Connector } from '../connector.js';
import { RemoteError } from '../remote-error.js';

export const jazzhrConnector: Connector = {
  provider: 'jazzhr',
  displayName: 'JazzHR',
  defaultBaseUrl: 'https://api.resumatorapi.com/v1',
  credentialFields: ['api_key'],
  // JazzHR: 100 requests per minute per key.
  limits: { requestsPerSecond: 1.6, concurrency: 2 },
  // The key travels as the `apikey` query parameter (the logger redacts it).
  authenticate: (credentials) => ({ params: { apikey: credentials.api_key } }),
  async checkCredentials({ http }) {
    const response = await http.request<unknown>({ path: '/users' });
    if (response.status !== 200) {
      throw new RemoteError('INPUT', `JazzHR answered HTTP ${response.status} to a credential check.`, {
        status: response.status,
        endpoint: 'GET /users',
      });
    }
  },
};
