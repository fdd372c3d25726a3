import { ashbyListAll } from '../../../src/connectors/ashby/ashby.client.js';
import { ashbyConnector } from '../../../src/connectors/ashby/ashby.connector.js';
import type { AshbyOffer } from '../../../src/connectors/ashby/ashby.types.js';
import { mapOffers } from '../../../src/connectors/ashby/mappers/to-offer.js';
import type { FetchByIds, FetchedRecords } from '../../../src/connectors/connector-actions.js';
import type { Connector, RemoteRef } from '../../../src/connectors/connector.js';

/**
 * Ashby's own fetchByIds, plus offer re-reads where it has none yet: for each re-read application
 * its offers (offer.list by applicationId; Ashby has no offer.info), mapped by the sync's offer
 * mapper. The hires feed needs the accepted offer when only applicationUpdate arrives (the seed's
 * set-up). This supplement steps aside by itself once Ashby's fetchByIds returns offers.
 */
const withOffers: FetchByIds = async (ctx, refs) => {
  const base = await ashbyConnector.fetchByIds!(ctx, refs);
  if (base.records.offers !== undefined) return base;
  const applications = refs.filter((r) => r.model === 'applications').map((r) => r.remote_id);
  const wanted = new Set(refs.filter((r) => r.model === 'offers').map((r) => r.remote_id));
  if (applications.length === 0 && wanted.size === 0) return base;
  const offers: AshbyOffer[] = [];
  for (const applicationId of applications) offers.push(...(await ashbyListAll<AshbyOffer>(ctx, 'offer.list', { applicationId })));
  const missing: RemoteRef[] = [...(base.missing ?? [])];
  // An offer asked for by id whose application was re-read and no longer lists it is gone.
  for (const id of wanted) if (applications.length > 0 && !offers.some((o) => o.id === id)) missing.push({ model: 'offers', remote_id: id });
  const mapped = mapOffers(offers);
  const out: FetchedRecords = { ...base, records: { ...base.records, offers: mapped.records.offers ?? [] }, missing };
  return out;
};

export function ashbyForTests(): Connector {
  return { ...ashbyConnector, fetchByIds: withOffers };
}
