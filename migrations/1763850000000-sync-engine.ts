import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sync runs (history and progress), per-stream positions (resume and delta), and the set of remote
 * ids a FULL run has seen (for its deletion sweep; kept on disk so a resumed run still has it).
 */
export class SyncEngine1763850000000 implements MigrationInterface {
  name = 'SyncEngine1763850000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
CREATE TABLE sync_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('FULL', 'DELTA')),
  trigger text NOT NULL CHECK (trigger IN ('MANUAL', 'SCHEDULED')),
  state text NOT NULL DEFAULT 'QUEUED'
    CHECK (state IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED')),
  -- Per model: {fetched, created, updated, unchanged, deleted, failed}.
  counts jsonb NOT NULL DEFAULT '{}',
  -- Per stream: {state, mode, pages, started_at, finished_at, error}.
  streams jsonb NOT NULL DEFAULT '{}',
  errors jsonb NOT NULL DEFAULT '[]',
  worker text,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX ix_sync_runs_connection ON sync_runs (connection_id, created_at DESC);
CREATE INDEX ix_sync_runs_open ON sync_runs (state) WHERE state IN ('QUEUED', 'RUNNING');

CREATE TABLE sync_stream_states (
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  stream text NOT NULL,
  -- Where the next DELTA starts (sync token, high-water mark); set when a FULL completes.
  delta_position jsonb,
  -- An interrupted FULL: the run and the position after its last committed page.
  full_run_id uuid,
  full_position jsonb,
  last_full_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, stream)
);

CREATE TABLE sync_seen (
  run_id uuid NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
  model text NOT NULL,
  remote_id text NOT NULL,
  PRIMARY KEY (run_id, model, remote_id)
);
`;

const DOWN = `
DROP TABLE sync_seen;
DROP TABLE sync_stream_states;
DROP TABLE sync_runs;
`;
