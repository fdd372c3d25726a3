import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per stream and page of the last FULL: the hash of the page's raw records and the ids it covered.
 * A later FULL that fetches an identical page marks those ids seen instead of mapping and comparing
 * every record (src/sync/unchanged-pages.ts).
 */
export class UnchangedPages1764730000000 implements MigrationInterface {
  name = 'UnchangedPages1764730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE TABLE sync_page_hashes (
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  stream text NOT NULL,
  page integer NOT NULL,
  hash text NOT NULL,
  -- The run that last wrote or confirmed the page; its end bounds how long the hash holds.
  run_id uuid NOT NULL,
  -- Remote ids per model and join table: {"candidates": [...], "candidate_tags": [...]}.
  seen jsonb NOT NULL,
  PRIMARY KEY (connection_id, stream, page)
)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE sync_page_hashes`);
  }
}
