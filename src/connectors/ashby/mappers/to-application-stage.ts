import type { MappedPage } from '../../connector.js';
import type { AshbyPlanRecord } from '../ashby.types.js';
import { mapEach, push, text } from './common.js';

/** Each interview plan's stages (interviewStage.list) become application stages. */
export function mapApplicationStages(records: AshbyPlanRecord[]): MappedPage {
  return mapEach(records, (r) => r?.plan?.id, ({ plan, stages }, page) => {
    const mapped = stages.map((s) => {
      if (!s?.id) throw new Error(`a stage of interview plan ${plan.id} has no id`);
      return {
        remote_id: s.id,
        fields: { name: text(s.title), global_index: s.orderInInterviewPlan ?? null, remote_created_at: null, remote_updated_at: null },
        remote_data: s,
      };
    });
    for (const record of mapped) push(page, 'application_stages', record);
  });
}
