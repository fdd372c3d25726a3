import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed dashboard sign-ins per client address, so guessing the admin key is limited (in the
 * database, so every process behind one address shares the count).
 */
export class DashboardSignInLimit1765000000000 implements MigrationInterface {
  name = 'DashboardSignInLimit1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
CREATE TABLE dashboard_sign_in_attempts (
  address text PRIMARY KEY,
  attempts integer NOT NULL,
  window_started_at timestamptz NOT NULL
);
`;

const DOWN = `
DROP TABLE dashboard_sign_in_attempts;
`;
