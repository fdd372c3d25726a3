import type { MappedPage } from '../../connector.js';
import type { AshbyPlanRecord } from '../ashby.types.js';
import { date, mapEach, push, text } from './common.js';

/**
 * Each interview plan's stages (interviewStage.list) become application stages, one by one. Ashby
 * gives a stage no timestamps; it changes with its plan, so it carries the plan's updatedAt (which
 * is also how the next sync tells whether to ask for the plan's stages again).
 */
export function mapApplicationStages(records: AshbyPlanRecord[]): MappedPage {
  const stages = records.flatMap((r) => (r?.stages ?? []).map((s) => ({ s, updatedAt: date(r.plan?.updatedAt) })));
  return mapEach(stages, 'application_stages', ({ s }) => s?.id, ({ s, updatedAt }, page) => {
    push(page, 'application_stages', {
      remote_id: s.id,
      fields: { name: text(s.title), global_index: s.orderInInterviewPlan ?? null, remote_created_at: null, remote_updated_at: updatedAt },
      remote_data: s,
    });
  });
}
