import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Connections, API keys and the normalized ATS tables. */
export class InitialSchema1763798400000 implements MigrationInterface {
  name = 'InitialSchema1763798400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
CREATE TABLE connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider text NOT NULL,
  name text,
  base_url text,
  settings jsonb NOT NULL DEFAULT '{}',
  credentials_encrypted text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  state text NOT NULL DEFAULT 'ACTIVE' CHECK (state IN ('ACTIVE', 'INACTIVE', 'INVALID')),
  state_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  name text,
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX ix_api_keys_connection ON api_keys (connection_id);

CREATE TABLE ats_users (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  integration_fields jsonb NOT NULL DEFAULT '[]',
  first_name text,
  last_name text,
  email text,
  status text,
  system_roles jsonb NOT NULL DEFAULT '[]',
  CONSTRAINT uq_ats_users_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_users_changed ON ats_users (connection_id, changed_at, id);
CREATE TABLE ats_jobs (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  integration_fields jsonb NOT NULL DEFAULT '[]',
  name text,
  job_code text,
  description text,
  confidential boolean,
  status text,
  visibility text,
  employment_type text,
  category text,
  department text,
  location text,
  post_url text,
  experience_level text,
  remote_work_status text,
  weekly_hours numeric,
  salary_amount numeric,
  salary_amount_from numeric,
  salary_amount_to numeric,
  salary_currency text,
  salary_period text,
  opened_at timestamptz,
  closed_at timestamptz,
  CONSTRAINT uq_ats_jobs_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_jobs_changed ON ats_jobs (connection_id, changed_at, id);
CREATE TABLE ats_job_postings (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  integration_fields jsonb NOT NULL DEFAULT '[]',
  job_id uuid,
  title text,
  description_html text,
  status text,
  visibility text,
  url text,
  CONSTRAINT uq_ats_job_postings_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_job_postings_changed ON ats_job_postings (connection_id, changed_at, id);
CREATE INDEX ix_ats_job_postings_job ON ats_job_postings (connection_id, job_id);
CREATE TABLE ats_candidates (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  integration_fields jsonb NOT NULL DEFAULT '[]',
  first_name text,
  last_name text,
  company text,
  title text,
  confidential boolean,
  source text,
  phone_numbers jsonb NOT NULL DEFAULT '[]',
  email_addresses jsonb NOT NULL DEFAULT '[]',
  social_media jsonb NOT NULL DEFAULT '[]',
  location jsonb,
  CONSTRAINT uq_ats_candidates_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_candidates_changed ON ats_candidates (connection_id, changed_at, id);
CREATE TABLE ats_application_stages (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  name text,
  global_index integer,
  CONSTRAINT uq_ats_application_stages_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_application_stages_changed ON ats_application_stages (connection_id, changed_at, id);
CREATE TABLE ats_applications (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  integration_fields jsonb NOT NULL DEFAULT '[]',
  candidate_id uuid,
  job_id uuid,
  current_stage_id uuid,
  outcome text,
  rejection_reason_name text,
  rejected_at timestamptz,
  CONSTRAINT uq_ats_applications_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_applications_changed ON ats_applications (connection_id, changed_at, id);
CREATE INDEX ix_ats_applications_candidate ON ats_applications (connection_id, candidate_id);
CREATE INDEX ix_ats_applications_job ON ats_applications (connection_id, job_id);
CREATE TABLE ats_interviews (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  integration_fields jsonb NOT NULL DEFAULT '[]',
  application_id uuid,
  stage_id uuid,
  title text,
  starting_at timestamptz,
  ending_at timestamptz,
  location text,
  video_conferencing_url text,
  canceled boolean,
  CONSTRAINT uq_ats_interviews_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_interviews_changed ON ats_interviews (connection_id, changed_at, id);
CREATE INDEX ix_ats_interviews_application ON ats_interviews (connection_id, application_id);
CREATE TABLE ats_offers (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  integration_fields jsonb NOT NULL DEFAULT '[]',
  application_id uuid,
  status text,
  employment_start_date timestamptz,
  compensation_amount numeric,
  compensation_currency text,
  compensation_period text,
  CONSTRAINT uq_ats_offers_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_offers_changed ON ats_offers (connection_id, changed_at, id);
CREATE INDEX ix_ats_offers_application ON ats_offers (connection_id, application_id);
CREATE TABLE ats_rejection_reasons (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  name text,
  CONSTRAINT uq_ats_rejection_reasons_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_rejection_reasons_changed ON ats_rejection_reasons (connection_id, changed_at, id);
CREATE TABLE ats_tags (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  remote_created_at timestamptz,
  remote_updated_at timestamptz,
  remote_data jsonb,
  name text,
  CONSTRAINT uq_ats_tags_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_tags_changed ON ats_tags (connection_id, changed_at, id);
CREATE TABLE ats_job_stages (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  job_id uuid NOT NULL,
  stage_id uuid NOT NULL,
  index integer,
  CONSTRAINT uq_ats_job_stages_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_job_stages_changed ON ats_job_stages (connection_id, changed_at, id);
CREATE INDEX ix_ats_job_stages_job ON ats_job_stages (connection_id, job_id);
CREATE TABLE ats_job_hiring_team_members (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  job_id uuid NOT NULL,
  user_id uuid NOT NULL,
  roles jsonb NOT NULL DEFAULT '[]',
  CONSTRAINT uq_ats_job_hiring_team_members_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_job_hiring_team_members_changed ON ats_job_hiring_team_members (connection_id, changed_at, id);
CREATE INDEX ix_ats_job_hiring_team_members_job ON ats_job_hiring_team_members (connection_id, job_id);
CREATE TABLE ats_interview_team_members (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  interview_id uuid NOT NULL,
  user_id uuid NOT NULL,
  CONSTRAINT uq_ats_interview_team_members_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_interview_team_members_changed ON ats_interview_team_members (connection_id, changed_at, id);
CREATE INDEX ix_ats_interview_team_members_interview ON ats_interview_team_members (connection_id, interview_id);
CREATE TABLE ats_candidate_tags (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  content_hash text NOT NULL,
  candidate_id uuid NOT NULL,
  tag_id uuid NOT NULL,
  CONSTRAINT uq_ats_candidate_tags_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_candidate_tags_changed ON ats_candidate_tags (connection_id, changed_at, id);
CREATE INDEX ix_ats_candidate_tags_candidate ON ats_candidate_tags (connection_id, candidate_id);

-- Lower-cased addresses of a candidate, for the case-insensitive email filter.
CREATE FUNCTION ats_email_keys(addresses jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(lower(e ->> 'email_address')), '{}') FROM jsonb_array_elements(addresses) AS e $$;
CREATE INDEX ix_ats_candidates_emails ON ats_candidates USING gin (ats_email_keys(email_addresses));
`;

const DOWN = `
DROP INDEX ix_ats_candidates_emails;
DROP FUNCTION ats_email_keys(jsonb);
DROP TABLE ats_candidate_tags;
DROP TABLE ats_interview_team_members;
DROP TABLE ats_job_hiring_team_members;
DROP TABLE ats_job_stages;
DROP TABLE ats_tags;
DROP TABLE ats_rejection_reasons;
DROP TABLE ats_offers;
DROP TABLE ats_interviews;
DROP TABLE ats_applications;
DROP TABLE ats_application_stages;
DROP TABLE ats_candidates;
DROP TABLE ats_job_postings;
DROP TABLE ats_jobs;
DROP TABLE ats_users;
DROP TABLE api_keys;
DROP TABLE connections;
`;
