import type { MappedPage } from '../../connector.js';
import type { AshbyJobPostingRecord } from '../ashby.types.js';
import { date, mapEach, push, ref, text } from './common.js';
import { JOB_DESCRIPTION } from './derived.js';

/** Postings from jobPosting.list (published ones) with the description from jobPosting.info. */
export function mapJobPostings(records: AshbyJobPostingRecord[]): MappedPage {
  const mapped = mapEach(records, 'job_postings', (r) => r?.posting?.id, ({ posting, descriptionHtml }, page) => {
    const listed = posting.isListed === true;
    push(page, 'job_postings', {
      remote_id: posting.id,
      fields: {
        title: text(posting.title),
        description_html: descriptionHtml,
        status: posting.isListed == null ? null : listed ? 'ACTIVE' : 'INACTIVE',
        visibility: posting.isListed == null ? null : listed ? 'PUBLIC' : 'UNLISTED',
        url: text(posting.externalLink) ?? text(posting.applyLink),
        custom_fields: {
          department_name: posting.departmentName ?? null,
          location_name: posting.locationName ?? null,
          employment_type: posting.employmentType ?? null,
          workplace_type: posting.workplaceType ?? null,
        },
        integration_fields: [],
        remote_created_at: date(posting.publishedDate),
        remote_updated_at: date(posting.updatedAt),
      },
      refs: { job_id: ref('jobs', posting.jobId) },
      remote_data: posting,
    });
  });
  // A written posting recomputes its job's description.
  return { ...mapped, derived: [JOB_DESCRIPTION] };
}
