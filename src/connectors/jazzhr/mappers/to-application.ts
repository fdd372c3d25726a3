import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { JazzApplicant2Job, JazzHire, JazzWorkflowStep } from '../jazzhr.types.js';
import { jazzDate, jazzRecord, mapEach, text } from './map-helpers.js';

/** An applicants2jobs item with its step and its hire (from /hires), where there is one. */
export interface JazzApplicationWithExtras {
  mapping: JazzApplicant2Job;
  step: JazzWorkflowStep | null;
  hire: JazzHire | null;
}

/**
 * JazzHR applicants2jobs → applications. The stage is the workflow step; the outcome comes from
 * the hires list and the step's disposition: HIRED when hired, DECLINED on a "Not Hired" step
 * (whose name is the reason), else PENDING.
 */
export function mapApplications(records: JazzApplicationWithExtras[]): MappedPage {
  const applications: NormalizedRecord<'applications'>[] = [];
  const failures = mapEach('applications', records, (r) => r?.mapping?.id, ({ mapping, step, hire }, id) => {
    const category = step?.workflow_step_category ?? null;
    const outcome = hire || category === 'Hired' ? 'HIRED' : category === 'Not Hired' ? 'DECLINED' : 'PENDING';
    applications.push(
      jazzRecord('applications', id, mapping.date, {
        outcome,
        rejection_reason_name: outcome === 'DECLINED' ? text(step?.workflow_step_name) : null,
        rejected_at: null,
        custom_fields: {
          rating: text(mapping.rating),
          workflow_step_name: text(step?.workflow_step_name),
          workflow_step_category: category,
          hired_at: hire ? (jazzDate(hire.hired_time)?.toISOString() ?? null) : null,
        },
        integration_fields: [],
      }, {
        refs: {
          candidate_id: text(mapping.applicant_id) ? { model: 'candidates', remote_id: mapping.applicant_id } : null,
          job_id: text(mapping.job_id) ? { model: 'jobs', remote_id: mapping.job_id } : null,
          current_stage_id: Number.isInteger(mapping.workflow_step_id) && mapping.workflow_step_id > 0 ? { model: 'application_stages', remote_id: String(mapping.workflow_step_id) } : null,
        },
        remote_data: mapping,
      }),
    );
  });
  return { records: { applications }, failures };
}
