import { object, recordFields, timestampsFields, ts } from '../sql/json-sql.js';
import { candidateRef, jobRef, offerStatus } from '../sql/nested-sql.js';
import type { ReadModel } from '../sql/read-model.js';

const application = `SELECT s.id AS parent_id, ${object([
  ...recordFields('a'),
  ['candidate', candidateRef('c')],
  ['job', jobRef('j')],
])} AS value
  FROM shown s
  JOIN ats_applications a ON a.connection_id = $1 AND a.id = s.application_id
  LEFT JOIN ats_candidates c ON c.connection_id = $1 AND c.id = a.candidate_id
  LEFT JOIN ats_jobs j ON j.connection_id = $1 AND j.id = a.job_id`;

export const offersModel: ReadModel = {
  path: 'offers',
  table: 'ats_offers',
  nested: [{ name: 'application', sql: application }],
  shape: object([
    ...recordFields('r'),
    ['status', offerStatus('r.status')],
    ['employment_start_date', ts('r.employment_start_date')],
    ['compensation_amount', 'r.compensation_amount::float8'],
    ['compensation_currency', 'r.compensation_currency'],
    ['compensation_period', 'r.compensation_period'],
    ['application_id', 'r.application_id'],
    ['custom_fields', 'r.custom_fields'],
    ['integration_fields', 'r.integration_fields'],
    ['remote_url', 'NULL'],
    ...timestampsFields('r'),
    ['application', 'application.value'],
    ['remote_data', 'r.remote_data'],
  ]),
};
