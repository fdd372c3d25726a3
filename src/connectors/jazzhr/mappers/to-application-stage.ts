import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { JazzWorkflow } from '../jazzhr.types.js';
import { mapEach, text } from './map-helpers.js';

/**
 * JazzHR workflow steps → application stages (one per step: a step id is what an application's
 * workflow_step_id names). global_index is the step's order in its workflow.
 */
export function mapApplicationStages(records: JazzWorkflow[]): MappedPage {
  const stages: NormalizedRecord<'application_stages'>[] = [];
  const steps = records.flatMap((w) => (w?.workflow_steps ?? []).map((step) => ({ workflow: w, step })));
  const failures = mapEach('application_stages', steps, ({ step }) => step?.workflow_step_id, ({ workflow, step }, id) => {
    stages.push({
      remote_id: id,
      fields: { name: text(step.workflow_step_name), global_index: Number.isInteger(step.workflow_step_order) ? step.workflow_step_order - 1 : null, remote_created_at: null, remote_updated_at: null },
      remote_data: { ...step, workflow_id: workflow.workflow_id, workflow_name: workflow.workflow_name },
    });
  });
  return { records: { application_stages: stages }, failures };
}
