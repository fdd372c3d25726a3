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
/** Per-connection tables keyed by a generated or derived id alone. */
const OTHER_TABLES = ['ats_hires', 'ats_write_actions'];

/**
 * Keys that lead with connection_id, so the synced tables can be distributed by it (Citus requires
 * the distribution column in every primary and unique key). Ids stay as they are: a stable id is
 * already unique per connection. The new primary key (connection_id, id) is the index the read API
 * pages by, so the separate keyset index goes. References between rows carry no foreign key (a
 * record may name one a later page brings); every join the API makes matches connection_id too.
 */
export class DistributionKeys1764720000000 implements MigrationInterface {
  name = 'DistributionKeys1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...RECORD_TABLES, ...JOIN_TABLES, ...OTHER_TABLES]) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (connection_id, id)`);
    }
    for (const table of RECORD_TABLES) await queryRunner.query(`DROP INDEX ix_${table}_keyset`);
    // The FULL sweep compares a table with the ids a run saw: both sides keyed by connection first.
    await queryRunner.query(`
      ALTER TABLE sync_seen ADD COLUMN connection_id uuid;
      UPDATE sync_seen s SET connection_id = r.connection_id FROM sync_runs r WHERE r.id = s.run_id;
      ALTER TABLE sync_seen ALTER COLUMN connection_id SET NOT NULL,
        DROP CONSTRAINT sync_seen_pkey, ADD CONSTRAINT sync_seen_pkey PRIMARY KEY (connection_id, run_id, model, remote_id);`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE sync_seen DROP CONSTRAINT sync_seen_pkey, ADD CONSTRAINT sync_seen_pkey PRIMARY KEY (run_id, model, remote_id);
      ALTER TABLE sync_seen DROP COLUMN connection_id;`);
    for (const table of RECORD_TABLES) await queryRunner.query(`CREATE INDEX ix_${table}_keyset ON ${table} (connection_id, id)`);
    for (const table of [...RECORD_TABLES, ...JOIN_TABLES, ...OTHER_TABLES]) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD CONSTRAINT ${table}_pkey PRIMARY KEY (id)`);
    }
  }
}
