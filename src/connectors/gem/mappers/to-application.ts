import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { GemApplication } from '../gem.types.js';
import { addOnce, mapEach, remoteRecord, text, toDate } from './map-helpers.js';

const OUTCOME: Record<string, string> = { active: 'PENDING', hired: 'HIRED', rejected: 'DECLINED' };

/**
 * Gem applications → applications and the rejection reasons they name (Gem lists no rejection
 * reasons of its own). Each application keeps its own source in custom_fields. Gem's application
 * has no created_at/updated_at: applied_at and last_activity_at stand in.
 */
export function mapApplications(records: GemApplication[]): MappedPage {
  const applications: NormalizedRecord<'applications'>[] = [];
  const reasons: NormalizedRecord<'rejection_reasons'>[] = [];
  const seenReasons = new Set<string>();
  const failures = mapEach('applications', records, (a) => a.id, (a, id) => {
    if (!(a.status in OUTCOME)) throw new Error(`Unknown application status "${a.status}".`);
    const job = a.jobs?.[0];
    const reason = a.rejection_reason?.id ? a.rejection_reason : null;
    applications.push(
      remoteRecord(
        'applications',
        id,
        { created_at: a.applied_at, updated_at: a.last_activity_at, deleted_at: a.deleted_at },
        {
          outcome: OUTCOME[a.status],
          rejection_reason_name: text(reason?.name),
          rejected_at: toDate(a.rejected_at),
          custom_fields: {
            source: text(a.source?.public_name),
            source_id: a.source?.id ?? null,
            credited_to: a.credited_to ?? null,
            job_post_id: a.job_post_id ?? null,
            rejection_reason_type: reason?.type?.name ?? null,
            job_ids: (a.jobs ?? []).map((j) => j.id),
          },
          integration_fields: [],
        },
        {
          refs: {
            candidate_id: a.candidate_id ? { model: 'candidates', remote_id: a.candidate_id } : null,
            job_id: job?.id ? { model: 'jobs', remote_id: job.id } : null,
            current_stage_id: a.current_stage?.id ? { model: 'application_stages', remote_id: a.current_stage.id } : null,
          },
          remote_data: a,
        },
      ),
    );
    if (reason) addOnce(reasons, seenReasons, { remote_id: reason.id, fields: { name: text(reason.name) }, remote_data: reason });
  });
  return { records: { applications, rejection_reasons: reasons }, failures };
}
