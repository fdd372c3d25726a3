import type { MappedPage, NormalizedRecord } from '../../connector.js';
import type { JazzUser } from '../jazzhr.types.js';
import { jazzRecord, mapEach, text } from './map-helpers.js';

/** JazzHR users → users. v1 has no deactivated flag: every listed user is ACTIVE; the user type is their system role. */
export function mapUsers(records: JazzUser[]): MappedPage {
  const users: NormalizedRecord<'users'>[] = [];
  const failures = mapEach('users', records, (u) => u.id, (u, id) => {
    users.push(
      jazzRecord('users', id, u.date_created, {
        first_name: text(u.first_name),
        last_name: text(u.last_name),
        email: text(u.email),
        status: 'ACTIVE',
        system_roles: text(u.type) ? [text(u.type)] : [],
        custom_fields: { type: text(u.type) },
        integration_fields: [],
      }, { remote_data: u }),
    );
  });
  return { records: { users }, failures };
}
