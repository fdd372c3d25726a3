import { hash } from 'node:crypto';

/**
 * The id of a synced record: derived from (connection, model, remote id), so rebuilding the database
 * gives the same ids and a reference can be resolved before the referenced record has been seen.
 * Formatted as an RFC 9562 version-8 (custom) UUID.
 */
export function stableId(connectionId: string, model: string, remoteId: string): string {
  const hex = hash('sha256', `${connectionId}\u0000${model}\u0000${remoteId}`, 'hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
