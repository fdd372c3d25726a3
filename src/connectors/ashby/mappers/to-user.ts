import type { MappedPage } from '../../connector.js';
import type { AshbyUser } from '../ashby.types.js';
import { customFields, date, mapEach, push, text } from './common.js';

export function mapUsers(records: AshbyUser[]): MappedPage {
  return mapEach(records, 'users', (u) => u?.id, (u, page) => {
    push(page, 'users', {
      remote_id: u.id,
      fields: {
        first_name: text(u.firstName),
        last_name: text(u.lastName),
        email: text(u.email),
        status: u.isEnabled === false ? 'INACTIVE' : u.isEnabled === true ? 'ACTIVE' : null,
        system_roles: u.globalRole ? [u.globalRole] : [],
        custom_fields: customFields(u.customFields),
        integration_fields: [],
        remote_created_at: null,
        remote_updated_at: date(u.updatedAt),
      },
      remote_data: u,
    });
  });
}
