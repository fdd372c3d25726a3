import type { Principal } from '../common/auth/principal.js';
import { ApiError } from '../common/errors/api-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The integration a general call names with Kombo's X-Integration-Id (a scoped key: its own). */
export function integrationIdOf(principal: Principal, header: string | undefined): string {
  const value = header?.trim();
  if (!value) {
    if (principal.kind === 'connection') return principal.connectionId;
    throw ApiError.invalidField('X-Integration-Id', 'is required with the admin key: name the integration (connection id)');
  }
  if (!UUID.test(value)) throw ApiError.invalidField('X-Integration-Id', 'must be an integration id (a UUID)');
  return value.toLowerCase();
}
