import type { FetchByIds, FetchedRecords } from '../connector-actions.js';
import type { MappedPage, RemoteRef } from '../connector.js';
import { getOne } from './jazzhr.client.js';
import { findByNameAndEmail } from './jazzhr.lookup.js';
import { applicantDetails, applicationExtras, jobExtras } from './jazzhr.streams.js';
import type { JazzApplicant2Job, JazzCategory, JazzJob } from './jazzhr.types.js';
import { mapTags } from './mappers/to-tag.js';
import { parseExportLookup, type ExportLookup } from './jazzhr.webhooks.js';
import { mapApplications } from './mappers/to-application.js';
import { mapCandidates } from './mappers/to-candidate.js';
import { mapJobs } from './mappers/to-job.js';

/**
 * Re-reads candidates (applicant details), applications (applicants2jobs items), jobs and tags by id,
 * with the streams' own extras and mappers, so a record written through hashes as the next sync
 * will find it. A record JazzHR no longer has (404) is reported missing.
 */
export const jazzhrFetchByIds: FetchByIds = async (context, refs): Promise<FetchedRecords> => {
  const pages: MappedPage[] = [];
  const missing: RemoteRef[] = [];
  const idsOf = (model: RemoteRef['model']) => [...new Set(refs.filter((r) => r.model === model).map((r) => r.remote_id))];

  const lookups = idsOf('candidates').map((id) => parseExportLookup(id)).filter((l): l is ExportLookup => l !== null);
  const candidateIds = idsOf('candidates').filter((id) => parseExportLookup(id) === null);
  // A Candidate Export names its candidate by name and email (its ids are not v1's): found through the
  // name search; every profile with that name and email is re-read (JazzHR does not dedupe).
  for (const lookup of lookups) {
    const found = await findByNameAndEmail(context, lookup.given, lookup.family, lookup.emails);
    if (found.length > 0) pages.push(mapCandidates(found));
  }
  if (candidateIds.length > 0) {
    const details = await applicantDetails(context, candidateIds);
    pages.push(mapCandidates(details));
    const found = new Set(details.map((d) => d.id));
    missing.push(...candidateIds.filter((id) => !found.has(id)).map((id) => ({ model: 'candidates' as const, remote_id: id })));
  }

  const applicationIds = idsOf('applications');
  if (applicationIds.length > 0) {
    const mappings = await Promise.all(applicationIds.map((id) => getOne<JazzApplicant2Job>(context.http, 'applicants2jobs', id)));
    const found = mappings.filter((m): m is JazzApplicant2Job => m !== null);
    const applicants = [...new Set(found.map((m) => m.applicant_id))];
    // One applicant (the usual write): only its hires; several: the whole (short) hires list.
    const { withExtras } = await applicationExtras(context, applicants.length === 1 ? { applicant_id: applicants[0] } : {});
    pages.push(mapApplications(withExtras(found)));
    const seen = new Set(found.map((m) => m.id));
    missing.push(...applicationIds.filter((id) => !seen.has(id)).map((id) => ({ model: 'applications' as const, remote_id: id })));
  }

  const jobIds = idsOf('jobs');
  if (jobIds.length > 0) {
    const [jobs, extras] = await Promise.all([Promise.all(jobIds.map((id) => getOne<JazzJob>(context.http, 'jobs', id))), jobExtras(context)]);
    const found = jobs.filter((j): j is JazzJob => j !== null).map(({ job_applicants: _applicants, ...job }: JazzJob & { job_applicants?: unknown }) => job as JazzJob);
    pages.push(mapJobs(found.map((job) => ({ job, confidential: extras.confidential.has(job.id), steps: extras.stepsOf(job) }))));
    const seen = new Set(found.map((j) => j.id));
    missing.push(...jobIds.filter((id) => !seen.has(id)).map((id) => ({ model: 'jobs' as const, remote_id: id })));
  }
  const tagIds = idsOf('tags');
  if (tagIds.length > 0) {
    const found = (await Promise.all(tagIds.map((id) => getOne<JazzCategory>(context.http, 'categories', id)))).filter((c): c is JazzCategory => c !== null);
    pages.push(mapTags(found));
    missing.push(...tagIds.filter((id) => !found.some((c) => c.id === id)).map((id) => ({ model: 'tags' as const, remote_id: id })));
  }
  return { ...merge(pages), missing };
};

/** Several mapped pages as one. */
function merge(pages: MappedPage[]): Required<MappedPage> {
  const out: Required<MappedPage> = { records: {}, joins: [], failures: [], derived: [] };
  for (const page of pages) {
    for (const [model, list] of Object.entries(page.records)) ((out.records as Record<string, unknown[]>)[model] ??= []).push(...(list ?? []));
    out.joins.push(...(page.joins ?? []));
    out.failures.push(...(page.failures ?? []));
  }
  return out;
}
