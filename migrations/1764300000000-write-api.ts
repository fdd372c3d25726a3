import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The write API: idempotency keys (24 h per connection), the audit log of every write, and the
 * expression indexes the duplicate check searches (folded names, phone digits).
 */
export class WriteApi1764300000000 implements MigrationInterface {
  name = 'WriteApi1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
CREATE TABLE ats_write_idempotency (
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  key text NOT NULL,
  -- SHA-256 of the method, path and body: the same key with another request is refused.
  request_hash text NOT NULL,
  state text NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
  status_code integer,
  response jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, key)
);
CREATE INDEX ix_ats_write_idempotency_created ON ats_write_idempotency (created_at);

CREATE TABLE ats_write_actions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  connection_id uuid NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
  -- The scoped key that wrote (null: the admin key). Never the key itself.
  api_key_id uuid,
  action text NOT NULL,
  idempotency_key text,
  outcome text NOT NULL CHECK (outcome IN ('SUCCEEDED', 'FAILED')),
  status_code integer NOT NULL,
  error_code text,
  error_message text,
  partner_status integer,
  -- Ids the write resulted in (ours and the partner's); no request bodies, no attachment bytes.
  result jsonb NOT NULL DEFAULT '{}',
  warnings jsonb NOT NULL DEFAULT '[]',
  duration_ms integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ix_ats_write_actions_connection ON ats_write_actions (connection_id, created_at DESC, id DESC);

-- A name folded for matching: lower case, accents stripped, whitespace collapsed.
CREATE FUNCTION ats_fold_name(name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT nullif(btrim(regexp_replace(translate(lower(name),
    'àáâãäåāăąçćčďèéêëēėęěğìíîïīįıłñńňòóôõöøōőŕřśšşťùúûüūůűųýÿžźż',
    'aaaaaaaaacccdeeeeeeeegiiiiiiilnnnoooooooorrssstuuuuuuuuyyzzz'), '\\s+', ' ', 'g')), '') $$;
CREATE INDEX ix_ats_candidates_folded_name ON ats_candidates (connection_id, ats_fold_name(last_name), ats_fold_name(first_name));

-- The last 10 digits of each phone number with at least 7 (country prefixes and punctuation ignored).
CREATE FUNCTION ats_phone_keys(numbers jsonb) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(right(d, 10)), '{}') FROM (
    SELECT regexp_replace(p ->> 'phone_number', '[^0-9]', '', 'g') AS d FROM jsonb_array_elements(numbers) AS p
  ) x WHERE length(d) >= 7 $$;
CREATE INDEX ix_ats_candidates_phones ON ats_candidates USING gin (ats_phone_keys(phone_numbers));
`;

const DOWN = `
DROP INDEX ix_ats_candidates_phones;
DROP FUNCTION ats_phone_keys(jsonb);
DROP INDEX ix_ats_candidates_folded_name;
DROP FUNCTION ats_fold_name(text);
DROP TABLE ats_write_actions;
DROP TABLE ats_write_idempotency;
`;
