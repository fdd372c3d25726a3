import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connect: the links a partner's backend creates for one end user (single-use, expiring; only the
 * hash of each token is kept), the activation token a finished flow hands back (exchanged once),
 * the end user each connection was made for, and the operator dashboard's sessions.
 */
export class Connect1764700000000 implements MigrationInterface {
  name = 'Connect1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
-- Who a connection belongs to on the partner's side (Kombo's end_user), when it was made through Connect.
CREATE TABLE connection_end_users (
  connection_id uuid PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
  email text,
  organization_name text NOT NULL,
  origin_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE connect_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  end_user_email text,
  end_user_organization_name text NOT NULL,
  end_user_origin_id text,
  integration_tool text,
  language text,
  -- Set by the partner's backend (proxies, sandboxes), never by the end user: the page cannot point a connection at another host.
  base_url text,
  -- A relink rotates this connection's credentials instead of creating one.
  relink_connection_id uuid REFERENCES connections(id) ON DELETE CASCADE,
  -- OPEN until a key is checked (CLAIMED while it is), then USED: a link makes at most one connection.
  state text NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'CLAIMED', 'USED')),
  connection_id uuid REFERENCES connections(id) ON DELETE CASCADE,
  activation_token_hash text UNIQUE,
  activation_expires_at timestamptz,
  activation_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX ix_connect_links_expires ON connect_links (expires_at);

-- Operator dashboard sign-ins: the cookie holds a random token; only its hash is kept here.
CREATE TABLE dashboard_sessions (
  token_hash text PRIMARY KEY,
  csrf_token_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
`;

const DOWN = `
DROP TABLE dashboard_sessions;
DROP TABLE connect_links;
DROP TABLE connection_end_users;
`;
