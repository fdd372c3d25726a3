import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events: inbound partner webhooks (per-connection secret, the log of every delivery and what it
 * changed), the hires feed built from the synced tables, and outbound webhooks with an outbox
 * (endpoints, events with their payload fixed at creation, deliveries and each attempt).
 */
export class Events1764500000000 implements MigrationInterface {
  name = 'Events1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
-- The secret a partner signs its deliveries with (sealed with the encryption key; one per connection, rotatable).
CREATE TABLE inbound_webhook_secrets (
  connection_id uuid PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  secret_encrypted text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE inbound_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL DEFAULT now(),
  -- The partner's id of the delivery (Ashby webhookActionId): a verified one is accepted once.
  delivery_id text,
  event_type text,
  verification text NOT NULL CHECK (verification IN ('VERIFIED', 'MISSING_SIGNATURE', 'BAD_SIGNATURE', 'NO_SECRET', 'REPLAYED', 'NOT_JSON')),
  state text NOT NULL CHECK (state IN ('REJECTED', 'PING', 'IGNORED', 'QUEUED', 'PROCESSING', 'WAITING', 'APPLIED', 'DROPPED', 'FAILED')),
  -- What the delivery asks for ({model, remote_id} lists); the body itself is not kept.
  refresh jsonb NOT NULL DEFAULT '[]',
  deleted jsonb NOT NULL DEFAULT '[]',
  -- Per model: {created, updated, unchanged, deleted} once applied.
  changes jsonb,
  reason text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  locked_until timestamptz,
  receive_ms real,
  processed_at timestamptz
);
CREATE UNIQUE INDEX uq_inbound_events_delivery ON inbound_events (connection_id, delivery_id)
  WHERE verification = 'VERIFIED' AND delivery_id IS NOT NULL;
CREATE INDEX ix_inbound_events_connection ON inbound_events (connection_id, received_at DESC, id DESC);
CREATE INDEX ix_inbound_events_open ON inbound_events (next_attempt_at) WHERE state IN ('QUEUED', 'PROCESSING', 'WAITING');

-- One row per hired application, derived from applications, candidates, jobs and offers.
CREATE TABLE ats_hires (
  id uuid PRIMARY KEY,
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  remote_id text NOT NULL,
  application_id uuid NOT NULL,
  candidate_id uuid,
  job_id uuid,
  offer_id uuid,
  first_name text,
  middle_name text,
  last_name text,
  personal_email text,
  personal_email_type text,
  personal_phone text,
  personal_phone_type text,
  job_title text,
  department text,
  start_date timestamptz,
  salary_amount numeric,
  salary_currency text,
  hired_at timestamptz NOT NULL,
  content_hash text NOT NULL,
  changed_at timestamptz NOT NULL,
  remote_deleted_at timestamptz,
  CONSTRAINT uq_ats_hires_remote UNIQUE (connection_id, remote_id)
);
CREATE INDEX ix_ats_hires_changed ON ats_hires (connection_id, changed_at, id);
CREATE INDEX ix_ats_applications_hired ON ats_applications (connection_id) WHERE outcome = 'HIRED' AND remote_deleted_at IS NULL;

-- How far the hires feed and the sync announcements have looked (per connection).
CREATE TABLE events_watermarks (
  connection_id uuid PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  hires_checked_at timestamptz NOT NULL DEFAULT '-infinity'
);

CREATE TABLE webhook_endpoints (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url text NOT NULL,
  event_types text[] NOT NULL,
  -- null: every connection's events.
  connection_id uuid REFERENCES connections(id) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  secret_encrypted text NOT NULL,
  consecutive_failures integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_events (
  -- Stable: the same event keeps its id on every attempt, to every endpoint.
  id text PRIMARY KEY,
  type text NOT NULL,
  connection_id uuid REFERENCES connections(id) ON DELETE CASCADE,
  -- What caused it (an inbound event, a sync run): an event is emitted once per cause.
  source_key text NOT NULL UNIQUE,
  -- The exact bytes sent, fixed when the event is written: a retry never recomputes them.
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_id text NOT NULL REFERENCES webhook_events(id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'SENDING', 'SUCCEEDED', 'FAILED')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  CONSTRAINT uq_webhook_deliveries UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state IN ('PENDING', 'SENDING');
CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_attempts (
  id bigserial PRIMARY KEY,
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  status integer,
  latency_ms integer NOT NULL,
  error text,
  worker text
);
CREATE INDEX ix_webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
`;

const DOWN = `
DROP TABLE webhook_attempts;
DROP TABLE webhook_deliveries;
DROP TABLE webhook_events;
DROP TABLE webhook_endpoints;
DROP TABLE events_watermarks;
DROP INDEX ix_ats_applications_hired;
DROP TABLE ats_hires;
DROP TABLE inbound_events;
DROP TABLE inbound_webhook_secrets;
`;
