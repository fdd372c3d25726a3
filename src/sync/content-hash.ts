import { hash } from 'node:crypto';

/**
 * The hash the writer compares to decide whether a row's content changed. Plain JSON text, not a
 * key-sorted form: rows are assembled in column order and partners serialize deterministically, and
 * sorting keys cost five times as much. A partner that reorders keys would only cause an extra update.
 */
export function contentHash(value: unknown): string {
  return hash('sha256', JSON.stringify(value), 'base64url');
}

/** The hash of a JSON text (contentHash(v) = textHash(JSON.stringify(v))). */
export function textHash(json: string): string {
  return hash('sha256', json, 'base64url');
}

/** JSON.stringify(value), with the common scalars and dates rendered directly. */
export function jsonOf(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'; // as JSON.stringify renders numbers
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      // A Date renders as its toJSON does, without JSON.stringify's generic toJSON call (half the cost).
      if (value instanceof Date) return Number.isFinite(value.getTime()) ? `"${value.toISOString()}"` : 'null';
      return JSON.stringify(value);
    default:
      return JSON.stringify(value);
  }
}
