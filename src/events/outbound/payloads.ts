import { stableId } from '../../ats/stable-id.js';
import { JOIN_TABLES, MODEL_TABLES } from '../../sync/model-tables.js';
import type { RunCounts } from '../../sync/record-writer.js';

/** Kombo's name of each join table (its `changed_models[].name` values). */
const KOMBO_JOIN_NAMES: Record<string, string> = {
  candidate_tags: 'ats_join_candidates_tags',
  job_stages: 'ats_join_jobs_application_stages',
  job_hiring_team_members: 'ats_join_jobs_users',
  interview_team_members: 'ats_join_interviews_users',
};

/** Kombo's model names of the models that really changed (created, updated or deleted rows); none → no event. */
export function changedModels(counts: RunCounts): { name: string }[] {
  const names: string[] = [];
  for (const [model, c] of Object.entries(counts)) {
    if (!c || c.created + c.updated + c.deleted === 0) continue;
    const name = model in MODEL_TABLES ? MODEL_TABLES[model as keyof typeof MODEL_TABLES].table : model in JOIN_TABLES ? KOMBO_JOIN_NAMES[model] : undefined;
    if (name) names.push(name);
  }
  return [...new Set(names)].sort().map((name) => ({ name }));
}

export interface IntegrationRef {
  connectionId: string;
  provider: string;
}

/** The integration block every Kombo event carries (a connection is Kombo's integration). */
export function integration(ref: IntegrationRef): { integration_id: string; integration_tool: string; integration_category: 'ATS' } {
  return { integration_id: ref.connectionId, integration_tool: ref.provider, integration_category: 'ATS' };
}

/** The data of candidate.created / candidate.deleted: whose, and which candidate (our id and the partner's). */
export function candidateData(ref: IntegrationRef, remoteId: string): Record<string, unknown> {
  return { ...integration(ref), candidate: { id: stableId(ref.connectionId, 'candidates', remoteId), remote_id: remoteId } };
}
