import type pg from 'pg';
import type { AtsModel, DerivedColumn } from '../ats/normalized.js';
import { MODEL_TABLES, type TableSpec } from './model-tables.js';

/** Rows a batch wrote (created, updated or marked deleted), by model: their ids and the rows as sent. */
export type WrittenRows = Map<AtsModel, Record<string, unknown>[]>;

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function column(spec: TableSpec, name: string, what: string): { name: string; type: string } {
  const found = spec.columns.find((c) => c.name === name);
  if (!found) throw new Error(`${what}: ${spec.table} has no column "${name}" (mapper bug)`);
  return found;
}

const statements = new Map<string, string>();

/** A rule's statement of one kind, built once. */
function cached(kind: 'batch' | 'connection', rule: DerivedColumn, build: (rule: DerivedColumn) => string): string {
  const key = `${kind}:${JSON.stringify(rule)}`;
  let sql = statements.get(key);
  if (!sql) statements.set(key, (sql = build(rule)));
  return sql;
}

/** A rule's tables and the SQL fragments both statements share (checked against the table specs). */
function parts(rule: DerivedColumn) {
  const target = MODEL_TABLES[rule.model];
  const source = MODEL_TABLES[rule.from.model];
  const what = `derived ${rule.model}.${rule.column}`;
  const targetColumn = column(target, rule.column, what);
  column(source, rule.from.ref, what);
  column(source, rule.from.value.column, what);
  for (const by of rule.from.pick.by) column(source, by, what);
  if (rule.from.where) column(source, rule.from.where.column, what);
  const value = rule.from.value.key
    ? `s.${q(rule.from.value.column)} ->> ${literal(rule.from.value.key)}`
    : `s.${q(rule.from.value.column)}`;
  const where = rule.from.where ? `AND s.${q(rule.from.where.column)} = ${literal(rule.from.where.equals)}` : '';
  const order = rule.from.pick.order === 'first' ? 'ASC' : 'DESC';
  return { target, source, targetColumn, value, where, order };
}

/**
 * One statement per rule and batch: for the given target ids, the value of the chosen related row
 * (live rows only), written where it differs. Every table is filtered by connection_id.
 */
function derivationSql(rule: DerivedColumn): string {
  const { target, source, targetColumn, value, where, order } = parts(rule);
  // Each target row is found by its primary key and its value looked up once (the OFFSET 0 keeps
  // the planner from copying the lookup into each condition); the UPDATE then reaches the rows by
  // their ctid. A join of the ids with the table instead let the planner hash the connection's
  // every row, each batch: the tables a sync fills have no statistics yet.
  const sql = `
    WITH d AS MATERIALIZED (
      SELECT x.tid, r.v
      FROM unnest($2::uuid[]) AS k(id)
      CROSS JOIN LATERAL (
        SELECT t.ctid AS tid, t.${q(rule.column)} AS current FROM ${target.table} t WHERE t.connection_id = $1 AND t.id = k.id LIMIT 1
      ) x
      CROSS JOIN LATERAL (
        SELECT (
          SELECT (${value})::${targetColumn.type} FROM ${source.table} s
          WHERE s.connection_id = $1 AND s.${q(rule.from.ref)} = k.id AND s.remote_deleted_at IS NULL ${where}
          ORDER BY ${rule.from.pick.by.map((by) => `s.${q(by)} ${order} NULLS LAST`).join(', ')}, s.remote_id
          LIMIT 1
        ) AS v
        OFFSET 0
      ) r
      WHERE x.current IS DISTINCT FROM r.v ${rule.mode === 'when-present' ? 'AND r.v IS NOT NULL' : ''}
    )
    UPDATE ${target.table} t SET ${q(rule.column)} = d.v, changed_at = $3
    FROM d
    WHERE t.connection_id = $1 AND t.ctid = ANY (ARRAY(SELECT d.tid FROM d)) AND t.ctid = d.tid
`;
  return sql;
}

/** A SQL string literal (the rules are constants in the mappers, never partner data). */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The rules of a batch's pages, each once. */
export function uniqueRules(rules: readonly DerivedColumn[]): DerivedColumn[] {
  return [...new Map(rules.map((r) => [JSON.stringify(r), r])).values()];
}

/**
 * Recomputes derived columns for the rows a batch touched: the target rows it wrote, and the
 * targets of the related rows it wrote. Returns how many target rows changed.
 */
export async function applyDerivedColumns(
  client: pg.ClientBase,
  rules: readonly DerivedColumn[],
  written: WrittenRows,
  ctx: { connectionId: string; now: Date },
): Promise<number> {
  let changed = 0;
  for (const rule of uniqueRules(rules)) {
    const own = (written.get(rule.model) ?? []).map((r) => r.id as string);
    const viaRelated = (written.get(rule.from.model) ?? []).map((r) => r[rule.from.ref]).filter((id): id is string => typeof id === 'string');
    const ids = [...new Set([...own, ...viaRelated])];
    if (ids.length === 0) continue;
    const { rowCount } = await client.query(cached('batch', rule, derivationSql), [ctx.connectionId, ids, ctx.now]);
    changed += rowCount ?? 0;
  }
  return changed;
}

/**
 * The same rule for every row of the connection, in one set-based statement: each target's chosen
 * related row by one sorted pass over the related table (DISTINCT ON), then joined to the targets
 * (on tables without statistics yet, by their primary key in id order). A target without a live
 * related row keeps its value (`when-present`) or gets null (`always`).
 */
function connectionSql(rule: DerivedColumn): string {
  const { target, source, targetColumn, value, where, order } = parts(rule);
  const col = q(rule.column);
  const ref = `s.${q(rule.from.ref)}`;
  const picked = `
    WITH v AS MATERIALIZED (
      SELECT DISTINCT ON (${ref}) ${ref} AS id, (${value})::${targetColumn.type} AS v
      FROM ${source.table} s
      WHERE s.connection_id = $1 AND ${ref} IS NOT NULL AND s.remote_deleted_at IS NULL ${where}
      ORDER BY ${ref}, ${rule.from.pick.by.map((by) => `s.${q(by)} ${order} NULLS LAST`).join(', ')}, s.remote_id
    )`;
  const sql =
    rule.mode === 'when-present'
      ? `${picked}
    UPDATE ${target.table} t SET ${col} = v.v, changed_at = $2
    FROM v
    WHERE t.connection_id = $1 AND t.id = v.id AND v.v IS NOT NULL AND t.${col} IS DISTINCT FROM v.v`
      : `${picked}
    UPDATE ${target.table} t SET ${col} = x.v, changed_at = $2
    FROM (SELECT y.id, v.v FROM ${target.table} y LEFT JOIN v ON v.id = y.id WHERE y.connection_id = $1 AND y.${col} IS DISTINCT FROM v.v) x
    WHERE t.connection_id = $1 AND t.id = x.id`;
  return sql;
}

/**
 * Recomputes derived columns for every row of the connection (after a stream's first FULL, whose
 * batches deferred them). Returns how many target rows changed.
 */
export async function deriveForConnection(client: pg.ClientBase, rules: readonly DerivedColumn[], ctx: { connectionId: string; now: Date }): Promise<number> {
  let changed = 0;
  for (const rule of uniqueRules(rules)) {
    const { rowCount } = await client.query(cached('connection', rule, connectionSql), [ctx.connectionId, ctx.now]);
    changed += rowCount ?? 0;
  }
  return changed;
}
