import fc from 'fast-check';
import type { Schema } from './openapi-operations.js';

/** Strings that broke, or could break, something below the API: the database, a parser, a header. */
export const HOSTILE_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '%00', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-01:00',
  '275760-09-13T00:00:00Z', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00+99:99', '-1', '0', '1e309', 'NaN', 'Infinity',
  '9'.repeat(400), 'null', 'true', '[]', '{}', "'; DROP TABLE connections; --", '../../etc/passwd', '\r\nX-Injected: 1',
  '\u202e\u0301', '😀'.repeat(50), 'x'.repeat(5000), '\\', '"', '%', '%%', '%ZZ', '\u0007\u001b[31m', '<script>',
  '00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'a,b,,c,', ',,,', '*', '\t',
];

export const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`) },
);

/** A JSON value nested `depth` deep, as arrays or objects. */
export function deeplyNested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, '', [], {}, [null], { __proto__: { x: 1 } }, { constructor: { prototype: { x: 1 } } }),
  hostileString,
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer(),
  fc.double(),
);

/** A value that satisfies the schema (as far as a schema can say), to get past validation. */
export function fromSchema(schema: Schema, resolve: (s: Schema) => Schema, hints: Record<string, string[]>, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.oneOf ?? s.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => fromSchema(a, resolve, hints, depth + 1)));
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'integer':
      return fc.integer({ min: s.minimum ?? -5, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -5, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(fromSchema(s.items ?? {}, resolve, hints, depth + 1), { maxLength: 3 });
    case 'object':
    case undefined: {
      if (!s.properties) return type === 'object' ? fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }) : fc.string({ maxLength: 12 });
      if (depth > 4) return fc.constant({});
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(s.properties)) {
        shape[name] = hints[name] ? fc.constantFrom(...hints[name]) : fromSchema(prop, resolve, hints, depth + 1);
      }
      return fc.record(shape, { requiredKeys: s.required ?? [] });
    }
    default:
      return stringFor(s);
  }
}

function stringFor(s: Schema): fc.Arbitrary<string> {
  switch (s.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    default:
      return fc.string({ minLength: s.minLength ?? 1, maxLength: Math.min(s.maxLength ?? 30, 30) });
  }
}

/** The schema's value with one property (or the whole body) swapped for a hostile one. */
export function mutated(valid: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  if (valid === null || typeof valid !== 'object') return replacement;
  const copy: Record<string, unknown> = Array.isArray(valid) ? ([...valid] as unknown as Record<string, unknown>) : { ...(valid as object) };
  copy[path[0]] = mutated(copy[path[0]], path.slice(1), replacement);
  return copy;
}

/** Property paths of a schema, for choosing what to break. */
export function propertyPaths(schema: Schema | undefined, resolve: (s: Schema) => Schema, prefix: string[] = [], depth = 0): string[][] {
  if (!schema || depth > 3) return [];
  const s = resolve(schema);
  return Object.entries(s.properties ?? {}).flatMap(([name, prop]) => [[...prefix, name], ...propertyPaths(prop, resolve, [...prefix, name], depth + 1)]);
}
