import type { ConnectorContext } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { gemRemoteError } from './gem.client.js';
import type { GemErrorBody } from './gem.types.js';

/** The body of Gem's v0 create-candidate call (partner-apis.md §2.5). */
export interface GemCandidateInput {
  created_by: string;
  first_name?: string | null;
  last_name?: string | null;
  emails: { email_address: string; is_primary?: boolean }[];
  linked_in_handle?: string | null;
  title?: string | null;
  company?: string | null;
  location?: string | null;
  phone_number?: string | null;
  profile_urls?: string[];
  work_info?: { company: string | null; title: string | null; work_start_date: string | null; work_end_date: string | null; is_current: boolean | null }[];
  education_info?: { school: string | null; degree: string | null; field_of_study: string | null; start_date: string | null; end_date: string | null }[];
  project_ids?: string[];
  sourced_from?: string;
}

export type CreateCandidateResult = { created: { id: string } & Record<string, unknown> } | { duplicateOf: string };

/**
 * Creates a candidate through Gem's v0 API. Gem dedupes on email and LinkedIn handle: a duplicate
 * is an HTTP 400 naming the existing candidate, returned here as `duplicateOf`.
 */
export async function createGemCandidate(context: ConnectorContext, input: GemCandidateInput, signal?: AbortSignal): Promise<CreateCandidateResult> {
  const endpoint = 'POST /v0/candidates';
  // Not idempotent: a 5xx or a timeout is not retried here (it may have landed); callers look it up first.
  const response = await context.http.request<unknown>({ method: 'POST', path: '/v0/candidates', data: input, signal, idempotent: false });
  if (response.status === 200 || response.status === 201) {
    const created = response.data as { id?: unknown };
    if (typeof created?.id !== 'string') throw new RemoteError('UNKNOWN', `Gem answered ${endpoint} without a candidate id.`, { status: response.status, endpoint });
    return { created: created as { id: string } };
  }
  const duplicate = (response.data as Partial<GemErrorBody> | undefined)?.errors?.duplicate_candidate?.id;
  if (response.status === 400 && typeof duplicate === 'string') return { duplicateOf: duplicate };
  throw gemRemoteError(response, endpoint);
}
