import { containsPattern } from '../sql/list-sql.js';
import { EMPTY_ARRAY, locationObject, mapEnum, nestedList, object, recordFields, timestampsFields, ts } from '../sql/json-sql.js';
import { changedChildren, userRef } from '../sql/nested-sql.js';
import type { ReadModel } from '../sql/read-model.js';

const HIRING_TEAM_ROLES = ['RECRUITER', 'HIRING_MANAGER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER'];

const stages = `SELECT js.job_id AS parent_id,
    json_agg(json_build_object('id', st.id, 'remote_id', st.remote_id, 'name', st.name, 'index', js.index)
      ORDER BY js.index NULLS LAST, st.id) AS value
  FROM shown s
  JOIN ats_job_stages js ON js.connection_id = $1 AND js.job_id = s.id AND js.remote_deleted_at IS NULL
  JOIN ats_application_stages st ON st.connection_id = $1 AND st.id = js.stage_id
  GROUP BY js.job_id`;

/** Members with their roles: Kombo's `hiring_team_roles` (unified) and `job_roles` (every role as labelled). */
const hiringTeam = `SELECT m.job_id AS parent_id,
    json_agg(${object([
      ...userRef('u'),
      ['roles', 'm.roles'],
      [
        'hiring_team_roles',
        `(SELECT coalesce(json_agg(DISTINCT upper(x)), '[]'::json) FROM jsonb_array_elements_text(m.roles) x
           WHERE upper(x) IN (${HIRING_TEAM_ROLES.map((r) => `'${r}'`).join(', ')}))`,
      ],
      [
        'job_roles',
        `(SELECT coalesce(json_agg(json_build_object('remote_id', NULL, 'remote_label', x, 'scope', 'JOB',
            'unified_type', ${mapEnum('x', [...HIRING_TEAM_ROLES, 'ADMIN'], {})})), '[]'::json)
           FROM jsonb_array_elements_text(m.roles) x)`,
      ],
    ])} ORDER BY u.id) AS value
  FROM shown s
  JOIN ats_job_hiring_team_members m ON m.connection_id = $1 AND m.job_id = s.id AND m.remote_deleted_at IS NULL
  JOIN ats_users u ON u.connection_id = $1 AND u.id = m.user_id AND u.remote_deleted_at IS NULL
  GROUP BY m.job_id`;

/** Postings as nested in a job; status and visibility on Kombo's closed sets. */
const postings = `SELECT jp.job_id AS parent_id,
    json_agg(${object([
      ...recordFields('jp'),
      ['title', 'jp.title'],
      ['description_html', 'jp.description_html'],
      ['status', mapEnum('jp.status', ['ACTIVE', 'INACTIVE', 'DRAFT'], { CLOSED: 'INACTIVE' })],
      ['visibility', mapEnum('jp.visibility', ['PUBLIC', 'INTERNAL', 'UNLISTED'], {})],
      ['url', 'jp.url'],
    ])} ORDER BY jp.id) AS value
  FROM shown s
  JOIN ats_job_postings jp ON jp.connection_id = $1 AND jp.job_id = s.id AND jp.remote_deleted_at IS NULL
  GROUP BY jp.job_id`;

export const jobsModel: ReadModel = {
  path: 'jobs',
  table: 'ats_jobs',
  filters: (f, p) => [
    ...(f.statuses ? [`upper(r.status) = ANY(${p.add(f.statuses, '::text[]')})`] : []),
    ...(f.name_contains ? [`r.name ILIKE ${p.add(containsPattern(f.name_contains))}`] : []),
    // A job is confidential when the ATS says so; unknown (null) counts as not confidential.
    ...(f.confidential === undefined ? [] : [`coalesce(r.confidential, false) = ${f.confidential ? 'true' : 'false'}`]),
  ],
  // Kombo: a job counts as changed when its stages, hiring team or postings change.
  nestedChanges: (since) => [
    ...changedChildren('ats_job_stages', 'job_id', since),
    ...changedChildren('ats_job_hiring_team_members', 'job_id', since),
    ...changedChildren('ats_job_postings', 'job_id', since),
  ],
  nested: [
    { name: 'stages', sql: stages },
    { name: 'hiring_team', sql: hiringTeam },
    { name: 'postings', sql: postings },
  ],
  shape: object([
    ...recordFields('r'),
    ['name', 'r.name'],
    ['job_code', 'r.job_code'],
    ['description', 'r.description'],
    ['confidential', 'r.confidential'],
    ['weekly_hours', 'r.weekly_hours::float8'],
    ['employment_type', 'r.employment_type'],
    ['status', 'r.status'],
    ['visibility', 'r.visibility'],
    ['category', 'r.category'],
    ['department', 'r.department'],
    ['post_url', 'r.post_url'],
    ['experience_level', 'r.experience_level'],
    ['remote_work_status', 'r.remote_work_status'],
    ['salary_amount', 'r.salary_amount::float8'],
    ['salary_amount_from', 'r.salary_amount_from::float8'],
    ['salary_amount_to', 'r.salary_amount_to::float8'],
    ['salary_currency', 'r.salary_currency'],
    ['salary_period', 'r.salary_period'],
    ['location', locationObject('r.location')],
    ['custom_fields', 'r.custom_fields'],
    ['integration_fields', 'r.integration_fields'],
    ['remote_url', 'NULL'],
    ['opened_at', ts('r.opened_at')],
    ['closed_at', ts('r.closed_at')],
    ['contact_id', 'NULL'],
    ...timestampsFields('r'),
    ['stages', nestedList('stages')],
    ['screening_questions', EMPTY_ARRAY],
    ['job_postings', nestedList('postings')],
    ['hiring_team', nestedList('hiring_team')],
    ['remote_data', 'r.remote_data'],
  ]),
};
