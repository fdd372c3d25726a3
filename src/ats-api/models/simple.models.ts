import { object, recordFields, timestampsFields } from '../sql/json-sql.js';
import type { ReadModel } from '../sql/read-model.js';

/** Models with a name and nothing nested. */
function named(path: string, table: string, extra: [string, string][] = []): ReadModel {
  return {
    path,
    table,
    shape: object([...recordFields('r'), ['name', 'r.name'], ...extra, ...timestampsFields('r'), ['remote_data', 'r.remote_data']]),
  };
}

export const rejectionReasonsModel = named('rejection-reasons', 'ats_rejection_reasons');
export const tagsModel = named('tags', 'ats_tags');
export const applicationStagesModel = named('application-stages', 'ats_application_stages', [['global_index', 'r.global_index']]);

export const jobPostingsModel: ReadModel = {
  path: 'job-postings',
  table: 'ats_job_postings',
  shape: object([
    ...recordFields('r'),
    ['title', 'r.title'],
    ['description_html', 'r.description_html'],
    ['status', 'r.status'],
    ['visibility', 'r.visibility'],
    ['url', 'r.url'],
    ['job_id', 'r.job_id'],
    ['custom_fields', 'r.custom_fields'],
    ['integration_fields', 'r.integration_fields'],
    ['remote_url', 'NULL'],
    ...timestampsFields('r'),
    ['remote_data', 'r.remote_data'],
  ]),
};

