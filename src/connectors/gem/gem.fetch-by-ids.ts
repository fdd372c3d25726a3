import type { FetchByIds, FetchedRecords } from '../connector-actions.js';
import type { MappedPage, RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { getAtsPage } from './gem.client.js';
import type { GemApplication, GemCandidate } from './gem.types.js';
import { gemCall } from './gem.write-client.js';
import { mapApplications } from './mappers/to-application.js';
import { mapCandidates } from './mappers/to-candidate.js';

/** At most this many ids per candidate_ids filter (as the candidates stream's second pass). */
const IDS_PER_CALL = 20;

/**
 * Re-reads candidates and applications from Gem's ATS API, as the streams read them (include_deleted,
 * the same list and record shapes) and maps them with the streams' own mappers, so a record written
 * through hashes as the next sync will find it. Other models are not re-read (writes touch no others).
 */
export const gemFetchByIds: FetchByIds = async (context, refs): Promise<FetchedRecords> => {
  const pages: MappedPage[] = [];
  const missing: RemoteRef[] = [];
  const candidateIds = [...new Set(refs.filter((r) => r.model === 'candidates').map((r) => r.remote_id))];
  for (let i = 0; i < candidateIds.length; i += IDS_PER_CALL) {
    const wanted = candidateIds.slice(i, i + IDS_PER_CALL);
    const found = await getAtsPage<GemCandidate>(context.http, '/ats/v0/candidates', { include_deleted: 'true', candidate_ids: wanted.join(','), page: 1 });
    pages.push(mapCandidates(found));
    const seen = new Set(found.map((c) => c.id));
    missing.push(...wanted.filter((id) => !seen.has(id)).map((id) => ({ model: 'candidates' as const, remote_id: id })));
  }
  const applications: GemApplication[] = [];
  for (const id of new Set(refs.filter((r) => r.model === 'applications').map((r) => r.remote_id))) {
    try {
      applications.push((await gemCall<GemApplication>(context, { path: `/ats/v0/applications/${encodeURIComponent(id)}` })).data);
    } catch (error) {
      if (!(error instanceof RemoteError && error.details.status === 404)) throw error;
      missing.push({ model: 'applications', remote_id: id });
    }
  }
  if (applications.length > 0) pages.push(mapApplications(applications));
  return { ...merge(pages), missing };
};

/** One page out of several mapped ones. */
function merge(pages: MappedPage[]): Required<MappedPage> {
  const out: Required<MappedPage> = { records: {}, joins: [], failures: [], derived: [] };
  for (const page of pages) {
    for (const [model, list] of Object.entries(page.records)) {
      const target = ((out.records as Record<string, unknown[]>)[model] ??= []);
      target.push(...(list ?? []));
    }
    out.joins.push(...(page.joins ?? []));
    out.failures.push(...(page.failures ?? []));
  }
  return out;
}
