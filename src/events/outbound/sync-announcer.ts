import type pg from 'pg';
import type { RunCounts } from '../../sync/record-writer.js';
import { emit } from './outbox.js';
import { changedModels, integration } from './payloads.js';

interface FinishedRun {
  id: string;
  connection_id: string;
  provider: string;
  name: string | null;
  state: string;
  counts: RunCounts;
  started_at: Date | null;
  created_at: Date;
  finished_at: Date;
}

/**
 * Kombo's sync-finished, and data-changed when the run changed rows, for every sync run that ended
 * (in any process) since endpoints exist. Each run is announced once: its events are keyed on the
 * run, and the sync-finished row is written even with no subscriber so it is not looked for again.
 */
export async function announceSyncs(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<FinishedRun>(
    `SELECT r.id, r.connection_id, c.provider, c.name, r.state, r.counts, r.started_at, r.created_at, r.finished_at
     FROM sync_runs r JOIN connections c ON c.id = r.connection_id
     WHERE r.state IN ('SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED') AND r.finished_at > now() - interval '1 day'
       AND r.finished_at >= (SELECT min(created_at) FROM webhook_endpoints)
       AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.source_key = 'sync:' || r.id)
     ORDER BY r.finished_at LIMIT 100`,
  );
  for (const run of rows) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const ref = { connectionId: run.connection_id, provider: run.provider };
      const started = run.started_at ?? run.created_at;
      const models = changedModels(run.counts);
      if (models.length > 0) {
        await emit(client, { type: 'data-changed', connectionId: run.connection_id, sourceKey: `sync:${run.id}:data-changed`, data: { ...integration(ref), changed_models: models } });
      }
      await emit(client, {
        type: 'sync-finished',
        connectionId: run.connection_id,
        sourceKey: `sync:${run.id}`,
        always: true,
        data: {
          sync_id: run.id,
          sync_state: run.state,
          sync_started_at: started.toISOString(),
          sync_ended_at: run.finished_at.toISOString(),
          sync_duration_seconds: Math.max(0, Math.round((run.finished_at.getTime() - started.getTime()) / 1000)),
          ...integration(ref),
          end_user: { organization_name: run.name ?? '', creator_email: null, origin_id: null },
          log_url: `/v1/syncs/${run.id}`,
        },
      });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return rows.length;
}
