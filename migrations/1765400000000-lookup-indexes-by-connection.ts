import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The email and phone lookup indexes lead with connection_id, as every other index does. On their
 * own they estimate an address's matches at the planner's default (0.5% of the table: partners'
 * addresses are nearly all distinct, so ANALYZE keeps no element statistics) and for a smaller
 * connection the planner then ANDed them with a bitmap of the whole connection from a
 * (connection_id, …) btree: an email page of a 250,000-candidate connection took 8–9 ms, 6 of them
 * reading that bitmap (bench:api data, 2026-12-06). With connection_id in the GIN index itself the
 * lookup is one index scan for any connection, and its plan no longer depends on the values, so a
 * prepared one can be reused. btree_gin (shipped with PostgreSQL, a trusted extension since 13)
 * gives GIN its uuid equality. The migration runs in one transaction: ats_candidates is locked
 * while both indexes are rebuilt (the email one took 6 s for 1,000,000 candidates on the bench machine).
 */
export class LookupIndexesByConnection1765400000000 implements MigrationInterface {
  name = 'LookupIndexesByConnection1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
CREATE EXTENSION IF NOT EXISTS btree_gin;
DROP INDEX ix_ats_candidates_emails;
CREATE INDEX ix_ats_candidates_emails ON ats_candidates USING gin (connection_id, ats_email_keys(email_addresses));
DROP INDEX ix_ats_candidates_phones;
CREATE INDEX ix_ats_candidates_phones ON ats_candidates USING gin (connection_id, ats_phone_keys(phone_numbers));
`;

const DOWN = `
DROP INDEX ix_ats_candidates_phones;
CREATE INDEX ix_ats_candidates_phones ON ats_candidates USING gin (ats_phone_keys(phone_numbers));
DROP INDEX ix_ats_candidates_emails;
CREATE INDEX ix_ats_candidates_emails ON ats_candidates USING gin (ats_email_keys(email_addresses));
`;
