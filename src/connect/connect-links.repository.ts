import type { DataSource } from 'typeorm';
import { hashToken } from '../common/crypto/token-hash.js';

export interface EndUser {
  email: string | null;
  organization_name: string;
  origin_id: string | null;
}

export interface ConnectLinkRow {
  id: string;
  end_user_email: string | null;
  end_user_organization_name: string;
  end_user_origin_id: string | null;
  integration_tool: string | null;
  language: string | null;
  base_url: string | null;
  relink_connection_id: string | null;
  state: 'OPEN' | 'CLAIMED' | 'USED';
  connection_id: string | null;
  expires_at: Date;
}

export interface NewLink {
  endUser: EndUser;
  integrationTool: string | null;
  language: string | null;
  baseUrl: string | null;
  relinkConnectionId: string | null;
  ttlSeconds: number;
}

const LINK_COLUMNS = `id, end_user_email, end_user_organization_name, end_user_origin_id, integration_tool, language,
  base_url, relink_connection_id, state, connection_id, expires_at`;

/** TypeORM answers an UPDATE … RETURNING with [rows, affected] and a SELECT with rows. */
function returned<T>(result: unknown): T[] {
  return (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}

/** Every statement on connect_links and connection_end_users. Tokens arrive in clear and are looked up by hash. */
export class ConnectLinks {
  constructor(private readonly db: DataSource) {}

  async create(token: string, link: NewLink): Promise<void> {
    // Links a day past their expiry (and their exchanged or expired activation tokens) are of no use to anyone.
    await this.db.query(`DELETE FROM connect_links WHERE expires_at < now() - interval '1 day'`);
    await this.db.query(
      `INSERT INTO connect_links (token_hash, end_user_email, end_user_organization_name, end_user_origin_id, integration_tool, language, base_url, relink_connection_id, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() + make_interval(secs => $9))`,
      [hashToken(token), link.endUser.email, link.endUser.organization_name, link.endUser.origin_id, link.integrationTool, link.language, link.baseUrl, link.relinkConnectionId, link.ttlSeconds],
    );
  }

  /** The link while it has not expired (a used one too: its page still shows the webhook step). */
  async findLive(token: string): Promise<ConnectLinkRow | null> {
    const rows: ConnectLinkRow[] = await this.db.query(`SELECT ${LINK_COLUMNS} FROM connect_links WHERE token_hash = $1 AND expires_at > now()`, [hashToken(token)]);
    return rows[0] ?? null;
  }

  /** OPEN → CLAIMED, atomically: two submissions of one link never both create a connection. */
  async claim(id: string): Promise<boolean> {
    const rows = returned(await this.db.query(`UPDATE connect_links SET state = 'CLAIMED' WHERE id = $1 AND state = 'OPEN' AND expires_at > now() RETURNING id`, [id]));
    return rows.length > 0;
  }

  /** The key was refused or the partner unreachable: the link may be tried again. */
  async release(id: string): Promise<void> {
    await this.db.query(`UPDATE connect_links SET state = 'OPEN' WHERE id = $1 AND state = 'CLAIMED'`, [id]);
  }

  async markUsed(id: string, connectionId: string, activationToken: string, activationTtlSeconds: number): Promise<void> {
    await this.db.query(
      `UPDATE connect_links SET state = 'USED', used_at = now(), connection_id = $2, activation_token_hash = $3,
         activation_expires_at = now() + make_interval(secs => $4) WHERE id = $1`,
      [id, connectionId, hashToken(activationToken), activationTtlSeconds],
    );
  }

  /** Exchanges an activation token once: the link's connection, or null (unknown, expired, already exchanged, or the connection is gone). */
  async redeem(activationToken: string): Promise<{ connection_id: string } | null> {
    const rows = returned<{ connection_id: string }>(await this.db.query(
      `UPDATE connect_links SET activation_used_at = now()
       WHERE activation_token_hash = $1 AND activation_used_at IS NULL AND activation_expires_at > now() AND connection_id IS NOT NULL
       RETURNING connection_id`,
      [hashToken(activationToken)],
    ));
    return rows[0] ?? null;
  }

  async saveEndUser(connectionId: string, endUser: EndUser): Promise<void> {
    await this.db.query(
      `INSERT INTO connection_end_users (connection_id, email, organization_name, origin_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (connection_id) DO UPDATE SET email = EXCLUDED.email, organization_name = EXCLUDED.organization_name, origin_id = EXCLUDED.origin_id`,
      [connectionId, endUser.email, endUser.organization_name, endUser.origin_id],
    );
  }

  async endUser(connectionId: string): Promise<EndUser | null> {
    const rows: EndUser[] = await this.db.query('SELECT email, organization_name, origin_id FROM connection_end_users WHERE connection_id = $1', [connectionId]);
    return rows[0] ?? null;
  }

  async endUsers(connectionIds: string[]): Promise<Map<string, EndUser>> {
    const rows: (EndUser & { connection_id: string })[] = await this.db.query(
      'SELECT connection_id, email, organization_name, origin_id FROM connection_end_users WHERE connection_id = ANY($1::uuid[])',
      [connectionIds],
    );
    return new Map(rows.map((r) => [r.connection_id, { email: r.email, organization_name: r.organization_name, origin_id: r.origin_id }]));
  }

  /** Whether the partner's set-up ping (or any verified delivery) reached the connection's inbound URL. */
  async webhookReceivedAt(connectionId: string): Promise<Date | null> {
    const rows: { at: Date | null }[] = await this.db.query(
      `SELECT max(received_at) AS at FROM inbound_events WHERE connection_id = $1 AND verification = 'VERIFIED'`,
      [connectionId],
    );
    return rows[0]?.at ?? null;
  }
}
