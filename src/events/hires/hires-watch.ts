import type pg from 'pg';
import { emitHires } from '../inbound/inbound-effects.js';
import { refreshHires, type HiresRefreshed } from './hires-refresh.js';

/** Rows a sync wrote a little before its commit carry an earlier changed_at: look back this far. */
const OVERLAP = '5 minutes';

/**
 * Keeps the hires feed in step with what syncs write (providers without webhooks, and every DELTA):
 * per connection, the applications, candidates, jobs and offers changed since the last look decide
 * which hires to rebuild. Skips a connection whose inbound events are being applied right now.
 */
export async function watchHires(pool: pg.Pool, connectionId: string, provider: string): Promise<HiresRefreshed | null> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: lock } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtextextended('ats-sync:events:' || $1, 0)) AS ok`, [connectionId]);
    if (!lock[0].ok) {
      await client.query('ROLLBACK');
      return null;
    }
    const { rows: mark } = await client.query<{ checked: Date | null; now: Date }>(
      `SELECT (SELECT nullif(hires_checked_at, '-infinity') FROM events_watermarks WHERE connection_id = $1) AS checked, now() AS now`,
      [connectionId],
    );
    const { checked, now } = mark[0];
    let result: HiresRefreshed;
    if (!checked) {
      result = await refreshHires(client, connectionId, 'all', now);
    } else {
      const changed = async (table: string) =>
        (await client.query<{ id: string }>(`SELECT id FROM ${table} WHERE connection_id = $1 AND changed_at > $2::timestamptz - interval '${OVERLAP}'`, [connectionId, checked])).rows.map((r) => r.id);
      result = await refreshHires(
        client,
        connectionId,
        { applicationIds: await changed('ats_applications'), candidateIds: await changed('ats_candidates'), jobIds: await changed('ats_jobs'), offerIds: await changed('ats_offers') },
        now,
      );
    }
    // The first look only fills the feed with the hires already synced: they are history, not news.
    if (checked) await emitHires(client, { connectionId, provider }, result.appeared);
    await client.query(
      `INSERT INTO events_watermarks (connection_id, hires_checked_at) VALUES ($1, $2) ON CONFLICT (connection_id) DO UPDATE SET hires_checked_at = EXCLUDED.hires_checked_at`,
      [connectionId, now],
    );
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
