import { hash } from 'node:crypto';

/**
 * Ids computed lately, by their hashed text: a sync resolves the same few references (a job, a stage,
 * a tag, the candidate of each tag row) over and over. Bounded; emptied when full.
 */
const recent = new Map<string, string>();
const RECENT_MAX = 8192;

/**
 * The id of a synced record: derived from (connection, model, remote id), so rebuilding the database
 * gives the same ids and a reference can be resolved before the referenced record has been seen.
 * Formatted as an RFC 9562 version-8 (custom) UUID.
 */
export function stableId(connectionId: string, model: string, remoteId: string): string {
  const key = `${connectionId}\u0000${model}\u0000${remoteId}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  const hex = hash('sha256', key, 'hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, id);
  return id;
}
