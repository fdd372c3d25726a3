import type { Connector } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ASHBY_STREAMS } from './ashby.streams.js';

export const ashbyConnector: Connector = {
  provider: 'ashby',
  displayName: 'Ashby',
  defaultBaseUrl: 'https://api.ashbyhq.com',
  credentialFields: ['api_key'],
  // Ashby does not publish its per-key limit; recorded responses show x-ratelimit-limit: 1000 (per minute).
  limits: { requestsPerSecond: 15, concurrency: 4 },
  // HTTP Basic with the key as username and an empty password.
  authenticate: (credentials) => ({
    auth: { username: credentials.api_key, password: '' },
    headers: { 'Content-Type': 'application/json', Accept: 'application/json; version=1' },
  }),
  async checkCredentials({ http }) {
    const response = await http.request<{ success?: boolean; errorInfo?: { code?: string; message?: string } }>({
      method: 'POST',
      path: '/apiKey.info',
      data: {},
    });
    if (response.status !== 200 || response.data?.success !== true) {
      const code = response.data?.errorInfo?.code;
      throw new RemoteError('AUTH', `Ashby did not accept the API key${code ? ` (${code})` : ''}.`, {
        status: response.status,
        partnerCode: code,
        endpoint: 'POST /apiKey.info',
      });
    }
  },
  streams: ASHBY_STREAMS,
};
