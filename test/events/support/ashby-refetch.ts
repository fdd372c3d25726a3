import { ashbyCall, ashbyListAll } from '../../../src/connectors/ashby/ashby.client.js';
import type { AshbyApplication, AshbyCandidate, AshbyOffer } from '../../../src/connectors/ashby/ashby.types.js';
import { mapApplications } from '../../../src/connectors/ashby/mappers/to-application.js';
import { mapCandidates } from '../../../src/connectors/ashby/mappers/to-candidate.js';
import { mapOffers } from '../../../src/connectors/ashby/mappers/to-offer.js';
import type { FetchByIds, FetchedRecords } from '../../../src/connectors/connector-actions.js';
import type { ConnectorContext, MappedPage, RemoteRef } from '../../../src/connectors/connector.js';
import { RemoteError } from '../../../src/connectors/remote-error.js';

/**
 * A stand-in for Ashby's fetchByIds (being written beside this issue) so processing is tested
 * against the real sandbox now: candidate.info, application.info and offer.list, mapped by the
 * sync's own mappers. Offers are re-read per application (Ashby has no offer.info).
 */
async function info<T>(ctx: ConnectorContext, endpoint: string, body: Record<string, unknown>): Promise<T | null> {
  try {
    return (await ashbyCall<T>(ctx, endpoint, body)).results ?? null;
  } catch (error) {
    if (error instanceof RemoteError && /_not_found$/.test(String(error.details.partnerCode ?? ''))) return null;
    throw error;
  }
}

export const interimAshbyFetchByIds: FetchByIds = async (ctx, refs) => {
  const pages: MappedPage[] = [];
  const missing: RemoteRef[] = [];
  const ids = (model: RemoteRef['model']) => refs.filter((r) => r.model === model).map((r) => r.remote_id);
  for (const id of ids('candidates')) {
    const c = await info<AshbyCandidate>(ctx, 'candidate.info', { id });
    // As the candidates stream does: the first application's source when the candidate has none.
    const first = c?.applicationIds?.[0];
    const firstApplicationSource = c && !c.source?.title && first ? ((await info<AshbyApplication>(ctx, 'application.info', { applicationId: first }))?.source?.title ?? null) : null;
    if (c) pages.push(mapCandidates([{ candidate: c, firstApplicationSource }]));
    else missing.push({ model: 'candidates', remote_id: id });
  }
  const applications = new Set(ids('applications'));
  for (const id of applications) {
    const a = await info<AshbyApplication>(ctx, 'application.info', { applicationId: id });
    if (a) pages.push(mapApplications([a]));
    else missing.push({ model: 'applications', remote_id: id });
  }
  const wantedOffers = new Set(ids('offers'));
  if (wantedOffers.size > 0 || applications.size > 0) {
    const offers: AshbyOffer[] = [];
    for (const applicationId of applications) offers.push(...(await ashbyListAll<AshbyOffer>(ctx, 'offer.list', { applicationId })));
    const found = offers.filter((o) => wantedOffers.has(o.id) || applications.has(o.applicationId ?? ''));
    if (found.length) pages.push(mapOffers(found));
    for (const id of wantedOffers) if (!found.some((o) => o.id === id) && applications.size === 0) missing.push({ model: 'offers', remote_id: id });
  }
  const out: FetchedRecords = { records: {}, joins: [], missing };
  for (const page of pages) {
    for (const [model, list] of Object.entries(page.records)) (out.records as Record<string, unknown[]>)[model] = [...((out.records as Record<string, unknown[]>)[model] ?? []), ...(list ?? [])];
    out.joins!.push(...(page.joins ?? []));
  }
  return out;
};
