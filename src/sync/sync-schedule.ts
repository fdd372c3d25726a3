import type pg from 'pg';
import type { SyncType } from './sync-runs.repository.js';

/** Documented defaults of a connection's sync settings. */
export const DEFAULT_DELTA_MINUTES = 15;
export const DEFAULT_FULL_HOURS = 24;

export interface DueSync {
  connectionId: string;
  type: SyncType;
}

/**
 * Connections due for a sync: a FULL when the last FULL is older than full_sync_interval_hours (or
 * there is none), else a DELTA when the last run is older than delta_sync_interval_minutes. Enabled,
 * valid, unpaused connections only, and none with a run already queued or running.
 */
export async function findDueSyncs(db: pg.Pool | pg.ClientBase): Promise<DueSync[]> {
  const { rows } = await db.query<{ id: string; type: SyncType }>(
    `SELECT c.id,
            CASE WHEN last_full.at IS NULL
                   OR last_full.at < now() - make_interval(hours => coalesce((c.settings->>'full_sync_interval_hours')::int, $1))
                 THEN 'FULL' ELSE 'DELTA' END AS type
     FROM connections c
     LEFT JOIN LATERAL (SELECT max(created_at) AS at FROM sync_runs r WHERE r.connection_id = c.id AND r.type = 'FULL') last_full ON true
     LEFT JOIN LATERAL (SELECT max(created_at) AS at FROM sync_runs r WHERE r.connection_id = c.id) last_any ON true
     WHERE c.enabled AND c.state = 'ACTIVE'
       AND NOT coalesce((c.settings->>'sync_paused')::boolean, false)
       AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.connection_id = c.id AND r.state IN ('QUEUED', 'RUNNING'))
       AND (last_full.at IS NULL
            OR last_full.at < now() - make_interval(hours => coalesce((c.settings->>'full_sync_interval_hours')::int, $1))
            OR last_any.at < now() - make_interval(mins => coalesce((c.settings->>'delta_sync_interval_minutes')::int, $2)))`,
    [DEFAULT_FULL_HOURS, DEFAULT_DELTA_MINUTES],
  );
  return rows.map((r) => ({ connectionId: r.id, type: r.type }));
}
