import type { WriteResult } from '../connector-actions.js';
import type { ConnectorContext } from '../connector.js';
import { gemCall, writeOnce } from './gem.write-client.js';

/** v0's membership write takes at most this many ids a call. */
const IDS_PER_PUT = 1000;

/**
 * Adds candidates to a Gem project (v0 `PUT /v0/projects/{id}/candidates`) as `user`. Gem refuses a
 * candidate already in the project, so only the others are sent; a lost answer is checked by
 * re-reading the members, not by sending again.
 */
export async function addToProject(context: ConnectorContext, projectId: string, candidateIds: readonly string[], user: string): Promise<WriteResult> {
  const path = `/v0/projects/${encodeURIComponent(projectId)}/candidates`;
  const members = async (): Promise<Set<string>> => {
    const ids = new Set<string>();
    for (let page = 1; ; page++) {
      const rows = (await gemCall<{ candidate_id: string }[]>(context, { path, params: { page, page_size: 100 } })).data;
      for (const row of rows) ids.add(row.candidate_id);
      if (rows.length < 100) return ids;
    }
  };
  const already = await members();
  const missing = [...new Set(candidateIds)].filter((id) => !already.has(id));
  let status: number | undefined;
  for (let i = 0; i < missing.length; i += IDS_PER_PUT) {
    const chunk = missing.slice(i, i + IDS_PER_PUT);
    await writeOnce(
      async () => (status = (await gemCall(context, { method: 'PUT', path, data: { candidate_ids: chunk, user_id: user }, idempotent: false })).status),
      async () => {
        const now = await members();
        return chunk.every((id) => now.has(id)) ? 204 : null;
      },
    );
  }
  const warnings = missing.length < new Set(candidateIds).size ? ['Some candidates were already in the project and were left as they were.'] : [];
  return { touched: [], warnings, partner_status: status };
}
