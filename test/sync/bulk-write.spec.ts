import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { CANDIDATE_SOURCE } from '../../src/connectors/ashby/mappers/derived.js';
import type { MappedPage } from '../../src/connectors/connector.js';
import { createPool } from '../../src/database/pool.js';
import { contentHash } from '../../src/sync/content-hash.js';
import { settleStaging } from '../../src/sync/copy-staging.js';
import { MODEL_TABLES } from '../../src/sync/model-tables.js';
import { emptyPreparedBatch, preparePage, writeBatch, type PreparedBatch, type RowChanges, type RunCounts, type WriteContext } from '../../src/sync/record-writer.js';
import { StatementCapture } from '../perf/statement-capture.js';
import { insertConnectionRow } from '../support/connection-row.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * The sync's bulk write path (COPY into a session staging table, then one compare-and-upsert
 * statement) stores exactly what the JSON path stores: the same columns, the same content hashes,
 * the same counts, the same changed_at moves, for awkward values too.
 */
let db: TestDatabase;
let pool: pg.Pool;
let bulkConnection: string;
let jsonConnection: string;

const AWKWARD = 'tab\there, new\nline, cr\rreturn, back\\slash, "quotes", \\N, \\., é ☃ 𝄞';

function pages(variant: string): MappedPage[] {
  return [
    {
      records: {
        candidates: [
          {
            remote_id: 'c1',
            fields: {
              first_name: AWKWARD,
              last_name: variant,
              company: null,
              confidential: true,
              source: 'Own',
              email_addresses: [{ email_address: 'a\\b@example.com', type: 'PERSONAL' }],
              location: { city: 'Tab\tCity', note: 'line\nbreak "q" \\ end' },
              custom_fields: { n: 1.5, big: 1e21, s: 'x\ty', nested: { a: [null, true, '\\'] } },
              remote_created_at: new Date('2026-01-02T03:04:05.678Z'),
              remote_updated_at: '2026-01-03T00:00:00.000Z' as unknown as Date,
            },
            remote_data: { raw: AWKWARD, v: variant, list: [1, 'two', { three: null }] },
          },
          // Fallbacks: NOT NULL jsonb columns left out get their defaults; a JSON string in a jsonb column stays one.
          { remote_id: 'c2', fields: { first_name: null, title: undefined }, remote_data: 'just a string' },
          { remote_id: 'c3', fields: { first_name: 'Deleted' }, remote_deleted_at: new Date('2026-02-01T00:00:00Z') },
        ],
        applications: [
          {
            remote_id: 'a1',
            fields: { custom_fields: { source: 'Referral' }, remote_created_at: new Date('2026-01-01T00:00:00Z'), outcome: 'PENDING' },
            refs: { candidate_id: { model: 'candidates', remote_id: 'c2' } },
          },
        ],
      },
      joins: [{ join: 'candidate_tags', parent: { model: 'candidates', remote_id: 'c1' }, members: [{ member: { model: 'tags', remote_id: 't\t1' } }, { member: { model: 'tags', remote_id: 't2' } }] }],
      derived: [CANDIDATE_SOURCE],
    },
  ];
}

const capture = new StatementCapture().install();
afterAll(() => capture.uninstall());

let clock = Date.parse('2026-03-01T00:00:00Z');

async function write(connectionId: string, bulk: boolean, batch: MappedPage[] | PreparedBatch, extra: Partial<WriteContext> = {}): Promise<RunCounts> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const counts = await writeBatch(client, batch, { connectionId, seenRunId: null, now: new Date((clock += 1000)), bulk, ...extra });
    await client.query('COMMIT');
    settleStaging(client, true);
    return counts;
  } catch (error) {
    // Never hand the pool a client inside a transaction: the next test's statements would join it.
    await client.query('ROLLBACK');
    settleStaging(client, false);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Every column but the connection's own id and the ids derived from it (and, where a row holds a
 * reference, its hash, which covers the referenced id).
 */
