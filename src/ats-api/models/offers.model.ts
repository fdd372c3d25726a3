import { object, recordFields, timestampsFields, ts } from '../sql/json-sql.js';
import { nestedApplicationSql, offerStatus } from '../sql/nested-sql.js';
import type { ReadModel } from '../sql/read-model.js';

const application = nestedApplicationSql();

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
