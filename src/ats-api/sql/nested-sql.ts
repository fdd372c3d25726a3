import { mapEnum, object, recordFields } from './json-sql.js';

// Shapes and nested queries that several models share. Nested lists never show rows deleted in the
// ATS (a removed tag, a dropped stage); `include_deleted` is about the records listed, not their parts.

export const OUTCOMES = ['PENDING', 'HIRED', 'DECLINED'] as const;

export function outcome(column: string): string {
  return mapEnum(column, OUTCOMES, {});
}

/** Kombo's offer statuses; the ATS's own names map onto the closest one. */
export function offerStatus(column: string): string {
  return mapEnum(column, ['ACCEPTED', 'DECLINED', 'SENT', 'APPROVED', 'DRAFT', 'ABANDONED'], {
    SIGNED: 'ACCEPTED',
    DENIED: 'DECLINED',
    REJECTED: 'DECLINED',
    'SENT-MANUALLY': 'SENT',
    OPENED: 'SENT',
    'APPROVAL-SENT': 'DRAFT',
    PENDING: 'DRAFT',
    DEPRECATED: 'ABANDONED',
    CANCELLED: 'ABANDONED',
  });
}

/** `email_addresses` with both keys on every entry (Kombo's schema requires `type`, maybe null). */
export function emailAddresses(alias: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('email_address', e->>'email_address', 'type', e->>'type')), '[]'::json)
    FROM jsonb_array_elements(${alias}.email_addresses) e)`;
}

export function phoneNumbers(alias: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('phone_number', e->>'phone_number', 'type', e->>'type')), '[]'::json)
    FROM jsonb_array_elements(${alias}.phone_numbers) e WHERE e->>'phone_number' IS NOT NULL)`;
}

export function jobRef(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE ${object([
    ['id', `${alias}.id`],
    ['remote_id', `${alias}.remote_id`],
    ['name', `${alias}.name`],
  ])} END`;
}

/** A stage as jobs and applications show it: `index` is its place in that job's plan. */
export function stageRef(stage: string, jobStage: string): string {
  return `CASE WHEN ${stage}.id IS NULL THEN NULL ELSE ${object([
    ['id', `${stage}.id`],
    ['remote_id', `${stage}.remote_id`],
    ['name', `${stage}.name`],
    ['index', `${jobStage}.index`],
  ])} END`;
}

export function candidateRef(alias: string): string {
  return `CASE WHEN ${alias}.id IS NULL THEN NULL ELSE ${object([
    ['id', `${alias}.id`],
    ['remote_id', `${alias}.remote_id`],
    ['first_name', `${alias}.first_name`],
    ['last_name', `${alias}.last_name`],
    ['email_addresses', emailAddresses(alias)],
  ])} END`;
}

export function userRef(alias: string): [string, string][] {
  return [
    ['id', `${alias}.id`],
    ['remote_id', `${alias}.remote_id`],
    ['first_name', `${alias}.first_name`],
    ['last_name', `${alias}.last_name`],
    ['email', `${alias}.email`],
  ];
}

/** The tags of the candidates `candidateIds` selects, one row per candidate. */
export function candidateTagsSql(candidateIds: string): string {
  return `SELECT ct.candidate_id AS parent_id,
      json_agg(json_build_object('id', t.id, 'remote_id', t.remote_id, 'name', t.name) ORDER BY t.name, t.id) AS value
    FROM ats_candidate_tags ct
    JOIN ats_tags t ON t.connection_id = $1 AND t.id = ct.tag_id AND t.remote_deleted_at IS NULL
    WHERE ct.connection_id = $1 AND ct.candidate_id IN (${candidateIds}) AND ct.remote_deleted_at IS NULL
    GROUP BY ct.candidate_id`;
}

/** Joins the job's stage row that gives `index` for (job, stage). */
export function jobStageJoin(alias: string, jobId: string, stageId: string): string {
  return `LEFT JOIN ats_job_stages ${alias} ON ${alias}.connection_id = $1 AND ${alias}.job_id = ${jobId}
    AND ${alias}.stage_id = ${stageId} AND ${alias}.remote_deleted_at IS NULL`;
}

/** Ids of `parent` whose rows in `table` changed, or were deleted, after `since`. */
export function changedChildren(table: string, parent: string, since: string): string[] {
  return [
    `SELECT ${parent} FROM ${table} WHERE connection_id = $1 AND changed_at > ${since}`,
    `SELECT ${parent} FROM ${table} WHERE connection_id = $1 AND remote_deleted_at > ${since}`,
  ];
}

/**
 * The application nested in a record that points at one (`s.application_id` of the page's rows),
 * with its candidate and job, plus any further fields the model shows.
 */
export function nestedApplicationSql(extraFields: [string, string][] = []): string {
  return `SELECT s.id AS parent_id, ${object([
    ...recordFields('a'),
    ...extraFields,
    ['candidate', candidateRef('c')],
    ['job', jobRef('j')],
  ])} AS value
  FROM shown s
  JOIN ats_applications a ON a.connection_id = $1 AND a.id = s.application_id
  LEFT JOIN ats_candidates c ON c.connection_id = $1 AND c.id = a.candidate_id
  LEFT JOIN ats_jobs j ON j.connection_id = $1 AND j.id = a.job_id`;
}
