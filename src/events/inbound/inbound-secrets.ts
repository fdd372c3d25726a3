import type pg from 'pg';
import type { SecretBox } from '../../common/crypto/secret-box.js';
import { generateToken } from '../../common/crypto/token-hash.js';

/** Sealed with the connection id and a purpose, so it never opens as the connection's credentials. */
const aad = (connectionId: string) => `inbound-webhook:${connectionId}`;

export interface ReceiverTarget {
  provider: string;
  /** Null until POST /v1/connections/:id/inbound-webhook issued one. */
  secret: string | null;
}

/** The per-connection secret partners sign inbound deliveries with: issued, rotated, read for verification. */
export class InboundSecrets {
  constructor(
    private readonly pool: pg.Pool,
    private readonly secrets: SecretBox,
  ) {}

  /** A new secret replaces any earlier one at once: deliveries signed with the old one get 401. */
  async issue(connectionId: string): Promise<string> {
    const secret = generateToken('whsec_');
    await this.pool.query(
      `INSERT INTO inbound_webhook_secrets (connection_id, secret_encrypted) VALUES ($1, $2)
       ON CONFLICT (connection_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted, created_at = now()`,
      [connectionId, this.secrets.seal(secret, aad(connectionId))],
    );
    return secret;
  }

  async issuedAt(connectionId: string): Promise<Date | null> {
    const { rows } = await this.pool.query<{ created_at: Date }>('SELECT created_at FROM inbound_webhook_secrets WHERE connection_id = $1', [connectionId]);
    return rows[0]?.created_at ?? null;
  }

  /** The connection's provider and secret in one read (the receiver's only lookup); null for an unknown connection. */
  async target(connectionId: string): Promise<ReceiverTarget | null> {
    const { rows } = await this.pool.query<{ provider: string; secret_encrypted: string | null }>(
      `SELECT c.provider, s.secret_encrypted FROM connections c LEFT JOIN inbound_webhook_secrets s ON s.connection_id = c.id WHERE c.id = $1`,
      [connectionId],
    );
    const row = rows[0];
    if (!row) return null;
    return { provider: row.provider, secret: row.secret_encrypted ? this.secrets.open(row.secret_encrypted, aad(connectionId)) : null };
  }
}
