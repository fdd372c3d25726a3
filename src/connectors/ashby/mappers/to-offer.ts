import type { MappedPage } from '../../connector.js';
import type { AshbyOffer } from '../ashby.types.js';
import { customFields, date, mapEach, push, ref, text } from './common.js';

const BY_OFFER_STATUS: Record<string, string> = {
  WaitingOnApprovalStart: 'DRAFT',
  WaitingOnApprovalDefinition: 'DRAFT',
  WaitingOnOfferApproval: 'APPROVAL-SENT',
  WaitingOnCandidateResponse: 'SENT',
  CandidateAccepted: 'SIGNED',
  CandidateRejected: 'DENIED',
  OfferCancelled: 'DEPRECATED',
};
const BY_ACCEPTANCE: Record<string, string> = {
  Accepted: 'SIGNED',
  Declined: 'DENIED',
  Cancelled: 'DEPRECATED',
  WaitingOnResponse: 'SENT',
  Pending: 'DRAFT',
  Created: 'DRAFT',
};

/** Start date, salary and currency come from the offer's latest version. */
export function mapOffers(records: AshbyOffer[]): MappedPage {
  return mapEach(records, 'offers', (o) => o?.id, (o, page) => {
    const version = o.latestVersion ?? null;
    const salary = version?.salary?.value;
    push(page, 'offers', {
      remote_id: o.id,
      fields: {
        status: (o.offerStatus && BY_OFFER_STATUS[o.offerStatus]) ?? (o.acceptanceStatus && BY_ACCEPTANCE[o.acceptanceStatus]) ?? null,
        employment_start_date: date(version?.startDate),
        compensation_amount: typeof salary === 'number' && Number.isFinite(salary) ? String(salary) : null,
        compensation_currency: text(version?.salary?.currencyCode),
        compensation_period: null,
        custom_fields: { ...customFields(version?.customFields), acceptance_status: o.acceptanceStatus ?? null, decided_at: o.decidedAt ?? null },
        integration_fields: [],
        remote_created_at: date(version?.createdAt),
        remote_updated_at: null,
      },
      refs: { application_id: ref('applications', o.applicationId) },
      remote_data: o,
    });
  });
}
