import type pg from 'pg';
import { stableId } from '../ats/stable-id.js';
import type { AtsModel, DerivedColumn, JoinModel, JoinSet, MappedPage, NormalizedRecord, RemoteRef } from '../ats/normalized.js';
import { jsonOf, textHash } from './content-hash.js';
import { copyChunks, copyInto, copyValue, stageRows, stagingTable } from './copy-staging.js';
import { applyDerivedColumns, type WrittenRows } from './derived-columns.js';
import { JOIN_TABLES, MODEL_TABLES, type TableSpec } from './model-tables.js';

export type Outcome = 'fetched' | 'created' | 'updated' | 'unchanged' | 'deleted' | 'failed';
export type ModelCounts = Record<Outcome, number>;
export type RunCounts = Partial<Record<string, ModelCounts>>;

export function emptyCounts(): ModelCounts {
  return { fetched: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
}

export function addCounts(into: RunCounts, model: string, add: Partial<ModelCounts>): void {
  const counts = (into[model] ??= emptyCounts());
  for (const [k, v] of Object.entries(add) as [Outcome, number][]) counts[k] += v;
}

export interface WriteContext {
  connectionId: string;
  /**
   * The run: every written remote id is recorded as seen in it, so a record the partner returns
   * again in the same run (a tag on many candidates) is counted once, and a FULL's sweep keeps it.
   */
  seenRunId: string | null;
  /**
   * Without a seen set (a stream's first FULL), when the run began: a row written since was written
   * by this run, so a record met again is recognised by it and not counted twice.
   */
  runStartedAt?: Date;
  now: Date;
  /** When given, filled with what the write created and deleted (what events announce). */
  changes?: RowChanges;
  /**
   * The bulk path (a sync's batches): rows go in by COPY through a staging table, compared and
   * upserted in one statement (src/sync/copy-staging.ts). The caller calls settleStaging(client)
   * after its COMMIT or ROLLBACK. Without it (a webhook's or write-through's few rows) the rows go
   * as one JSON parameter.
   */
  bulk?: boolean;
  /**
   * With `bulk` and no seen set: the stream's tables held no row of the connection when its FULL
   * began (its first), so each batch is first tried as a plain COPY into the table (copyInto).
   */
  intoEmpty?: boolean;
  /**
   * Derived columns are left to the caller, who computes them once for the whole connection
   * (deriveForConnection): a stream's first FULL, one set-based statement at its end instead of a
   * probe per written row in every batch.
   */
  deferDerived?: boolean;
}

/** Remote ids, by model, of rows inserted (live) and of live rows marked deleted. */
export interface RowChanges {
  created: Partial<Record<string, string[]>>;
  deleted: Partial<Record<string, string[]>>;
}

const KEY_COLUMNS = new Set(['id', 'connection_id', 'remote_id']);
const statements = new Map<string, string>();

/** The upsert's conflict arm: a stored row is rewritten, and changed_at moves, only when its hash or deletion state differs. */
function rewriteWhenChanged(spec: TableSpec): string {
  const sets = spec.columns.filter((c) => !KEY_COLUMNS.has(c.name)).map((c) => `"${c.name}" = EXCLUDED."${c.name}"`);
  return `ON CONFLICT (connection_id, remote_id) DO UPDATE SET ${sets.join(', ')}, changed_at = EXCLUDED.changed_at
      WHERE t.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR t.remote_deleted_at IS DISTINCT FROM EXCLUDED.remote_deleted_at`;
}

/**
 * One statement per table per batch: bulk upsert keyed on (connection_id, remote_id). A row is
 * rewritten, and changed_at moves, only when its content hash or deletion state differs.
 */
function upsertSql(spec: TableSpec): string {
  const cached = statements.get(spec.table);
  if (cached) return cached;
  const q = (c: string) => `"${c}"`;
  const names = spec.columns.map((c) => q(c.name));
  const sql = `
    WITH input AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${spec.columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')})
    ), upserted AS (
      INSERT INTO ${spec.table} AS t (${names.join(', ')}, changed_at)
      SELECT ${names.join(', ')}, $2::timestamptz FROM input
      ${rewriteWhenChanged(spec)}
      RETURNING remote_id, (xmax = 0) AS inserted
    )
    SELECT remote_id, inserted FROM upserted`;
  statements.set(spec.table, sql);
  return sql;
}

const bulkStatements = new Map<string, string>();

/**
 * The bulk path's statement, over the rows just staged: the stored hash and state of each (an index
 * probe per staged row: the LATERAL … LIMIT 1 keeps the planner from scanning the table, whatever
 * it guesses of a staging table without statistics), and the upsert of those that are new or differ.
 * Both parts read the same snapshot. Rows with inserted = NULL are the probe's, the others the upsert's.
 */
function bulkSql(spec: TableSpec): string {
  const cached = bulkStatements.get(spec.table);
  if (cached) return cached;
  const q = (c: string) => `"${c}"`;
  const names = spec.columns.map((c) => q(c.name));
  const sql = `
    WITH known AS MATERIALIZED (
      SELECT k.remote_id, k.content_hash, k.deleted, k.this_run
      FROM ${stagingTable(spec)} s CROSS JOIN LATERAL (
        SELECT t.remote_id, t.content_hash, t.remote_deleted_at IS NOT NULL AS deleted, coalesce(t.changed_at >= $2, false) AS this_run
        FROM ${spec.table} t WHERE t.connection_id = $1 AND t.remote_id = s.remote_id LIMIT 1
      ) k
    ), upserted AS (
      INSERT INTO ${spec.table} AS t (${names.join(', ')}, changed_at)
      SELECT ${names.map((n) => `s.${n}`).join(', ')}, $3::timestamptz
      FROM ${stagingTable(spec)} s LEFT JOIN known k ON k.remote_id = s.remote_id
      WHERE s.connection_id = $1
        AND (k.remote_id IS NULL OR k.content_hash IS DISTINCT FROM s.content_hash OR k.deleted IS DISTINCT FROM (s.remote_deleted_at IS NOT NULL))
      ${rewriteWhenChanged(spec)}
      RETURNING t.remote_id, (xmax = 0) AS inserted
    )
    SELECT remote_id, content_hash, deleted, this_run, NULL::boolean AS inserted FROM known
    UNION ALL
    SELECT remote_id, NULL, NULL, NULL, inserted FROM upserted`;
  bulkStatements.set(spec.table, sql);
  return sql;
}

function resolveRef(connectionId: string, ref: RemoteRef | null | undefined): string | null {
  return ref ? stableId(connectionId, ref.model, ref.remote_id) : null;
}

// Who a row is, not what it says: left out of the hash, so equal content hashes equally everywhere.
const IDENTITY = new Set(['id', 'connection_id', 'remote_id', 'content_hash']);
/** Each built row's line of COPY text, without its newline (the bulk path stages it as is). */
const copyLines = new WeakMap<Record<string, unknown>, string>();

/** What buildRow needs of a table, worked out once: its column names, each column's key in the hashed JSON, where the hash goes. */
interface RowPlan {
  names: Set<string>;
  columns: { name: string; type: string; fallback: unknown; identity: boolean; key: string }[];
  hashAt: number;
}
const plans = new WeakMap<TableSpec, RowPlan>();

function rowPlan(spec: TableSpec): RowPlan {
  let plan = plans.get(spec);
  if (!plan) {
    plan = {
      names: new Set(spec.columns.map((c) => c.name)),
      columns: spec.columns.map((c) => ({ name: c.name, type: c.type, fallback: c.fallback, identity: IDENTITY.has(c.name), key: `"${c.name}":` })),
      hashAt: spec.columns.findIndex((c) => c.name === 'content_hash'),
    };
    plans.set(spec, plan);
  }
  return plan;
}

/**
 * The row in column order: the given values over each column's fallback, and the hash of its
 * content. A field the table does not have is a mapper bug and throws.
 *
 * The hash is of JSON.stringify of the row without its identity columns, assembled here from each
 * value's JSON (the same text, byte for byte), which the COPY line then reuses: each value is
 * rendered once, in one pass over the columns.
 */
function buildRow(spec: TableSpec, fields: Record<string, unknown>, values: Record<string, unknown>, what: string, keep?: ReadonlySet<string>): Record<string, unknown> {
  const plan = rowPlan(spec);
  for (const source of [fields, values]) {
    for (const key in source) if (!plan.names.has(key)) throw new Error(`${what} has no column "${key}" (mapper bug)`);
  }
  const row: Record<string, unknown> = {};
  const line = new Array<string>(plan.columns.length);
  let content = '';
  for (let i = 0; i < plan.columns.length; i++) {
    const { name, type, fallback, identity, key } = plan.columns[i];
    if (identity) {
      // The row's keys as given (its hash, which values never holds, is set below).
      row[name] = values[name];
      line[i] = copyValue(values[name], type);
      continue;
    }
    const value = values[name] ?? fields[name] ?? fallback;
    if (!keep || keep.has(name)) row[name] = value;
    const json = jsonOf(value);
    if (json !== undefined) content += content ? `,${key}${json}` : `${key}${json}`;
    line[i] = copyValue(value, type, json);
  }
  const hash = textHash(`{${content}}`);
  row.content_hash = hash;
  if (plan.hashAt >= 0) line[plan.hashAt] = hash; // base64url: nothing to escape
  copyLines.set(row, line.join('\t'));
  return row;
}

function recordRow(connectionId: string, model: AtsModel, record: NormalizedRecord, keep?: ReadonlySet<string>): Record<string, unknown> {
  const values: Record<string, unknown> = {
    id: stableId(connectionId, model, record.remote_id),
    connection_id: connectionId,
    remote_id: record.remote_id,
    remote_deleted_at: record.remote_deleted_at ?? null,
    remote_data: record.remote_data ?? null,
  };
  const refs: Record<string, RemoteRef | null | undefined> = record.refs ?? {};
  for (const column in refs) values[column] = resolveRef(connectionId, refs[column]);
  return buildRow(MODEL_TABLES[model], record.fields, values, `ats_${model}`, keep);
}

function joinRows(connectionId: string, set: JoinSet, keep?: ReadonlySet<string>): Record<string, unknown>[] {
  const spec = JOIN_TABLES[set.join];
  const parentId = resolveRef(connectionId, set.parent);
  return set.members.map((m) => {
    const remoteId = `${set.parent.remote_id}:${m.member.remote_id}`;
    const values = {
      id: stableId(connectionId, set.join, remoteId),
      connection_id: connectionId,
      remote_id: remoteId,
      remote_deleted_at: null,
      [spec.parentColumn]: parentId,
      [spec.memberColumn]: resolveRef(connectionId, m.member),
    };
    return buildRow(spec, m.fields ?? {}, values, spec.table, keep);
  });
}

/** Last occurrence wins: one statement may not touch a row twice. */
function dedupe(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return [...new Map(rows.map((r) => [r.remote_id as string, r])).values()];
}

async function upsert(
  client: pg.ClientBase,
  spec: TableSpec,
  modelName: string,
  rows: Record<string, unknown>[],
  ctx: WriteContext,
  written?: Record<string, unknown>[],
  copied?: Set<string>,
): Promise<Omit<ModelCounts, 'failed'>> {
  const unique = dedupe(rows);
  if (ctx.bulk && ctx.intoEmpty && !ctx.seenRunId) {
    // A stream's first FULL: straight into the table. Any row already there (a record met twice in
    // the run, a row written meanwhile) fails the COPY, which is undone, and the batch goes the usual way.
    const stamp = `\t${ctx.now.toISOString()}\n`;
    if (await copyInto(client, spec, copyChunks(unique.map((r) => copyLines.get(r)!), stamp))) {
      written?.push(...unique);
      for (const r of unique) copied?.add(r.id as string);
      const upserted = unique.map((r) => ({ remote_id: r.remote_id as string, inserted: true }));
      if (ctx.changes) noteChanges(ctx.changes, modelName, upserted, unique, new Set());
      return { fetched: unique.length, created: unique.length, updated: 0, unchanged: 0, deleted: 0 };
    }
  }
  const remoteIds = unique.map((r) => r.remote_id as string);
  // Records already seen in this run were counted when they first came; they are written again
  // (the last copy wins) but not counted twice.
  const seen = ctx.seenRunId ? await markSeen(client, ctx.seenRunId, modelName, remoteIds, ctx.connectionId) : undefined;
  type Known = { remote_id: string; content_hash: string; deleted: boolean; this_run: boolean };
  let existing: Known[];
  let upserted: { remote_id: string; inserted: boolean }[] | undefined;
  if (ctx.bulk) {
    // Staged by COPY, then compared and upserted in one statement (the same rule as below).
    await stageRows(client, spec, copyChunks(unique.map((r) => copyLines.get(r)!), '\n'));
    const { rows: out } = await client.query<Known & { inserted: boolean | null }>(bulkSql(spec), [ctx.connectionId, ctx.runStartedAt ?? null, ctx.now]);
    existing = out.filter((r) => r.inserted === null);
    upserted = out.filter((r) => r.inserted !== null) as { remote_id: string; inserted: boolean }[];
  } else {
    // Only rows whose content or deletion state differs are sent: a FULL over unchanged data reads
    // hashes and writes nothing. The upsert's own WHERE still guards the comparison.
    existing = (
      await client.query<Known>(
        // A join on the unnested keys probes the unique index row by row whatever the statistics say
        // (a table filled moments ago has none, and `= ANY(...)` then scanned all of the connection's rows).
        `SELECT t.remote_id, t.content_hash, t.remote_deleted_at IS NOT NULL AS deleted, coalesce(t.changed_at >= $3, false) AS this_run
         FROM unnest($2::text[]) AS k(remote_id)
         JOIN ${spec.table} t ON t.connection_id = $1 AND t.remote_id = k.remote_id`,
        [ctx.connectionId, remoteIds, ctx.runStartedAt ?? null],
      )
    ).rows;
  }
  const known = new Map(existing.map((e) => [e.remote_id, e]));
  const firstSeen = seen ?? new Set(remoteIds.filter((id) => !known.get(id)?.this_run));
  const changed = unique.filter((r) => {
    const before = known.get(r.remote_id as string);
    return !before || before.content_hash !== r.content_hash || before.deleted !== (r.remote_deleted_at != null);
  });
  written?.push(...changed);
  const counts = { fetched: firstSeen.size, created: 0, updated: 0, unchanged: 0, deleted: 0 };
  if (changed.length > 0) {
    upserted ??= (await client.query<{ remote_id: string; inserted: boolean }>(upsertSql(spec), [JSON.stringify(changed), ctx.now])).rows;
    const deletedNow = new Set(changed.filter((r) => r.remote_deleted_at != null && known.get(r.remote_id as string)?.deleted === false).map((r) => r.remote_id as string));
    for (const { remote_id: id, inserted } of upserted) {
      if (!firstSeen.has(id)) continue;
      if (inserted) counts.created += 1;
      else counts.updated += 1;
      // A live row the partner now flags deleted: updated, and also counted among the deletions.
      if (deletedNow.has(id)) counts.deleted += 1;
    }
    if (ctx.changes) noteChanges(ctx.changes, modelName, upserted, changed, deletedNow);
  }
  counts.unchanged = counts.fetched - counts.created - counts.updated;
  return counts;
}

function noteChanges(changes: RowChanges, model: string, upserted: { remote_id: string; inserted: boolean }[], sent: Record<string, unknown>[], deletedNow: Set<string>): void {
  const bornDeleted = new Set(sent.filter((r) => r.remote_deleted_at != null).map((r) => r.remote_id as string));
  const created = (changes.created[model] ??= []);
  const deleted = (changes.deleted[model] ??= []);
  for (const { remote_id: id, inserted } of upserted) {
    if (inserted && !bornDeleted.has(id)) created.push(id);
    else if (!inserted && deletedNow.has(id)) deleted.push(id);
  }
}

/**
 * A batch's rows, built (values in column order, content hashes, COPY lines) before its transaction:
 * pure work on the mapped pages, which a sync does while the previous batch is being written.
 */
export interface PreparedBatch {
  models: [AtsModel, Record<string, unknown>[]][];
  joins: [JoinModel, { sets: JoinSet[]; rows: Record<string, unknown>[] }][];
  rules: DerivedColumn[];
  /**
   * Rows keep only what the bulk path reads: keys, hash, deletion state and the references derived
   * columns follow (their COPY lines hold the rest). A sync adds each page as it arrives, and the
   * page's raw records and mapped values can then be collected young instead of living on,
   * promoted, until the batch is written.
   */
  lean?: boolean;
  /** Characters of COPY text its rows hold (what a batch's memory grows with; the sync caps it). */
  copyChars: number;
}

export function prepareBatch(connectionId: string, pages: MappedPage[]): PreparedBatch {
  const batch = emptyPreparedBatch();
  for (const page of pages) preparePage(connectionId, page, batch);
  return batch;
}

export function emptyPreparedBatch(options: { lean?: boolean } = {}): PreparedBatch {
  return { models: [], joins: [], rules: [], copyChars: 0, ...(options.lean ? { lean: true } : {}) };
}

/** What the bulk write reads of every row. */
const LEAN_COLUMNS: ReadonlySet<string> = new Set(['id', 'connection_id', 'remote_id', 'content_hash', 'remote_deleted_at']);

/** The columns a lean row of `model` keeps: LEAN_COLUMNS, and what the page's derived columns follow from its rows. */
function leanColumns(model: AtsModel, rules: readonly DerivedColumn[]): ReadonlySet<string> {
  const follows = rules.filter((r) => r.from.model === model).map((r) => r.from.ref);
  return follows.length === 0 ? LEAN_COLUMNS : new Set([...LEAN_COLUMNS, ...follows]);
}

/** Appends a page's rows to the batch (per model and join in the order they first appear, records in page order). */
export function preparePage(connectionId: string, page: MappedPage, batch: PreparedBatch): void {
  const rules = page.derived ?? [];
  const add = (rows: Record<string, unknown>[], row: Record<string, unknown>) => {
    rows.push(row);
    batch.copyChars += copyLines.get(row)!.length;
  };
  for (const [model, records] of Object.entries(page.records) as [AtsModel, NormalizedRecord[]][]) {
    let entry = batch.models.find(([m]) => m === model);
    if (!entry) batch.models.push((entry = [model, []]));
    const keep = batch.lean ? leanColumns(model, rules) : undefined;
    for (const r of records ?? []) add(entry[1], recordRow(connectionId, model, r, keep));
  }
  for (const set of page.joins ?? []) {
    let entry = batch.joins.find(([j]) => j === set.join);
    if (!entry) batch.joins.push((entry = [set.join, { sets: [], rows: [] }]));
    // The parent alone: the members are in the rows, and the sets only say whose members they are.
    entry[1].sets.push(batch.lean ? { join: set.join, parent: set.parent, members: [] } : set);
    for (const row of joinRows(connectionId, set, batch.lean ? LEAN_COLUMNS : undefined)) add(entry[1].rows, row);
  }
  for (const rule of rules) batch.rules.push(rule);
}

/** Writes a batch of mapped pages of one stream inside the caller's transaction; returns counts per model. */
export async function writeBatch(client: pg.ClientBase, pages: MappedPage[] | PreparedBatch, ctx: WriteContext): Promise<RunCounts> {
  const batch = Array.isArray(pages) ? prepareBatch(ctx.connectionId, pages) : pages;
  // The row-by-JSON path sends every column; a lean row has only the keys.
  if (batch.lean && !ctx.bulk) throw new Error('a lean batch is written by the bulk path only');
  const counts: RunCounts = {};
  const written: WrittenRows = new Map();
  // Ids of rows COPYed straight into the table (a first FULL): the table had no row of them before.
  const copied = new Map<AtsModel, Set<string>>();
  for (const [model, rows] of batch.models) {
    if (rows.length === 0) continue;
    const sent: Record<string, unknown>[] = [];
    written.set(model, sent);
    const fresh = ctx.intoEmpty ? new Set<string>() : undefined;
    if (fresh) copied.set(model, fresh);
    addCounts(counts, model, await upsert(client, MODEL_TABLES[model], model, rows, ctx, sent, fresh));
  }
  // Derived columns move changed_at where they change, but stay out of the counts: those count what
  // the partner sent (a candidate created in this batch and given its source is one creation).
  if (batch.rules.length > 0 && !ctx.deferDerived) await applyDerivedColumns(client, batch.rules, written, ctx);

  for (const [join, { sets, rows }] of batch.joins) {
    const spec = JOIN_TABLES[join];
    if (rows.length > 0) addCounts(counts, join, await upsert(client, spec, join, rows, ctx));
    const parents = sets.map((s) => resolveRef(ctx.connectionId, s.parent));
    // A parent first stored by this batch had no members before it: none can have gone.
    const fresh = copied.get(spec.parentModel);
    if (fresh && parents.every((id) => id !== null && fresh.has(id))) continue;
    // Members a parent no longer lists are removed (soft): the sets are complete per parent.
    const { rowCount } = await client.query(
      `UPDATE ${spec.table} SET remote_deleted_at = $4, changed_at = $4
       WHERE connection_id = $1 AND "${spec.parentColumn}" = ANY($2::uuid[])
         AND remote_deleted_at IS NULL AND NOT (remote_id = ANY($3::text[]))`,
      [ctx.connectionId, parents, rows.map((r) => r.remote_id), ctx.now],
    );
    addCounts(counts, join, { deleted: rowCount ?? 0 });
  }
  return counts;
}

/**
 * Records remote ids as seen in this run (for the FULL's sweep, and so each is counted once);
 * returns those not seen before in the run.
 */
export async function markSeen(client: pg.ClientBase, runId: string, model: string, remoteIds: string[], connectionId: string): Promise<Set<string>> {
  if (remoteIds.length === 0) return new Set();
  // connection_id leads the key: the seen set lives beside the rows it is compared with.
  const { rows } = await client.query<{ remote_id: string }>(
    `INSERT INTO sync_seen (connection_id, run_id, model, remote_id) SELECT $4, $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING RETURNING remote_id`,
    [runId, model, remoteIds, connectionId],
  );
  return new Set(rows.map((r) => r.remote_id));
}

/**
 * After a FULL pass over a model that fetched every page without error: rows not seen in this run
 * are gone upstream. Seen means marked in sync_seen (records written or compared) or listed by a
 * page of the stream this run wrote or confirmed unchanged (sync_page_hashes; confirmed pages add
 * no sync_seen row). Returns how many were marked deleted; `swept`, when given, receives the rows
 * marked (their id and the given columns, e.g. the references derived columns follow).
 */
export async function sweepUnseen(
  client: pg.ClientBase,
  table: string,
  model: string,
  scope: { connectionId: string; runId: string; stream: string },
  now: Date,
  changes?: RowChanges,
  swept?: { columns: readonly string[]; rows: Record<string, unknown>[] },
): Promise<number> {
  // The unseen ids as one set difference: a hashed or sorted SetOp, never a loop per row whatever the
  // planner guesses (the seen set was just written, the pages' ids come from a function, the table
  // may have no statistics yet). Usually there are few; the update then gets them as a constant
  // array, which both its plans (probes of the key, or a scan with a hashed ANY) take in linear time.
  const { rows: gone } = await client.query<{ remote_id: string }>(
    `SELECT t.remote_id FROM ${table} t WHERE t.connection_id = $1 AND t.remote_deleted_at IS NULL
     EXCEPT SELECT s.remote_id FROM sync_seen s WHERE s.connection_id = $1 AND s.run_id = $2 AND s.model = $3
     EXCEPT SELECT e.remote_id FROM sync_page_hashes p, jsonb_array_elements_text(coalesce(p.seen -> $3, '[]')) e(remote_id)
            WHERE p.connection_id = $1 AND p.stream = $4 AND p.run_id = $2`,
    [scope.connectionId, scope.runId, model, scope.stream],
  );
  if (gone.length === 0) return 0;
  const returning = changes || swept ? `RETURNING t.remote_id, t.id${(swept?.columns ?? []).map((c) => `, t."${c}"`).join('')}` : '';
  const { rowCount, rows } = await client.query<Record<string, unknown> & { remote_id: string }>(
    `UPDATE ${table} t SET remote_deleted_at = $3, changed_at = $3
     WHERE t.connection_id = $1 AND t.remote_id = ANY($2::text[]) AND t.remote_deleted_at IS NULL
     ${returning}`,
    [scope.connectionId, gone.map((r) => r.remote_id), now],
  );
  if (changes) {
    const deleted = (changes.deleted[model] ??= []);
    for (const r of rows) deleted.push(r.remote_id);
  }
  swept?.rows.push(...rows);
  return rowCount ?? 0;
}
