import type { FetchByIds, FetchedRecords } from '../connector-actions.js';
import type { ConnectorContext, JoinSet, MappedPage, RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { ashbyListAll, ashbyResults } from './ashby.client.js';
import { mapConcurrent } from './ashby.paging.js';
import { enrichJobs } from './ashby.streams.js';
import type { AshbyApplication, AshbyCandidate, AshbyJob, AshbyOffer } from './ashby.types.js';
import { mapJobs } from './mappers/to-job.js';
import { mapApplications } from './mappers/to-application.js';
import { mapCandidates } from './mappers/to-candidate.js';
import { mapOffers } from './mappers/to-offer.js';
import { mapTags } from './mappers/to-rejection-reason-and-tag.js';

/** Re-reads at once this many records; PartnerHttp's limits still apply. */
const FAN_OUT = 4;

/** Ashby's "no such record" answers (HTTP 200, success:false): the record is gone. */
const isNotFound = (error: unknown) => error instanceof RemoteError && error.kind === 'INPUT' && /_not_found$/.test(String(error.details.partnerCode ?? ''));

/** One record by id, or null when Ashby says it does not exist. */
async function info<T>(ctx: ConnectorContext, endpoint: string, body: Record<string, unknown>): Promise<T | null> {
  try {
    return await ashbyResults<T>(ctx, endpoint, body);
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * Write-through and webhook re-reads: candidates (candidate.info), applications (application.info),
 * jobs (job.info, with the department, location, posting and stages the jobs stream adds),
 * offers (offer.list by application: Ashby has no offer.info) and tags (candidateTag.list; Ashby has
 * no tag lookup by id), each mapped by the mapper its sync stream uses, so the next sync finds the
 * row unchanged.
 */
export const ashbyFetchByIds: FetchByIds = async (ctx, refs) => {
  const pages: MappedPage[] = [];
  const missing: RemoteRef[] = [];
  const of = (model: RemoteRef['model']) => refs.filter((r) => r.model === model).map((r) => r.remote_id);

  const candidates = await mapConcurrent(of('candidates'), FAN_OUT, async (id) => (await info<AshbyCandidate>(ctx, 'candidate.info', { id })) ?? id);
  for (const c of candidates) if (typeof c === 'string') missing.push({ model: 'candidates', remote_id: c });
  const found = candidates.filter((c) => typeof c !== 'string');
  if (found.length) pages.push(mapCandidates(found));

  const applications = await mapConcurrent(of('applications'), FAN_OUT, async (applicationId) => (await info<AshbyApplication>(ctx, 'application.info', { applicationId })) ?? applicationId);
  for (const a of applications) if (typeof a === 'string') missing.push({ model: 'applications', remote_id: a });
  const apps = applications.filter((a) => typeof a !== 'string');
  if (apps.length) pages.push(mapApplications(apps));

  // Offers: of the applications named with an offer (offer webhooks) and of hired ones (a hire arrives
  // as applicationUpdate alone, and the hire record needs its accepted offer); one call each.
  const wantedOffers = new Set(of('offers'));
  const offerApps = [...new Set([...apps.filter((a) => a.status === 'Hired').map((a) => a.id), ...(wantedOffers.size > 0 ? of('applications') : [])])];
  if (offerApps.length > 0) {
    const offers = (await mapConcurrent(offerApps, FAN_OUT, (applicationId) => ashbyListAll<AshbyOffer>(ctx, 'offer.list', { applicationId }))).flat();
    pages.push(mapOffers(offers));
    // An offer asked for by id that its application no longer lists is gone.
    for (const id of wantedOffers) if (!offers.some((o) => o.id === id)) missing.push({ model: 'offers', remote_id: id });
  }

  const jobs = await mapConcurrent(of('jobs'), FAN_OUT, async (id) => (await info<AshbyJob>(ctx, 'job.info', { id, expand: ['location', 'openings'] })) ?? id);
  for (const j of jobs) if (typeof j === 'string') missing.push({ model: 'jobs', remote_id: j });
  const foundJobs = jobs.filter((j) => typeof j !== 'string');
  if (foundJobs.length) pages.push(mapJobs(await enrichJobs(ctx, foundJobs)));

  const tagIds = of('tags');
  if (tagIds.length) {
    const tags = (await ashbyListAll<{ id: string; title?: string | null }>(ctx, 'candidateTag.list', { includeArchived: true })).filter((t) => tagIds.includes(t.id));
    pages.push(mapTags(tags));
    for (const id of tagIds) if (!tags.some((t) => t.id === id)) missing.push({ model: 'tags', remote_id: id });
  }
  return merge(pages, missing);
};

function merge(pages: MappedPage[], missing: RemoteRef[]): FetchedRecords {
  const records: Record<string, unknown[]> = {};
  const joins: JoinSet[] = [];
  const failures: NonNullable<MappedPage['failures']> = [];
  // The mappers' derived columns go along (a candidate's source from its first application), so the
  // write-through computes them as the sync does.
  const derived = new Set<NonNullable<MappedPage['derived']>[number]>();
  for (const page of pages) {
    for (const [model, list] of Object.entries(page.records)) records[model] = [...(records[model] ?? []), ...(list ?? [])];
    joins.push(...(page.joins ?? []));
    failures.push(...(page.failures ?? []));
    for (const rule of page.derived ?? []) derived.add(rule);
  }
  return { records: records as MappedPage['records'], joins, failures, derived: [...derived], missing };
}
