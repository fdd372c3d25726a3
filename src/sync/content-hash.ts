import { hash } from 'node:crypto';

/**
 * The hash the writer compares to decide whether a row's content changed. Plain JSON text, not a
 * key-sorted form: rows are assembled in column order and partners serialize deterministically, and
 * sorting keys cost five times as much. A partner that reorders keys would only cause an extra update.
 */
export function contentHash(value: unknown): string {
  return hash('sha256', JSON.stringify(value), 'base64url');
}
