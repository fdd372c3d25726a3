import type { AtsModel, Connector, ConnectorContext, FetchRequest, MappedPage, RawPage, SyncStream } from '../../../src/connectors/connector.js';
import { RemoteError } from '../../../src/connectors/remote-error.js';
import type { FakeApplication, FakeCandidate } from './fake-ats.js';

const OVERLAP_MS = 60_000;
const PAGE = 50;

interface ListResponse<T> {
  data: T[];
  has_more: boolean;
}

/** Keyset paging over one fake list; positions are {after, page_number, updated_after}. */
async function* pages<T extends { id: string }>(
  path: string,
  context: ConnectorContext,
  request: FetchRequest,
): AsyncIterable<RawPage<T>> {
  const start = request.position ?? {};
  if (request.mode === 'DELTA' && start.expired) throw new RemoteError('POSITION_EXPIRED', 'sync token expired');
  const updatedAfter = request.mode === 'DELTA' ? (start.updated_after as string) : undefined;
  let after = (start.after as string) ?? '';
  let pageNumber = (start.page_number as number) ?? 1;
  const next = { updated_after: new Date(request.startedAt.getTime() - OVERLAP_MS).toISOString() };
  for (;;) {
    const response = await context.http.request<ListResponse<T>>({
      path,
      params: { after, limit: PAGE, page_number: pageNumber, ...(updatedAfter ? { updated_after: updatedAfter } : {}) },
      signal: request.signal,
    });
    if (response.status !== 200) throw new RemoteError('INPUT', `fake answered ${response.status}`, { status: response.status });
    const { data, has_more } = response.data;
    after = data.at(-1)?.id ?? after;
    pageNumber += 1;
    if (!has_more) {
      yield { records: data, position: next };
      return;
    }
    yield { records: data, position: { after, page_number: pageNumber, ...(updatedAfter ? { updated_after: updatedAfter } : {}) } };
  }
}

function mapCandidates(records: FakeCandidate[]): MappedPage {
  const page: Required<MappedPage> = { records: { candidates: [] }, joins: [], failures: [], derived: [] };
  for (const raw of records) {
    if (typeof raw.first_name !== 'string') {
      page.failures.push({ model: 'candidates', remote_id: raw.id ?? null, reason: `candidate ${raw.id}: first_name is not a string` });
      continue;
    }
    page.records.candidates!.push({
      remote_id: raw.id,
      fields: {
        first_name: raw.first_name,
        last_name: raw.last_name,
        email_addresses: [{ email_address: raw.email, type: 'PERSONAL' }],
        remote_updated_at: raw.updated_at,
      },
      remote_data: raw,
    });
    page.joins.push({
      join: 'candidate_tags',
      parent: { model: 'candidates', remote_id: raw.id },
      members: raw.tags.map((tag) => ({ member: { model: 'tags', remote_id: tag } })),
    });
  }
  return page;
}

function mapApplications(records: FakeApplication[]): MappedPage {
  return {
    records: {
      applications: records.map((raw) => ({
        remote_id: raw.id,
        fields: { outcome: raw.status === 'hired' ? 'HIRED' : 'PENDING', remote_updated_at: raw.updated_at },
        refs: { candidate_id: { model: 'candidates' as AtsModel, remote_id: raw.candidate_id } },
        remote_data: raw,
      })),
    },
  };
}

const candidates: SyncStream<FakeCandidate> = {
  name: 'candidates',
  models: ['candidates'],
  joins: ['candidate_tags'],
  supportsDelta: true,
  fetch: (context, request) => pages<FakeCandidate>('/candidates', context, request),
  map: mapCandidates,
};

const applications: SyncStream<FakeApplication> = {
  name: 'applications',
  models: ['applications'],
  supportsDelta: true,
  fetch: (context, request) => pages<FakeApplication>('/applications', context, request),
  map: mapApplications,
};

/** A provider served by FakeAts; the engine sees it only through the Connector contract. */
export const fakeConnector: Connector = {
  provider: 'fake',
  displayName: 'Fake ATS',
  defaultBaseUrl: 'http://127.0.0.1:1',
  credentialFields: ['api_key'],
  limits: { requestsPerSecond: 1000, concurrency: 4 },
  authenticate: (credentials) => ({ headers: { 'X-Key': credentials.api_key } }),
  async checkCredentials({ http }) {
    await http.request({ path: '/ping' });
  },
  streams: [candidates as SyncStream, applications as SyncStream],
};
