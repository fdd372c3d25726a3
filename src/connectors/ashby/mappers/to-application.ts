import type { MappedPage } from '../../connector.js';
import type { AshbyApplication } from '../ashby.types.js';
import { customFields, date, mapEach, push, ref, text } from './common.js';
import { CANDIDATE_SOURCE } from './derived.js';

const OUTCOME: Record<string, string> = { Hired: 'HIRED', Archived: 'DECLINED', Active: 'PENDING', Lead: 'PENDING' };

export function mapApplications(records: AshbyApplication[]): MappedPage {
  const mapped = mapEach(records, 'applications', (a) => a?.id, (a, page) => {
    const archived = a.status === 'Archived';
    push(page, 'applications', {
      remote_id: a.id,
      fields: {
        outcome: (a.status && OUTCOME[a.status]) ?? null,
        rejection_reason_name: archived ? text(a.archiveReason?.text) : null,
        rejected_at: archived ? date(a.archivedAt) : null,
        // The application's own source; the candidate carries their first application's.
        custom_fields: { ...customFields(a.customFields), source: text(a.source?.title), source_type: text(a.source?.sourceType?.title) },
        integration_fields: [],
        remote_created_at: date(a.createdAt),
        remote_updated_at: date(a.updatedAt),
      },
      refs: {
        candidate_id: ref('candidates', a.candidate?.id),
        job_id: ref('jobs', a.job?.id),
        current_stage_id: ref('application_stages', a.currentInterviewStage?.id),
      },
      remote_data: a,
    });
  });
  // A written application recomputes its candidate's source.
  return { ...mapped, derived: [CANDIDATE_SOURCE] };
}
