import type { DataSource } from 'typeorm';
import { stableId } from '../ats/stable-id.js';

const UNIFIED = ['HIRING_MANAGER', 'RECRUITER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER', 'ADMIN'];

export interface Role {
  id: string;
  remote_id: string | null;
  remote_label: string | null;
  scope: 'SYSTEM' | 'JOB';
  unified_type: string | null;
  changed_at: Date;
  remote_deleted_at: Date | null;
}

/**
 * Kombo's roles, derived from what the synced users hold: their system roles (scope SYSTEM unless
 * the ATS says JOB) and their roles on job hiring teams (scope JOB). A role changes when a holder
 * does; it is deleted when every holder is. A provider without roles gives an empty list.
 */
const ROLES_SQL = `
WITH held AS (
  SELECT 'SYSTEM' AS scope_default, e AS role, u.changed_at, u.remote_deleted_at
  FROM ats_users u, jsonb_array_elements(u.system_roles) e WHERE u.connection_id = $1
  UNION ALL
  SELECT 'JOB', to_jsonb(x), m.changed_at, m.remote_deleted_at
  FROM ats_job_hiring_team_members m, jsonb_array_elements_text(m.roles) x WHERE m.connection_id = $1
), norm AS (
  SELECT CASE WHEN jsonb_typeof(role) = 'object' AND role->>'scope' IN ('SYSTEM', 'JOB') THEN role->>'scope' ELSE scope_default END AS scope,
         CASE WHEN jsonb_typeof(role) = 'object' THEN role->>'remote_id' END AS remote_id,
         nullif(CASE WHEN jsonb_typeof(role) = 'object' THEN coalesce(role->>'remote_label', role->>'name') ELSE role #>> '{}' END, '') AS label,
         CASE WHEN jsonb_typeof(role) = 'object' THEN role->>'unified_type' END AS unified,
         changed_at, remote_deleted_at
  FROM held
)
SELECT scope, min(remote_id) AS remote_id, min(label) AS label, min(unified) AS unified, max(changed_at) AS changed_at,
       CASE WHEN bool_or(remote_deleted_at IS NULL) THEN NULL ELSE max(remote_deleted_at) END AS remote_deleted_at
FROM norm WHERE coalesce(remote_id, label) IS NOT NULL
GROUP BY scope, coalesce(remote_id, lower(label))`;

export async function listRoles(db: DataSource, connectionId: string): Promise<Role[]> {
  const rows: { scope: 'SYSTEM' | 'JOB'; remote_id: string | null; label: string | null; unified: string | null; changed_at: Date; remote_deleted_at: Date | null }[] =
    await db.query(ROLES_SQL, [connectionId]);
  return rows
    .map((r) => {
      const guess = (r.unified ?? r.label ?? '').trim().toUpperCase().replace(/[\s-]+/g, '_');
      return {
        id: stableId(connectionId, 'roles', `${r.scope}\u0000${r.remote_id ?? r.label!.toLowerCase()}`),
        remote_id: r.remote_id,
        remote_label: r.label,
        scope: r.scope,
        unified_type: UNIFIED.includes(guess) ? guess : null,
        changed_at: r.changed_at,
        remote_deleted_at: r.remote_deleted_at,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
