import type { CandidateUpdate, WriteResult } from '../connector-actions.js';
import type { ConnectorContext } from '../connector.js';
import type { V0Candidate } from './gem.create-candidate.js';
import { gemCall, lower } from './gem.write-client.js';

const SAME_FIELDS = 'names, emails, title, company, location and phone';

/**
 * A re-export sets the profile through v0's update, which takes only names, emails, title, company,
 * location, school and one phone (partner-apis.md §2.5): work history, education and profile links
 * stay as Gem has them, and the warning says so. Emails are merged into the live list (the primary
 * kept) so an address someone added in Gem is not lost. The same PUT again is harmless, so it may be
 * retried like a read.
 */
export async function updateCandidate(context: ConnectorContext, input: CandidateUpdate): Promise<WriteResult> {
  const path = `/v0/candidates/${encodeURIComponent(input.candidate_remote_id)}`;
  const current = (await gemCall<V0Candidate>(context, { path })).data;
  const have = new Set(current.emails.map((e) => lower(e.email_address)));
  const emails = [...current.emails, ...input.emails.filter((e) => !have.has(lower(e.email_address))).map((e) => ({ email_address: e.email_address, is_primary: false }))].slice(0, 20);
  const current_job = input.work_history?.find((w) => w.is_current);
  const location = input.location ? [input.location.city, input.location.state, input.location.country].filter((p) => p && p.trim() !== '').join(', ') || null : undefined;
  const body: Record<string, unknown> = {
    first_name: input.first_name || undefined,
    last_name: input.last_name || undefined,
    emails,
    title: input.title ?? current_job?.title ?? undefined,
    company: input.company ?? current_job?.company ?? undefined,
    ...(location !== undefined ? { location } : {}),
    ...(input.phones[0] ? { phone_number: input.phones[0].phone_number } : {}),
  };
  const response = await gemCall(context, { method: 'PUT', path, data: body });
  const warnings: string[] = [];
  if (input.work_history?.length || input.education?.length || input.social_links.length) {
    warnings.push(`Gem's update takes only ${SAME_FIELDS}: work history, education and profile links were left as Gem has them.`);
  }
  return { candidate_remote_id: input.candidate_remote_id, touched: [{ model: 'candidates', remote_id: input.candidate_remote_id }], warnings, partner_status: response.status };
}
