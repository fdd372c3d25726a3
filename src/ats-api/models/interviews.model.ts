import { locationObject, nestedList, object, recordFields, timestampsFields, ts } from '../sql/json-sql.js';
import { changedChildren, nestedApplicationSql, outcome, userRef } from '../sql/nested-sql.js';
import type { ReadModel } from '../sql/read-model.js';

const users = `SELECT m.interview_id AS parent_id, json_agg(${object(userRef('u'))} ORDER BY u.id) AS value
  FROM shown s
  JOIN ats_interview_team_members m ON m.connection_id = $1 AND m.interview_id = s.id AND m.remote_deleted_at IS NULL
  JOIN ats_users u ON u.connection_id = $1 AND u.id = m.user_id AND u.remote_deleted_at IS NULL
  GROUP BY m.interview_id`;

const application = nestedApplicationSql([
  ['outcome', outcome('a.outcome')],
  ['rejection_reason_name', 'a.rejection_reason_name'],
]);

export const interviewsModel: ReadModel = {
  path: 'interviews',
  table: 'ats_interviews',
  filters: (f, p) => [
    ...(f.application_ids ? [`r.application_id = ANY(${p.add(f.application_ids, '::uuid[]')})`] : []),
    ...(f.job_ids
      ? [`r.application_id IN (SELECT id FROM ats_applications WHERE connection_id = $1 AND job_id = ANY(${p.add(f.job_ids, '::uuid[]')}))`]
      : []),
  ],
  // An interview counts as changed when its interviewers change.
  nestedChanges: (since) => changedChildren('ats_interview_team_members', 'interview_id', since),
  nested: [
    { name: 'users', sql: users },
    { name: 'application', sql: application },
  ],
  shape: object([
    ...recordFields('r'),
    ['title', 'r.title'],
    ['starting_at', ts('r.starting_at')],
    ['ending_at', ts('r.ending_at')],
    ['location', locationObject('r.location')],
    ['video_conferencing_url', 'r.video_conferencing_url'],
    ['application_id', 'r.application_id'],
    ['stage_id', 'r.stage_id'],
    ['canceled', 'r.canceled'],
    ['custom_fields', 'r.custom_fields'],
    ['integration_fields', 'r.integration_fields'],
    ['remote_url', 'NULL'],
    ...timestampsFields('r'),
    ['users', nestedList('users')],
    ['application', 'application.value'],
    ['remote_data', 'r.remote_data'],
  ]),
};
