import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { GemJobStage } from '../gem.types.js';
import { mapEach, remoteRecord, text } from './map-helpers.js';

/** Gem job stages → application stages. Gem's stages belong to one job; `priority` is their order in it. */
export function mapApplicationStages(records: GemJobStage[]): MappedPage {
  const stages: NormalizedRecord<'application_stages'>[] = [];
  const failures = mapEach('application_stages', records, (s) => s.id, (s, id) => {
    stages.push(remoteRecord('application_stages', id, s, { name: text(s.name), global_index: Number.isInteger(s.priority) ? s.priority : null }));
  });
  return { records: { application_stages: stages }, failures };
}
