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

/**
 * JSON texts of raw partner records, kept while the record objects live: a FULL hashes each page's
 * records as they arrive, and the writer stores the same objects as remote_data, so it reuses the
 * text instead of serializing the record again (for the row's hash and for COPY).
 */
const rendered = new WeakMap<object, string>();

/** JSON.stringify(value), from the texts kept by recordsHash when value is one of those records. */
export function jsonOf(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null'; // as JSON.stringify renders numbers
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      const known = rendered.get(value);
      if (known !== undefined) return known;
      break;
    }
  }
  return JSON.stringify(value);
}

/** contentHash(records), keeping each record's JSON text for jsonOf. */
export function recordsHash(records: readonly unknown[]): string {
  const parts = records.map((r) => {
    const json = JSON.stringify(r);
    if (json === undefined) return 'null'; // as JSON.stringify renders such an array element
    if (r !== null && typeof r === 'object') rendered.set(r, json);
    return json;
  });
  return textHash(`[${parts.join(',')}]`);
}
