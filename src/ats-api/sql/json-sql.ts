// SQL fragments that build response JSON inside PostgreSQL: a page leaves the database as one JSON
// text that the API writes out as-is, so Node neither parses rows nor serializes objects.

/** A timestamptz as ISO 8601 UTC with milliseconds (`2026-01-31T12:00:00.000Z`), or null. */
export function ts(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function quote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Maps ATS values onto a closed enum: `mapping` for synonyms, `allowed` passes through, else null. */
export function mapEnum(expression: string, allowed: readonly string[], mapping: Record<string, string>): string {
  const synonyms = Object.entries(mapping).map(([from, to]) => `WHEN ${quote(from)} THEN ${quote(to)}`);
  const same = allowed.map((v) => `WHEN ${quote(v)} THEN ${quote(v)}`);
  return `CASE upper(${expression}) ${[...same, ...synonyms].join(' ')} END`;
}

/** A text location as Kombo's location object (`{raw}`), or null. */
export function locationObject(column: string): string {
  return `CASE WHEN ${column} IS NULL THEN NULL ELSE json_build_object('raw', ${column}) END`;
}

/** `json_build_object` from [key, expression] pairs, in order. */
export function object(fields: [string, string][]): string {
  return `json_build_object(${fields.map(([key, expression]) => `${quote(key)}, ${expression}`).join(', ')})`;
}

/** The fields every synced record shows. */
export function recordFields(alias: string): [string, string][] {
  return [
    ['id', `${alias}.id`],
    ['remote_id', `${alias}.remote_id`],
  ];
}

export function timestampsFields(alias: string, remote = true): [string, string][] {
  return [
    ['changed_at', ts(`${alias}.changed_at`)],
    ['remote_deleted_at', ts(`${alias}.remote_deleted_at`)],
    ...(remote
      ? ([
          ['remote_created_at', ts(`${alias}.remote_created_at`)],
          ['remote_updated_at', ts(`${alias}.remote_updated_at`)],
        ] as [string, string][])
      : []),
  ];
}

export const EMPTY_ARRAY = `'[]'::json`;

/** An aggregated nested list or [] when the parent has none. */
export function nestedList(cte: string): string {
  return `coalesce(${cte}.value, ${EMPTY_ARRAY})`;
}
