import type { MigrationInterface, QueryRunner } from 'typeorm';

const RECORD_TABLES = [
  'ats_users',
  'ats_jobs',
  'ats_job_postings',
  'ats_candidates',
  'ats_application_stages',
  'ats_applications',
  'ats_interviews',
  'ats_offers',
  'ats_rejection_reasons',
  'ats_tags',
];
const JOIN_TABLES = ['ats_job_stages', 'ats_job_hiring_team_members', 'ats_interview_team_members', 'ats_candidate_tags'];

/**
 * Indexes for the read API. Lists page in (connection_id, id) order, so each page is one index range
 * scan whatever its depth. Deltas also look for rows deleted after a time, and for parents whose
 * nested rows (applications, join members) changed; the partial and INCLUDE indexes serve those
 * without reading the heap. The remaining ones back the model filters.
 */
export class ReadApiIndexes1763900000000 implements MigrationInterface {
  name = 'ReadApiIndexes1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of RECORD_TABLES) {
      await queryRunner.query(`CREATE INDEX ix_${table}_keyset ON ${table} (connection_id, id)`);
    }
    for (const table of [...RECORD_TABLES, ...JOIN_TABLES]) {
      await queryRunner.query(
        `CREATE INDEX ix_${table}_deleted ON ${table} (connection_id, remote_deleted_at) WHERE remote_deleted_at IS NOT NULL`,
      );
    }
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
    for (const table of [...RECORD_TABLES, ...JOIN_TABLES]) await queryRunner.query(`DROP INDEX ix_${table}_deleted`);
    for (const table of RECORD_TABLES) await queryRunner.query(`DROP INDEX ix_${table}_keyset`);
  }
}

const UP = `
CREATE INDEX ix_ats_applications_changed_candidate ON ats_applications (connection_id, changed_at) INCLUDE (candidate_id);
CREATE INDEX ix_ats_applications_stage ON ats_applications (connection_id, current_stage_id);
CREATE INDEX ix_ats_candidate_tags_changed_candidate ON ats_candidate_tags (connection_id, changed_at) INCLUDE (candidate_id);
CREATE INDEX ix_ats_candidates_first_name ON ats_candidates (connection_id, lower(first_name));
CREATE INDEX ix_ats_candidates_last_name ON ats_candidates (connection_id, lower(last_name));
CREATE INDEX ix_ats_users_email ON ats_users (connection_id, lower(email));
`;

const DOWN = `
DROP INDEX ix_ats_users_email;
DROP INDEX ix_ats_candidates_last_name;
DROP INDEX ix_ats_candidates_first_name;
DROP INDEX ix_ats_candidate_tags_changed_candidate;
DROP INDEX ix_ats_applications_stage;
DROP INDEX ix_ats_applications_changed_candidate;
`;
