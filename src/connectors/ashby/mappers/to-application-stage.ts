import type { MappedPage } from '../../connector.js';
import type { AshbyPlanRecord } from '../ashby.types.js';
import { mapEach, push, text } from './common.js';

/** Each interview plan's stages (interviewStage.list) become application stages, one by one. */
export function mapApplicationStages(records: AshbyPlanRecord[]): MappedPage {
  const stages = records.flatMap((r) => r?.stages ?? []);
  return mapEach(stages, 'application_stages', (s) => s?.id, (s, page) => {
    push(page, 'application_stages', {
      remote_id: s.id,
      fields: { name: text(s.title), global_index: s.orderInInterviewPlan ?? null, remote_created_at: null, remote_updated_at: null },
      remote_data: s,
    });
  });
}
