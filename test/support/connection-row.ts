import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { SecretBox } from '../../src/common/crypto/secret-box.js';

/**
 * A connection row written straight to the database, credentials sealed as the service seals them:
 * for providers the API does not know (test fakes) and for tests that bypass the partner check.
 */
export async function insertConnectionRow(
  pool: pg.Pool,
  secrets: SecretBox,
  row: { provider: string; baseUrl: string; apiKey: string },
): Promise<string> {
  const id = randomUUID();
  await pool.query(`INSERT INTO connections (id, provider, base_url, credentials_encrypted) VALUES ($1, $2, $3, $4)`, [
    id,
    row.provider,
    row.baseUrl,
    secrets.seal(JSON.stringify({ api_key: row.apiKey }), id),
  ]);
  return id;
}
