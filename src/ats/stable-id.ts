import { createHash } from 'node:crypto';

/**
 * The id of a synced record: derived from (connection, model, remote id), so rebuilding the database
 * gives the same ids and a reference can be resolved before the referenced record has been seen.
 * Formatted as an RFC 9562 version-8 (custom) UUID.
 */
export function stableId(connectionId: string, model: string, remoteId: string): string {
  const bytes = createHash('sha256').update(`${connectionId}\u0000${model}\u0000${remoteId}`, 'utf8').digest();
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
