import { locationObject, nestedList, object, recordFields, timestampsFields, ts } from '../sql/json-sql.js';
import {
  candidateTagsSql,
  emailAddresses,
  jobRef,
  jobStageJoin,
  offerStatus,
  outcome,
  phoneNumbers,
  stageRef,
} from '../sql/nested-sql.js';
import type { ReadModel } from '../sql/read-model.js';

const candidateTags = candidateTagsSql('SELECT candidate_id FROM shown');

const candidate = `SELECT s.id AS parent_id, ${object([
  ...recordFields('c'),
  ['first_name', 'c.first_name'],
  ['last_name', 'c.last_name'],
  ['email_addresses', emailAddresses('c')],
  ['phone_numbers', phoneNumbers('c')],
  ['social_media', 'c.social_media'],
  ['source', 'c.source'],
  ['remote_url', 'NULL'],
  ['tags', nestedList('candidate_tags')],
])} AS value
  FROM shown s
  JOIN ats_candidates c ON c.connection_id = $1 AND c.id = s.candidate_id
  LEFT JOIN candidate_tags ON candidate_tags.parent_id = c.id`;

const currentStage = `SELECT s.id AS parent_id, ${stageRef('st', 'js')} AS value
  FROM shown s
  JOIN ats_application_stages st ON st.connection_id = $1 AND st.id = s.current_stage_id
  ${jobStageJoin('js', 's.job_id', 's.current_stage_id')}`;

const job = `SELECT s.id AS parent_id, ${jobRef('j')} AS value
  FROM shown s JOIN ats_jobs j ON j.connection_id = $1 AND j.id = s.job_id`;

const interviews = `SELECT i.application_id AS parent_id,
    json_agg(${object([
      ...recordFields('i'),
      ['title', 'i.title'],
      ['starting_at', ts('i.starting_at')],
      ['ending_at', ts('i.ending_at')],
      ['location', locationObject('i.location')],
      ['canceled', 'i.canceled'],
    ])} ORDER BY i.starting_at NULLS LAST, i.id) AS value
  FROM shown s
  JOIN ats_interviews i ON i.connection_id = $1 AND i.application_id = s.id AND i.remote_deleted_at IS NULL
  GROUP BY i.application_id`;

const offers = `SELECT o.application_id AS parent_id,
    json_agg(${object([...recordFields('o'), ['status', offerStatus('o.status')]])} ORDER BY o.id) AS value
  FROM shown s
  JOIN ats_offers o ON o.connection_id = $1 AND o.application_id = s.id AND o.remote_deleted_at IS NULL
  GROUP BY o.application_id`;

export const applicationsModel: ReadModel = {
  path: 'applications',
  table: 'ats_applications',
  filters: (f, p) => [
    ...(f.job_ids ? [`r.job_id = ANY(${p.add(f.job_ids, '::uuid[]')})`] : []),
    ...(f.candidate_ids ? [`r.candidate_id = ANY(${p.add(f.candidate_ids, '::uuid[]')})`] : []),
    ...(f.outcomes ? [`upper(r.outcome) = ANY(${p.add(f.outcomes, '::text[]')})`] : []),
    ...(f.current_stage_ids ? [`r.current_stage_id = ANY(${p.add(f.current_stage_ids, '::uuid[]')})`] : []),
  ],
  nested: [
    { name: 'candidate_tags', sql: candidateTags, joined: false },
    { name: 'candidate', sql: candidate },
    { name: 'current_stage', sql: currentStage },
    { name: 'job', sql: job },
    { name: 'interviews', sql: interviews },
    { name: 'offers', sql: offers },
  ],
  shape: object([
    ...recordFields('r'),
    ['outcome', outcome('r.outcome')],
    ['rejection_reason_name', 'r.rejection_reason_name'],
    ['rejected_at', ts('r.rejected_at')],
    ['current_stage_id', 'r.current_stage_id'],
    ['job_id', 'r.job_id'],
    ['candidate_id', 'r.candidate_id'],
    ['custom_fields', 'r.custom_fields'],
    ['integration_fields', 'r.integration_fields'],
    ['remote_url', 'NULL'],
    ...timestampsFields('r'),
    ['candidate', 'candidate.value'],
    ['current_stage', 'current_stage.value'],
    ['job', 'job.value'],
    ['interviews', nestedList('interviews')],
    ['offers', nestedList('offers')],
    ['remote_data', 'r.remote_data'],
  ]),
};
