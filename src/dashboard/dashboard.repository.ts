import type { DataSource } from 'typeorm';
import { ATS_MODEL_ENTITIES } from '../ats/entities/index.js';
import { DEFAULT_DELTA_MINUTES, DEFAULT_FULL_HOURS } from '../sync/sync-schedule.js';

const MODELS = Object.keys(ATS_MODEL_ENTITIES);

/** What the dashboard reads: connections with their end user, latest run, schedule and record counts; deliveries and write actions. */
export class DashboardReads {
  /**
   * Counting every synced table is not free on big databases and open dashboards poll, so counts
   * are reused for a while, but never past the end of a sync (or a deleted connection).
   */
  private counts: { at: number; key: string; value: Map<string, Record<string, number>> } | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly countsTtlMs = 10_000,
  ) {}

  async connections() {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT c.id, c.provider, c.name, c.enabled, c.state, c.state_reason, c.created_at, c.settings,
              e.email AS end_user_email, e.organization_name AS end_user_organization, e.origin_id AS end_user_origin_id,
              last.id AS last_run_id, last.type AS last_run_type, last.state AS last_run_state, last.created_at AS last_run_created_at, last.finished_at AS last_run_finished_at,
              (SELECT max(created_at) FROM sync_runs r WHERE r.connection_id = c.id AND r.type = 'FULL') AS last_full_at
       FROM connections c
       LEFT JOIN connection_end_users e ON e.connection_id = c.id
       LEFT JOIN LATERAL (SELECT * FROM sync_runs r WHERE r.connection_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1) last ON true
       ORDER BY c.created_at, c.id`,
    );
    const [{ key }]: { key: string }[] = await this.db.query(`SELECT concat(max(finished_at), '/', count(*), '/', (SELECT count(*) FROM connections)) AS key FROM sync_runs`);
    if (!this.counts || this.counts.key !== key || Date.now() - this.counts.at > this.countsTtlMs) this.counts = { at: Date.now(), key, value: await this.recordCounts() };
    const counts = this.counts.value;
    return rows.map((r) => {
      const settings = (r.settings ?? {}) as Record<string, unknown>;
      return {
        id: r.id,
        provider: r.provider,
        name: r.name,
        state: r.enabled ? r.state : 'INACTIVE',
        state_reason: r.state_reason,
        enabled: r.enabled,
        end_user: r.end_user_organization ? { email: r.end_user_email, organization_name: r.end_user_organization, origin_id: r.end_user_origin_id } : null,
        last_sync: r.last_run_id ? { id: r.last_run_id, type: r.last_run_type, state: r.last_run_state, created_at: r.last_run_created_at, finished_at: r.last_run_finished_at } : null,
        next_sync: nextSync(r, settings),
        records: counts.get(r.id as string) ?? {},
      };
    });
  }

  /** Live rows per model per connection, in one statement. */
  private async recordCounts(): Promise<Map<string, Record<string, number>>> {
    const sql = MODELS.map((m) => `SELECT connection_id, '${m}' AS model, count(*)::int AS n FROM ats_${m} WHERE remote_deleted_at IS NULL GROUP BY connection_id`).join(' UNION ALL ');
    const rows: { connection_id: string; model: string; n: number }[] = await this.db.query(sql);
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) out.set(r.connection_id, { ...out.get(r.connection_id), [r.model]: r.n });
    return out;
  }

  async deliveries(connectionId: string) {
    return this.db.query(
      `SELECT d.id, e.type AS event_type, w.url, d.state, d.attempts, d.last_status, d.last_error, d.created_at, d.delivered_at
       FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id JOIN webhook_endpoints w ON w.id = d.endpoint_id
       WHERE e.connection_id = $1 ORDER BY d.created_at DESC LIMIT 20`,
      [connectionId],
    );
  }

  async writeActions(connectionId: string) {
    return this.db.query(
      `SELECT id, action, outcome, status_code, error_code, error_message, partner_status, duration_ms, created_at
       FROM ats_write_actions WHERE connection_id = $1 ORDER BY created_at DESC, id DESC LIMIT 20`,
      [connectionId],
    );
  }
}

/** When the scheduler will next queue a run (the same rule as ConnectionsRepository.dueForSync); null when it will not. */
function nextSync(r: Record<string, unknown>, settings: Record<string, unknown>): { type: 'FULL' | 'DELTA'; at: Date } | null {
  if (!r.enabled || r.state !== 'ACTIVE' || settings.sync_paused === true) return null;
  const fullHours = Number(settings.full_sync_interval_hours ?? DEFAULT_FULL_HOURS);
  const deltaMinutes = Number(settings.delta_sync_interval_minutes ?? DEFAULT_DELTA_MINUTES);
  const lastFull = r.last_full_at ? new Date(r.last_full_at as string) : null;
  const lastAny = r.last_run_created_at ? new Date(r.last_run_created_at as string) : null;
  if (!lastFull) return { type: 'FULL', at: new Date() };
  const full = new Date(lastFull.getTime() + fullHours * 3_600_000);
  const delta = new Date((lastAny ?? lastFull).getTime() + deltaMinutes * 60_000);
  return full <= delta ? { type: 'FULL', at: full } : { type: 'DELTA', at: delta };
}
