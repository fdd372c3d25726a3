import { object, ts } from '../../ats-api/sql/json-sql.js';
import type { ReadModel } from '../../ats-api/sql/read-model.js';

/** `GET /v1/ats/hires`: the hires feed, read like every synced model (cursor, updated_after, include_deleted). */
export const hiresModel: ReadModel = {
  path: 'hires',
  table: 'ats_hires',
  shape: object([
    ['id', 'r.id'],
    ['remote_id', 'r.remote_id'],
    ['first_name', 'r.first_name'],
    ['middle_name', 'r.middle_name'],
    ['last_name', 'r.last_name'],
    ['personal_email', 'r.personal_email'],
    ['personal_email_type', 'r.personal_email_type'],
    ['personal_phone', 'r.personal_phone'],
    ['personal_phone_type', 'r.personal_phone_type'],
    ['job_title', 'r.job_title'],
    ['department', 'r.department'],
    ['start_date', ts('r.start_date')],
    ['salary_amount', 'r.salary_amount::float8'],
    ['salary_currency', 'r.salary_currency'],
    ['hired_at', ts('r.hired_at')],
    ['candidate_id', 'r.candidate_id'],
    ['application_id', 'r.application_id'],
    ['job_id', 'r.job_id'],
    ['offer_id', 'r.offer_id'],
    ['changed_at', ts('r.changed_at')],
    ['remote_deleted_at', ts('r.remote_deleted_at')],
  ]),
};