async function stored(connectionId: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const table of ['ats_candidates', 'ats_applications', 'ats_candidate_tags']) {
    const { rows } = await pool.query(`SELECT * FROM ${table} WHERE connection_id = $1 ORDER BY remote_id`, [connectionId]);
    for (const { id: _id, connection_id: _c, candidate_id: _cand, tag_id: _tag, content_hash, ...rest } of rows) {
      out.push({ table, ...rest, ...(table === 'ats_candidates' ? { content_hash } : {}) });
    }
  }
  return out;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, { max: 2 });
  const secrets = new SecretBox(randomBytes(32));
  bulkConnection = await insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
  jsonConnection = await insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('bulk write path', () => {
  it('stores the same rows, hashes and counts as the JSON path, and rewrites only what changed', async () => {
    const bulkCounts = await write(bulkConnection, true, pages('one'));
    const jsonCounts = await write(jsonConnection, false, pages('one'));
    expect(bulkCounts).toEqual(jsonCounts);
    expect(bulkCounts.candidates).toMatchObject({ fetched: 3, created: 3 });
    expect(bulkCounts.candidate_tags).toMatchObject({ fetched: 2, created: 2 });
    const rows = await stored(bulkConnection);
    expect(rows.map(({ changed_at: _ignored, ...r }) => r)).toEqual((await stored(jsonConnection)).map(({ changed_at: _ignored, ...r }) => r));
    const c1 = rows.find((r) => r.remote_id === 'c1')!;
    expect(c1.first_name).toBe(AWKWARD);
    expect(c1.location).toEqual({ city: 'Tab\tCity', note: 'line\nbreak "q" \\ end' });
    expect(rows.find((r) => r.remote_id === 'c2')).toMatchObject({ remote_data: 'just a string', email_addresses: [], custom_fields: {}, source: 'Referral' });
    expect(rows.find((r) => r.remote_id === 't\t1' || r.remote_id === 'c1:t\t1')).toBeDefined();

    // The same batch again: nothing written; one field changed: that row only, on both paths.
    const again = await write(bulkConnection, true, pages('one'));
    expect(again.candidates).toMatchObject({ fetched: 3, created: 0, updated: 0, unchanged: 3 });
    const changed = await write(bulkConnection, true, pages('two'));
    const changedJson = await write(jsonConnection, false, pages('two'));
    expect(changed).toEqual(changedJson);
    expect(changed.candidates).toMatchObject({ updated: 1, unchanged: 2 });
    const after = await stored(bulkConnection);
    const strip = (all: Record<string, unknown>[]) => all.map(({ changed_at: _ignored, ...r }) => r);
    expect(strip(after)).toEqual(strip(await stored(jsonConnection)));
    const moved = after.filter((r) => (r.changed_at as Date).getTime() !== rows.find((b) => b.table === r.table && b.remote_id === r.remote_id)!.changed_at!.valueOf());
    expect(moved.map((r) => r.remote_id)).toEqual(['c1']);
  });

  it('a lean batch, built page by page as a sync builds it, stores what the full one stores, into an empty table and through staging; the JSON path refuses it and writes nothing', async () => {
    const secrets = new SecretBox(randomBytes(32));
    const [leanEmpty, fullEmpty, leanStaged, fullStaged, refused] = await Promise.all(
      [1, 2, 3, 4, 5].map(() => insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' })),
    );
    // An invalid Date goes in as NULL on every path (what its JSON, null, always meant).
    const withBadDate = (): MappedPage[] => [...pages('one'), { records: { candidates: [{ remote_id: 'c4', fields: { first_name: 'Bad date', remote_created_at: new Date(Number.NaN) } }] } }];
    const lean = (connectionId: string): PreparedBatch => {
      const batch = emptyPreparedBatch({ lean: true });
      for (const page of withBadDate()) preparePage(connectionId, page, batch);
      return batch;
    };
    const strip = (all: Record<string, unknown>[]) => all.map(({ changed_at: _ignored, ...r }) => r);

    const intoEmpty = { intoEmpty: true };
    expect(await write(leanEmpty, true, lean(leanEmpty), intoEmpty)).toEqual(await write(fullEmpty, true, withBadDate(), intoEmpty));
    expect(strip(await stored(leanEmpty))).toEqual(strip(await stored(fullEmpty)));

    for (const connectionId of [leanStaged, fullStaged]) await write(connectionId, true, pages('two'));
    expect(await write(leanStaged, true, lean(leanStaged))).toEqual(await write(fullStaged, true, withBadDate()));
    const staged = await stored(leanStaged);
    expect(strip(staged)).toEqual(strip(await stored(fullStaged)));
    expect(staged.find((r) => r.remote_id === 'c2')).toMatchObject({ source: 'Referral' }); // the derived column followed the lean application's candidate_id
    expect(staged.find((r) => r.remote_id === 'c4')).toMatchObject({ first_name: 'Bad date', remote_created_at: null });
    expect(strip(staged)).toEqual(strip(await stored(leanEmpty)));

    await expect(write(refused, false, lean(refused))).rejects.toThrow('a lean batch is written by the bulk path only');
    expect(await stored(refused)).toEqual([]);
  });

  it('a batch whose COPY text spans many 64 KiB pieces is stored exactly, into an empty table and through staging', async () => {
    const secrets = new SecretBox(randomBytes(32));
    const [bulkEmpty, bulkStaged, json] = await Promise.all([1, 2, 3].map(() => insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' })));
    // ~600 KiB of COPY text: multi-byte characters and escapes land on every side of the pieces' edges.
    const big = (variant: string): MappedPage[] => [
      {
        records: {
          candidates: Array.from({ length: 400 }, (_, i) => ({
            remote_id: `big-${i}`,
            fields: { first_name: `${AWKWARD} ${i} ${'é☃𝄞'.repeat(i % 50)}`, last_name: variant },
            remote_data: { id: `big-${i}`, note: `${'x\t\n'.repeat(200)} ${i}` },
          })),
        },
      },
    ];
    const batch = emptyPreparedBatch({ lean: true });
    for (const page of big('one')) preparePage(bulkEmpty, page, batch);
    expect(batch.copyChars).toBeGreaterThan(8 * 64 * 1024);
    const strip = (all: Record<string, unknown>[]) => all.map(({ changed_at: _ignored, ...r }) => r);

    expect((await write(bulkEmpty, true, batch, { intoEmpty: true })).candidates).toMatchObject({ created: 400 });
    await write(json, false, big('one'));
    expect(strip(await stored(bulkEmpty))).toEqual(strip(await stored(json)));

    await write(bulkStaged, true, big('zero'));
    expect((await write(bulkStaged, true, big('one'))).candidates).toMatchObject({ updated: 400 });
    expect(strip(await stored(bulkStaged))).toEqual(strip(await stored(json)));
  });

  it('a row hashes as JSON.stringify of its content did before (stored hashes stay valid)', async () => {
    // The writer's former rule, verbatim: the row in column order, identity columns left undefined.
    const spec = MODEL_TABLES.candidates;
    const input = pages('two')[0].records.candidates![0];
    const values: Record<string, unknown> = { remote_deleted_at: null, remote_data: input.remote_data };
    const before: Record<string, unknown> = {};
    for (const { name, fallback } of spec.columns) {
      before[name] = ['id', 'connection_id', 'remote_id', 'content_hash'].includes(name) ? undefined : (values[name] ?? (input.fields as Record<string, unknown>)[name] ?? fallback);
    }
    const [row] = (await pool.query(`SELECT content_hash FROM ats_candidates WHERE connection_id = $1 AND remote_id = 'c1'`, [bulkConnection])).rows;
    expect(row.content_hash).toBe(contentHash(before));
  });

  it('a staging table created in a transaction that rolled back is created again; two batches in one transaction each stage their own rows', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const connectionId = await insertConnectionRow(pool, new SecretBox(randomBytes(32)), { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    const one = (id: string): MappedPage[] => [{ records: { candidates: [{ remote_id: id, fields: { first_name: id } }] } }];
    const ctx = () => ({ connectionId, seenRunId: null, now: new Date((clock += 1000)), bulk: true });
    try {
      await client.query('BEGIN');
      await writeBatch(client, one('r1'), ctx());
      await client.query('ROLLBACK');
      settleStaging(client, false);
      await client.query('BEGIN');
      expect((await writeBatch(client, one('r2'), ctx())).candidates).toMatchObject({ created: 1 });
      expect((await writeBatch(client, one('r3'), ctx())).candidates).toMatchObject({ fetched: 1, created: 1 });
      await client.query('COMMIT');
      settleStaging(client, true);
      await client.query('BEGIN');
      expect((await writeBatch(client, one('r2'), ctx())).candidates).toMatchObject({ fetched: 1, unchanged: 1 });
      await client.query('COMMIT');
      settleStaging(client, true);
    } finally {
      await client.end();
    }
    const { rows } = await pool.query(`SELECT remote_id FROM ats_candidates WHERE connection_id = $1 ORDER BY 1`, [connectionId]);
    expect(rows.map((r) => r.remote_id)).toEqual(['r2', 'r3']);
  });

  it("a stream's first FULL COPYs straight into the table: same rows, hashes, counts and events; a row already there sends the batch the usual way", async () => {
    const secrets = new SecretBox(randomBytes(32));
    const direct = await insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    const usual = await insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    const copies = () => capture.statements.filter((s) => /^COPY ats_/.test(s.text)).map((s) => s.text.split(' ')[1]);
    const changes = (): RowChanges => ({ created: {}, deleted: {} });
    const directChanges = changes();
    const usualChanges = changes();
    capture.statements.length = 0;
    capture.start();
    let directCounts: RunCounts;
    try {
      directCounts = await write(direct, true, pages('one'), { intoEmpty: true, changes: directChanges });
    } finally {
      capture.stop();
    }
    expect(copies().sort()).toEqual(['ats_applications', 'ats_candidate_tags', 'ats_candidates']);
    expect(capture.statements.some((s) => /sync_stage_/.test(s.text))).toBe(false);
    const usualCounts = await write(usual, true, pages('one'), { changes: usualChanges });
    expect(directCounts).toEqual(usualCounts);
    // Announced the same (in any order: an upsert returns its rows in no particular one).
    const sorted = (c: RowChanges) => JSON.stringify(c, (_k, v: unknown) => (Array.isArray(v) ? [...(v as string[])].sort() : v));
    expect(sorted(directChanges)).toEqual(sorted(usualChanges));
    expect(directChanges.created.candidates).toEqual(['c1', 'c2']); // c3 was born deleted
    const strip = (all: Record<string, unknown>[]) => all.map(({ changed_at: _ignored, ...r }) => r);
    expect(strip(await stored(direct))).toEqual(strip(await stored(usual)));
    // The derived source was filled in after the COPY, as after the upsert.
    expect((await stored(direct)).find((r) => r.remote_id === 'c2')).toMatchObject({ source: 'Referral' });

    // A batch holding a row already stored (met again in the run): the COPY is undone, the usual way counts exactly.
    const next = pages('two');
    next[0].records.candidates!.push({ remote_id: 'c9', fields: { first_name: 'New' } });
    capture.statements.length = 0;
    capture.start();
    let again: RunCounts;
    try {
      again = await write(direct, true, next, { intoEmpty: true });
    } finally {
      capture.stop();
    }
    expect(capture.statements.some((s) => /ROLLBACK TO SAVEPOINT/.test(s.text))).toBe(true);
    expect(again.candidates).toMatchObject({ fetched: 4, created: 1, updated: 1, unchanged: 2, failed: 0 });
    expect(again).toEqual(await write(usual, true, next));
    expect(strip(await stored(direct))).toEqual(strip(await stored(usual)));
  });

  it("a first FULL's batch runs no member-removal for parents it stored first, and a parent met again later in the run loses the member it no longer lists", async () => {
    const connection = await insertConnectionRow(pool, new SecretBox(randomBytes(32)), { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    const tagged = (id: string, tags: string[]): MappedPage => ({
      records: { candidates: [{ remote_id: id, fields: { first_name: id } }] },
      joins: [{ join: 'candidate_tags', parent: { model: 'candidates', remote_id: id }, members: tags.map((t) => ({ member: { model: 'tags' as const, remote_id: t } })) }],
    });
    const removals = async (pages: MappedPage[]) => {
      capture.statements.length = 0;
      capture.start();
      try {
        const counts = await write(connection, true, pages, { intoEmpty: true });
        return { counts, removals: capture.statements.filter((s) => /UPDATE ats_candidate_tags SET remote_deleted_at/.test(s.text)).length };
      } finally {
        capture.stop();
      }
    };
    const live = async () =>
      (await pool.query<{ remote_id: string }>(`SELECT remote_id FROM ats_candidate_tags WHERE connection_id = $1 AND remote_deleted_at IS NULL ORDER BY remote_id`, [connection])).rows.map((r) => r.remote_id);
    expect((await removals([tagged('x1', ['t1', 't2']), tagged('x2', ['t1'])])).removals).toBe(0);
    expect(await live()).toEqual(['x1:t1', 'x1:t2', 'x2:t1']);
    // x1 again (its row is there: the batch goes the usual way) with one tag fewer, beside a new x3.
    const again = await removals([tagged('x1', ['t1']), tagged('x3', ['t2'])]);
    expect(again.removals).toBe(1);
    expect(again.counts.candidate_tags).toMatchObject({ deleted: 1 });
    expect(await live()).toEqual(['x1:t1', 'x2:t1', 'x3:t2']);
  });
});
