import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { GemUser } from '../gem.types.js';
import { mapEach, remoteRecord, text } from './map-helpers.js';

/** Gem users → users. A disabled user is INACTIVE. */
export function mapUsers(records: GemUser[]): MappedPage {
  const users: NormalizedRecord<'users'>[] = [];
  const failures = mapEach('users', records, (u) => u.id, (u, id) => {
    const [first, ...rest] = (text(u.name) ?? '').split(/\s+/);
    users.push(
      remoteRecord('users', id, u, {
        first_name: text(u.first_name) ?? (first || null),
        last_name: text(u.last_name) ?? (rest.join(' ') || null),
        email: text(u.primary_email_address) ?? text(u.emails?.[0]),
        status: u.disabled ? 'INACTIVE' : 'ACTIVE',
        system_roles: u.site_admin ? ['SITE_ADMIN'] : [],
        custom_fields: {
          employee_id: text(u.employee_id),
          offices: (u.offices ?? []).map((o) => o.name),
          departments: (u.departments ?? []).map((d) => d.name),
        },
        integration_fields: [],
      }),
    );
  });
  return { records: { users }, failures };
}
