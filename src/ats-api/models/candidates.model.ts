import { nestedList, object, recordFields, timestampsFields, ts } from '../sql/json-sql.js';
import {
  candidateTagsSql,
  changedChildren,
  emailAddresses,
  jobRef,
  jobStageJoin,
  outcome,
  phoneNumbers,
  stageRef,
} from '../sql/nested-sql.js';
import type { ReadModel } from '../sql/read-model.js';

/** The candidate's applications, each with its job and current stage. */
const applications = `SELECT a.candidate_id AS parent_id,
    json_agg(${object([
      ...recordFields('a'),
      ['outcome', outcome('a.outcome')],
      ['rejection_reason_name', 'a.rejection_reason_name'],
      ['rejected_at', ts('a.rejected_at')],
      ['remote_url', 'NULL'],
      ['changed_at', ts('a.changed_at')],
      ['remote_created_at', ts('a.remote_created_at')],
      ['remote_updated_at', ts('a.remote_updated_at')],
      ['current_stage', stageRef('st', 'js')],
      ['job', jobRef('j')],
    ])} ORDER BY a.id) AS value
  FROM shown s
  JOIN ats_applications a ON a.connection_id = $1 AND a.candidate_id = s.id AND a.remote_deleted_at IS NULL
  LEFT JOIN ats_jobs j ON j.connection_id = $1 AND j.id = a.job_id
  LEFT JOIN ats_application_stages st ON st.connection_id = $1 AND st.id = a.current_stage_id
  ${jobStageJoin('js', 'a.job_id', 'a.current_stage_id')}
  GROUP BY a.candidate_id`;

export const candidatesModel: ReadModel = {
  path: 'candidates',
  table: 'ats_candidates',
  filters: (f, p) => [
    // ats_email_keys() is the expression of the GIN index ix_ats_candidates_emails (connection_id, ats_email_keys(…)).
    ...(f.email ? [`ats_email_keys(r.email_addresses) && ${p.add(f.email, '::text[]')}`] : []),
    ...(f.first_name ? [`lower(r.first_name) = ANY(${p.add(f.first_name, '::text[]')})`] : []),
    ...(f.last_name ? [`lower(r.last_name) = ANY(${p.add(f.last_name, '::text[]')})`] : []),
    ...(f.job_ids
      ? [
          `r.id IN (SELECT candidate_id FROM ats_applications WHERE connection_id = $1 AND job_id = ANY(${p.add(f.job_ids, '::uuid[]')})${
            f.include_deleted ? '' : ' AND remote_deleted_at IS NULL'
          })`,
        ]
      : []),
  ],
  // An address or a job narrows to a few candidates: find them through the GIN / job index first.
  driver: (f, p) =>
    f.email
      ? // One scan of the GIN index on (connection_id, addresses), whatever the connection's size (and
        // connection_id routes the statement to one shard when the table is distributed by it).
        `SELECT id FROM ats_candidates WHERE connection_id = $1 AND ats_email_keys(email_addresses) && ${p.add(f.email, '::text[]')}`
      : f.job_ids
        ? `SELECT candidate_id FROM ats_applications WHERE connection_id = $1 AND job_id = ANY(${p.add(f.job_ids, '::uuid[]')})`
        : undefined,
  // An address lookup is one scan of that index for any value, so its prepared plan is reused. (While
  // the index lacked connection_id, plans ANDed it with a bitmap of the whole connection: 100–250 ms
  // a lookup for a cached generic plan, 4–9 ms per-call in a smaller connection; bench:api data.)
  planStableFilters: ['email'],
  // Kombo: a candidate counts as changed when its applications or its tags change (not when the
  // job or stage those applications point to changes).
  nestedChanges: (since) => [
    ...changedChildren('ats_applications', 'candidate_id', since),
    ...changedChildren('ats_candidate_tags', 'candidate_id', since),
  ],
  nested: [
    { name: 'applications', sql: applications },
    { name: 'tags', sql: candidateTagsSql('SELECT id FROM shown') },
  ],
  shape: object([
    ...recordFields('r'),
    ['first_name', 'r.first_name'],
    ['last_name', 'r.last_name'],
    ['company', 'r.company'],
    ['title', 'r.title'],
    ['confidential', 'r.confidential'],
    ['source', 'r.source'],
    ['phone_numbers', phoneNumbers('r')],
    ['email_addresses', emailAddresses('r')],
    ['social_media', 'r.social_media'],
    ['location', 'r.location'],
    ['custom_fields', 'r.custom_fields'],
    ['integration_fields', 'r.integration_fields'],
    ['remote_url', 'NULL'],
    ...timestampsFields('r'),
    ['applications', nestedList('applications')],
    ['tags', nestedList('tags')],
    ['remote_data', 'r.remote_data'],
  ]),
};
