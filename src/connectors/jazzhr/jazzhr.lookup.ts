import type { ConnectorContext } from '../connector.js';
import { getAll } from './jazzhr.client.js';
import { applicantDetails } from './jazzhr.streams.js';
import type { JazzApplicantDetail, JazzApplicantSummary } from './jazzhr.types.js';

/** A name search may match many profiles; the newest ones (most likely not yet synced) get a detail call. */
export const NAME_SEARCH_DETAILS = 10;

export const lower = (s: string) => s.trim().toLowerCase();

/** Applicants matching a name (JazzHR's only search), newest first. */
export async function byName(context: ConnectorContext, name: string): Promise<JazzApplicantSummary[]> {
  const hits = await getAll<JazzApplicantSummary>(context.http, 'applicants', { name });
  return hits.sort((a, b) => (a.apply_date === b.apply_date ? (a.id < b.id ? 1 : -1) : a.apply_date < b.apply_date ? 1 : -1));
}

/** Details of the newest applicants with this name whose email is one of `emails`. */
export async function findByNameAndEmail(context: ConnectorContext, first: string, last: string, emails: string[], appliedFrom?: string): Promise<JazzApplicantDetail[]> {
  const hits = (await byName(context, `${first} ${last}`)).filter((s) => !appliedFrom || s.apply_date >= appliedFrom);
  const details = await applicantDetails(context, hits.slice(0, NAME_SEARCH_DETAILS).map((s) => s.id));
  const wanted = new Set(emails.map(lower));
  return details.filter((d) => lower(d.first_name) === lower(first) && lower(d.last_name) === lower(last) && wanted.has(lower(d.email ?? '')));
}

