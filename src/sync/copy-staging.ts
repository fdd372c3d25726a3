import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { TableSpec } from './model-tables.js';

/**
 * The sync's bulk write path: a batch's rows go to PostgreSQL as COPY text into a temporary staging
 * table of the session (no indexes, no WAL), and one INSERT … SELECT … ON CONFLICT moves them into
 * the model table. Cheaper than a JSON document parsed back with jsonb_to_recordset: Node renders
 * each value once (the JSON it hashed), PostgreSQL parses plain text per column.
 *
 * A staging table lives as long as the database session (ON COMMIT DELETE ROWS empties it at each
 * commit, a rollback discards its rows). Which sessions have which tables is remembered per pool
 * client; a table created in a transaction that rolled back is gone, so a creation only counts once
 * `settle()` saw its transaction commit. Until then each use creates it again (IF NOT EXISTS).
 */
interface SessionTables {
  /** Created by a committed transaction of this session. */
  exists: Set<string>;
  /** Created in the open transaction. */
  pending: Set<string>;
  /** Filled in the open transaction (a second use empties it first). */
  used: Set<string>;
}

const sessions = new WeakMap<pg.ClientBase, SessionTables>();

function session(client: pg.ClientBase): SessionTables {
  let s = sessions.get(client);
  if (!s) sessions.set(client, (s = { exists: new Set(), pending: new Set(), used: new Set() }));
  return s;
}

const q = (c: string) => `"${c}"`;

/** The staging table of a model table (in the session's temporary schema). */
export function stagingTable(spec: TableSpec): string {
  return `pg_temp."sync_stage_${spec.table}"`;
}

/** Creates the staging table of `spec` in this session unless it exists. */
export function stagingDdl(spec: TableSpec): string {
  return `CREATE TEMP TABLE IF NOT EXISTS "sync_stage_${spec.table}" (${spec.columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')}) ON COMMIT DELETE ROWS`;
}

/** After COMMIT (`committed`) or ROLLBACK of a transaction that may have staged rows on this client. */
export function settleStaging(client: pg.ClientBase, committed: boolean): void {
  const s = sessions.get(client);
  if (!s) return;
  if (committed) for (const t of s.pending) s.exists.add(t);
  s.pending.clear();
  s.used.clear();
}

/** COPY text format: backslash, newline, carriage return and tab escaped; NUL cannot be sent (as with jsonb). */
function escapeText(s: string): string {
  return /[\\\n\r\t]/.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t')) : s;
}

/** JSON never holds a raw newline, carriage return or tab: only its backslashes need doubling. */
function escapeJson(s: string): string {
  return s.includes('\\') ? s.replace(/\\/g, '\\\\') : s;
}

/**
 * One column value as COPY text, the way jsonb_to_recordset read it from the row's JSON before:
 * null (and JSON null in a jsonb column) is NULL, jsonb columns take the value's JSON, others its text.
 * `json` is the value's JSON when the caller already has it.
 */
export function copyValue(value: unknown, type: string, json?: string): string {
  if (value === null || value === undefined) return '\\N';
  if (type === 'jsonb' || type === 'json') return escapeJson(json ?? JSON.stringify(value));
  if (typeof value === 'string') return escapeText(value);
  // A Date's JSON is its ISO text in quotes (an invalid Date's is null: NULL, as before through JSON).
  if (value instanceof Date) return json === undefined ? value.toISOString() : json === 'null' ? '\\N' : json.slice(1, -1);
  if (typeof value === 'object') return escapeText(json ?? JSON.stringify(value));
  return escapeText(String(value));
}

/** COPY data is sent in pieces of about this many characters: no batch-sized string or buffer is built. */
const COPY_CHUNK_CHARS = 64 * 1024;

/**
 * The COPY data of a batch: each line followed by `end` (its newline, or the rest of its columns
 * and the newline), joined into pieces of about 64 KiB as the stream asks for them. Joining the
 * batch into one text and copying that into one buffer held three copies of its lines at once.
 */
export function* copyChunks(lines: Iterable<string>, end: string): Generator<Buffer> {
  let chunk = '';
  for (const line of lines) {
    chunk += line + end;
    if (chunk.length >= COPY_CHUNK_CHARS) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (chunk) yield Buffer.from(chunk);
}

/** Empties (or creates) the staging table of `spec` in this transaction and COPYs `data` (copyChunks) into it. */
export async function stageRows(client: pg.ClientBase, spec: TableSpec, data: Iterable<Buffer>): Promise<void> {
  const s = session(client);
  const table = stagingTable(spec);
  if (s.used.has(spec.table)) {
    await client.query(`TRUNCATE ${table}`);
  } else if (!s.exists.has(spec.table) && !s.pending.has(spec.table)) {
    await client.query(stagingDdl(spec));
    s.pending.add(spec.table);
  }
  s.used.add(spec.table);
  const copy = client.query(copyFrom(`COPY ${table} (${spec.columns.map((c) => q(c.name)).join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(data), copy);
}

/**
 * COPYs rows (`data`: copyChunks of lines of the table's columns then changed_at) straight into the
 * model table, inside a savepoint. False, with nothing written, when a row's key is already there
 * (unique violation): the caller then takes the staging path. Other errors are thrown.
 */
export async function copyInto(client: pg.ClientBase, spec: TableSpec, data: Iterable<Buffer>): Promise<boolean> {
  await client.query('SAVEPOINT sync_copy_into');
  try {
    const copy = client.query(copyFrom(`COPY ${spec.table} (${spec.columns.map((c) => q(c.name)).join(', ')}, changed_at) FROM STDIN`));
    await pipeline(Readable.from(data), copy);
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    await client.query('ROLLBACK TO SAVEPOINT sync_copy_into');
    return false;
  }
  await client.query('RELEASE SAVEPOINT sync_copy_into');
  return true;
}
