import type { Connector } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { gemActions } from './gem.actions.js';
import { gemFetchByIds } from './gem.fetch-by-ids.js';
import { GEM_STREAMS } from './gem.streams.js';

export const gemConnector: Connector = {
  provider: 'gem',
  displayName: 'Gem',
  defaultBaseUrl: 'https://api.gem.com',
  credentialFields: ['api_key'],
  // Gem: a leaky bucket of about 20 requests per second per key; stay just under it.
  limits: { requestsPerSecond: 18, concurrency: 4 },
  // No fixed Content-Type: the client sets JSON for bodies and multipart for résumé uploads.
  authenticate: (credentials) => ({ headers: { 'X-API-Key': credentials.api_key } }),
  async checkCredentials({ http }) {
    const response = await http.request<unknown>({ path: '/ats/v0/users', params: { page: 1, per_page: 1 } });
    if (response.status !== 200) {
      throw new RemoteError('INPUT', `Gem answered HTTP ${response.status} to a credential check.`, {
        status: response.status,
        endpoint: 'GET /ats/v0/users',
      });
    }
  },
  streams: GEM_STREAMS,
  actions: gemActions,
  fetchByIds: gemFetchByIds,
  setupGuide: {
    steps: ['In Gem, open Team Settings → Additional Settings → API Keys.', 'Click Create API key and copy it.', 'Paste it here.'],
    permissions: ['Your Gem plan must include the “API Access” module; the key reads and writes what your team can.'],
    credentialLabels: { api_key: 'API Key' },
  },
};
