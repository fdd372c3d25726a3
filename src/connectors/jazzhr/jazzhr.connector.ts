import type { Connector } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { errorInBody, JAZZHR_REQUESTS_PER_WINDOW, JAZZHR_WINDOW_MS, requestsPerSecondWithin } from './jazzhr.client.js';
import { jazzhrActions } from './jazzhr.actions.js';
import { jazzhrFetchByIds } from './jazzhr.fetch-by-ids.js';
import { JAZZHR_STREAMS } from './jazzhr.streams.js';
import { jazzhrWebhooks } from './jazzhr.webhooks.js';

export const jazzhrConnector: Connector = {
  provider: 'jazzhr',
  displayName: 'JazzHR',
  defaultBaseUrl: 'https://api.resumatorapi.com/v1',
  credentialFields: ['api_key'],
  // JazzHR: 100 requests a minute per key; 96 a minute steady keeps any sliding minute under it.
  // Two in flight: a detail call's latency must not slow the pace below the limit.
  limits: { requestsPerSecond: requestsPerSecondWithin(JAZZHR_REQUESTS_PER_WINDOW, JAZZHR_WINDOW_MS), concurrency: 2 },
  // The key travels as the `apikey` query parameter on every call, POSTs included (the logger redacts it).
  // The key as the query parameter on every call and in POST bodies too (clients differ on which JazzHR reads).
  authenticate: (credentials) => ({ params: { apikey: credentials.api_key }, bodyFields: { apikey: credentials.api_key } }),
  async checkCredentials({ http }) {
    const response = await http.request<unknown>({ path: '/users' });
    if (response.status !== 200 || errorInBody(response.data) !== null) {
      throw new RemoteError('INPUT', `JazzHR answered HTTP ${response.status} to a credential check.`, {
        status: response.status,
        endpoint: 'GET /users',
      });
    }
  },
  streams: JAZZHR_STREAMS,
  actions: jazzhrActions,
  fetchByIds: jazzhrFetchByIds,
  webhooks: jazzhrWebhooks,
  // JazzHR v1 has no interviews, offers or rejection reasons (a "Not Hired" step's name is kept
  // as the application's rejection_reason_name).
  models: ['users', 'jobs', 'job_postings', 'application_stages', 'candidates', 'applications', 'tags'],
  setupGuide: {
    steps: ['In JazzHR, open Settings → Integrations.', 'Copy the API key shown there (regenerating it invalidates the old one).', 'Paste it here as the API key.'],
    permissions: ['The key is company-wide: it can read and write everything the account holds.'],
    credentialLabels: { api_key: 'API Key' },
  },
};
