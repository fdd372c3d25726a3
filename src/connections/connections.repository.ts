import type { ConnectionState } from './connection.entity.js';
import { usableConnectionSql } from './connection-usability.js';

/** A pg pool or client (`{rows}` results) or a TypeORM DataSource (row arrays). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface ConnectionRow {
  id: string;
  provider: string;
  name: string | null;
  base_url: string | null;
  settings: Record<string, unknown>;
  credentials_encrypted: string;
  enabled: boolean;
  state: ConnectionState;
  state_reason: string | null;
}

export interface DueConnection {
  id: string;
  type: 'FULL' | 'DELTA';
}

/** Every SQL statement on `connections` rows outside the management API's TypeORM repository. */
export class ConnectionsRepository {
  constructor(private readonly db: Queryable) {}

  private async rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    const result = await this.db.query(sql, params);
    return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
  }

  async find(id: string): Promise<ConnectionRow | null> {
    const [row] = await this.rows<ConnectionRow>(
      'SELECT id, provider, name, base_url, settings, credentials_encrypted, enabled, state, state_reason FROM connections WHERE id = $1',
      [id],
    );
    return row ?? null;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.rows('SELECT 1 FROM connections WHERE id = $1', [id])).length > 0;
  }

  /** The partner refused the credentials: no sync or write until they are rotated. */
  async markInvalid(id: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE connections SET state = 'INVALID', state_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
  }

  /**
   * Usable, unpaused connections due for a sync: a FULL when the last FULL is older than
   * full_sync_interval_hours (or there is none), else a DELTA when the last run is older than
   * delta_sync_interval_minutes; none with a run already queued or running.
   */
  async dueForSync(defaults: { fullHours: number; deltaMinutes: number }): Promise<DueConnection[]> {
    return this.rows<DueConnection>(
      `SELECT c.id,
              CASE WHEN last_full.at IS NULL
                     OR last_full.at < now() - make_interval(hours => coalesce((c.settings->>'full_sync_interval_hours')::int, $1))
                   THEN 'FULL' ELSE 'DELTA' END AS type
       FROM connections c
       LEFT JOIN LATERAL (SELECT max(created_at) AS at FROM sync_runs r WHERE r.connection_id = c.id AND r.type = 'FULL') last_full ON true
       LEFT JOIN LATERAL (SELECT max(created_at) AS at FROM sync_runs r WHERE r.connection_id = c.id) last_any ON true
       WHERE ${usableConnectionSql('c')}
         AND NOT coalesce((c.settings->>'sync_paused')::boolean, false)
         AND NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.connection_id = c.id AND r.state IN ('QUEUED', 'RUNNING'))
         AND (last_full.at IS NULL
              OR last_full.at < now() - make_interval(hours => coalesce((c.settings->>'full_sync_interval_hours')::int, $1))
              OR last_any.at < now() - make_interval(mins => coalesce((c.settings->>'delta_sync_interval_minutes')::int, $2)))`,
      [defaults.fullHours, defaults.deltaMinutes],
    );
  }
}
