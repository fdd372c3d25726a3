import type { Connector } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyCall } from './ashby.client.js';
import { ashbyActions } from './ashby.actions.js';
import { ashbyFetchByIds } from './ashby.fetch-by-ids.js';
import { ASHBY_STREAMS } from './ashby.streams.js';
import { ashbyWebhooks } from './ashby.webhooks.js';

export const ashbyConnector: Connector = {
  provider: 'ashby',
  displayName: 'Ashby',
  defaultBaseUrl: 'https://api.ashbyhq.com',
  credentialFields: ['api_key'],
  // Ashby does not publish its per-key limit; recorded responses show x-ratelimit-limit: 1000 (per minute).
  limits: { requestsPerSecond: 15, concurrency: 4 },
  // HTTP Basic with the key as username and an empty password. No fixed Content-Type: the HTTP
  // client sends application/json for JSON bodies and multipart/form-data (with its boundary) for
  // the file uploads; a fixed JSON header would make it serialize the form as JSON.
  authenticate: (credentials) => ({
    auth: { username: credentials.api_key, password: '' },
    headers: { Accept: 'application/json; version=1' },
  }),
  async checkCredentials(context) {
    try {
      await ashbyCall(context, 'apiKey.info', {});
    } catch (error) {
      // Any refusal of apiKey.info (an error body, an unexpected answer) means the key is not usable.
      if (error instanceof RemoteError && ['INPUT', 'UNKNOWN', 'POSITION_EXPIRED'].includes(error.kind)) {
        const code = error.details.partnerCode;
        throw new RemoteError('AUTH', `Ashby did not accept the API key${code ? ` (${code})` : ''}.`, { ...error.details, endpoint: 'POST /apiKey.info' });
      }
      throw error;
    }
  },
  streams: ASHBY_STREAMS,
  actions: ashbyActions,
  fetchByIds: ashbyFetchByIds,
  webhooks: ashbyWebhooks,
  setupGuide: {
    steps: ['In Ashby, open Admin → Integrations → Ashby API → API Keys.', 'Create a new key (name it after this app) and tick the permissions below.', 'Copy the key (Ashby shows it once) and paste it here.'],
    permissions: ['Candidates: read (write, to upload candidates)', 'Jobs: read', 'Interviews: read', 'Offers: read', 'Hiring process metadata: read', 'Organization: read', 'API keys: write (only to let ats-sync register webhooks itself)'],
    credentialLabels: { api_key: 'API Key' },
  },
};
