import { mapEnum, object, recordFields, timestampsFields } from '../sql/json-sql.js';
import type { ReadModel } from '../sql/read-model.js';

const ROLE_TYPES = ['HIRING_MANAGER', 'RECRUITER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER', 'ADMIN'];

/**
 * `system_roles` as Kombo's objects. The ATS gives either role names (strings) or objects; a name
 * that is one of Kombo's unified types keeps it, any other is only a label.
 */
const systemRoles = `(SELECT coalesce(json_agg(json_build_object(
    'remote_id', CASE WHEN jsonb_typeof(e) = 'object' THEN e->>'remote_id' END,
    'remote_label', CASE WHEN jsonb_typeof(e) = 'object' THEN coalesce(e->>'remote_label', e->>'name') ELSE e #>> '{}' END,
    'scope', CASE WHEN e->>'scope' IN ('SYSTEM', 'JOB') THEN e->>'scope' ELSE 'SYSTEM' END,
    'unified_type', ${mapEnum(`coalesce(e->>'unified_type', CASE WHEN jsonb_typeof(e) = 'string' THEN e #>> '{}' END)`, ROLE_TYPES, {})}
  )), '[]'::json) FROM jsonb_array_elements(r.system_roles) e)`;

export const usersModel: ReadModel = {
  path: 'users',
  table: 'ats_users',
  filters: (f, p) => (f.emails ? [`lower(r.email) = ANY(${p.add(f.emails, '::text[]')})`] : []),
  shape: object([
    ...recordFields('r'),
    ['first_name', 'r.first_name'],
    ['last_name', 'r.last_name'],
    ['email', 'r.email'],
    ['status', mapEnum('r.status', ['ACTIVE', 'INACTIVE'], {})],
    ['system_roles', systemRoles],
    ['custom_fields', 'r.custom_fields'],
    ['integration_fields', 'r.integration_fields'],
    ['remote_url', 'NULL'],
    ...timestampsFields('r'),
    ['remote_data', 'r.remote_data'],
  ]),
};
