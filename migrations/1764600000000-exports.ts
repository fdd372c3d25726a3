import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk exports of sourced candidates: the export, one item per candidate (its request and its
 * result), and per connection which external id became which ATS candidate, so a candidate is
 * exported once however often it is sent.
 */
export class Exports1764600000000 implements MigrationInterface {
  name = 'Exports1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
CREATE TABLE ats_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'COMPLETED', 'PARTIALLY_FAILED', 'FAILED')),
  -- The target and options as resolved at creation (remote ids), without the candidates.
  target jsonb NOT NULL,
  options jsonb NOT NULL,
  total integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  error text
);
CREATE INDEX ix_ats_exports_connection ON ats_exports (connection_id, created_at DESC);
CREATE INDEX ix_ats_exports_unfinished ON ats_exports (created_at) WHERE state IN ('QUEUED', 'RUNNING');

CREATE TABLE ats_export_items (
  export_id uuid NOT NULL REFERENCES ats_exports(id) ON DELETE CASCADE,
  position integer NOT NULL,
  external_id text NOT NULL,
  -- The candidate as sent (validated); the partner is told only what its API takes.
  candidate jsonb NOT NULL,
  -- PENDING → IN_PROGRESS (a partner call may have been made) → an outcome.
  state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'IN_PROGRESS', 'CREATED', 'UPDATED', 'SKIPPED_ALREADY_EXPORTED', 'FAILED')),
  attempts integer NOT NULL DEFAULT 0,
  candidate_remote_id text,
  application_remote_id text,
  error_code text,
  error_message text,
  warnings jsonb NOT NULL DEFAULT '[]',
  -- Added to the export's projects (done in bulk after each chunk; repeated safely after a crash).
  projects_done boolean NOT NULL DEFAULT false,
  finished_at timestamptz,
  PRIMARY KEY (export_id, position),
  UNIQUE (export_id, external_id)
);
CREATE INDEX ix_ats_export_items_open ON ats_export_items (export_id, position) WHERE state IN ('PENDING', 'IN_PROGRESS');

CREATE TABLE ats_export_identities (
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  external_id text NOT NULL,
  candidate_remote_id text NOT NULL,
  -- A generated address (the candidate had none): the duplicate check ignores it.
  placeholder_email text,
  -- Jobs an export applied this candidate to, so a re-export never applies twice (the mirror may not know yet).
  applied_job_remote_ids text[] NOT NULL DEFAULT '{}',
  first_export_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, external_id)
);
CREATE INDEX ix_ats_export_identities_placeholder ON ats_export_identities (connection_id, lower(placeholder_email)) WHERE placeholder_email IS NOT NULL;
`;

const DOWN = `
DROP TABLE ats_export_identities;
DROP TABLE ats_export_items;
DROP TABLE ats_exports;
`;
