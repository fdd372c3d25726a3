import pg from 'pg';
import { DataSource } from 'typeorm';
import protocolParser from 'pg-protocol/dist/parser.js';
import { AtsReadService } from '../../src/ats-api/ats-read.service.js';
import { poolOf } from '../../src/database/pool-of.js';
import { createRawTextPool, rawTextParser } from '../../src/database/raw-text-pool.js';
import { startTestApp } from '../support/test-app.js';
import { AtsFixtures, createConnection } from './support/ats-fixtures.js';

/*
 * The bytes pool (src/database/raw-text-pool.ts) hooks into pg-protocol's parser. These checks fail
 * on a pg or pg-protocol upgrade that changes what it relies on, so a page can never come out wrong.
 */

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TEXT = 25;
const INT4 = 23;
const JSON_OID = 114;

type Parsed = { name: string; fields?: unknown[] } & Record<string, unknown>;
type AnyParser = { parse(buffer: Buffer, callback: (message: Parsed) => void): void };
const PgParser = (protocolParser as unknown as { Parser: new () => AnyParser }).Parser;

function message(code: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(code, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function rowDescription(columns: [name: string, oid: number][]): Buffer {
  const parts = [Buffer.from([columns.length >> 8, columns.length & 0xff])];
  for (const [name, oid] of columns) {
    const field = Buffer.alloc(18);
    field.writeInt32BE(0, 0); // table
    field.writeInt16BE(0, 4); // column
    field.writeInt32BE(oid, 6);
    field.writeInt16BE(-1, 10); // size
    field.writeInt32BE(-1, 12); // modifier
    field.writeInt16BE(0, 16); // text format
    parts.push(Buffer.from(`${name}\0`), field);
  }
  return message('T', Buffer.concat(parts));
}

function dataRow(values: (string | null)[]): Buffer {
  const parts = [Buffer.from([values.length >> 8, values.length & 0xff])];
  for (const value of values) {
    const length = Buffer.alloc(4);
    if (value === null) {
      length.writeInt32BE(-1);
      parts.push(length);
    } else {
      const bytes = Buffer.from(value, 'utf8');
      length.writeInt32BE(bytes.length);
      parts.push(length, bytes);
    }
  }
  return message('D', Buffer.concat(parts));
}

const readyForQuery = message('Z', Buffer.from('I'));

/** Every message `parser` reads from `wire` fed in chunks of `chunk` bytes. */
function parseAll(parser: AnyParser, wire: Buffer, chunk = wire.length): Parsed[] {
  const messages: Parsed[] = [];
  for (let at = 0; at < wire.length; at += chunk) parser.parse(wire.subarray(at, at + chunk), (m) => messages.push(m));
  return messages;
}

const SAMPLES = ['', 'plain ascii', 'Zürich “quoted” \\ back\\slash \u2028\u2029', '😀 🏳️‍🌈 𝄞 山田', '{"a":"\\u0000\\n"}', 'x'.repeat(70_000) + 'é'];

describe('bytes pool: pg-protocol internals it relies on', () => {
  const columns: [string, number][] = [['fetched', INT4], ['results', TEXT], ['other', TEXT], ['note', TEXT]];
  const rows = SAMPLES.map((s, i) => [String(i), s, s, i % 2 ? null : s]);
  const wire = Buffer.concat([rowDescription(columns), ...rows.map(dataRow), readyForQuery, dataRow(['1', 'after', 'after', null])]);

  it('still has Parser#handlePacket(offset, code, length, bytes) on the exports parse() reads', () => {
    expect(typeof PgParser).toBe('function');
    const handlePacket = (PgParser.prototype as unknown as { handlePacket?: unknown }).handlePacket;
    expect(typeof handlePacket).toBe('function');
    expect((handlePacket as (...args: unknown[]) => unknown).length).toBe(4);
  });

  it('parses every message as pg-protocol does, but the raw columns as copies of their bytes', () => {
    const Raw = rawTextParser(new Set(['results', 'note']));
    for (const chunk of [wire.length, 4096, 7, 1]) {
      const expected = parseAll(new PgParser(), wire, chunk);
      const got = parseAll(new Raw() as unknown as AnyParser, wire, chunk);
      expect(got.map((m) => m.name)).toEqual(expected.map((m) => m.name));
      got.forEach((m, i) => {
        const fields = m.name === 'dataRow' && i <= rows.length ? [m.fields![0], String(m.fields![1]), m.fields![2], m.fields![3] === null ? null : String(m.fields![3])] : m.fields;
        expect({ ...m, fields }).toEqual(expected[i]);
        if (m.name === 'dataRow' && i <= rows.length) {
          expect(Buffer.isBuffer(m.fields![1])).toBe(true);
          expect((m.fields![1] as Buffer).equals(Buffer.from(rows[i - 1][1]!, 'utf8'))).toBe(true);
          expect(typeof m.fields![2]).toBe('string');
        }
      });
      // After ReadyForQuery, a row without a description of its own is pg-protocol's again.
      expect(got[got.length - 1]).toEqual(expected[expected.length - 1]);
    }
  });

  it('parses exactly as pg-protocol when no column is raw, or the named one is not text', () => {
    const wireJson = Buffer.concat([rowDescription([['results', JSON_OID]]), dataRow(['{"a":1}']), readyForQuery]);
    for (const [names, bytes] of [[['absent'], wire], [['results'], wireJson]] as const) {
      const Raw = rawTextParser(new Set(names));
      expect(parseAll(new Raw() as unknown as AnyParser, bytes, 5)).toEqual(parseAll(new PgParser(), bytes, 5));
    }
  });

  it('keeps a raw field intact when the parser reuses its buffer for the next messages', () => {
    const Raw = rawTextParser(new Set(['results']));
    const parser = new Raw() as unknown as AnyParser;
    const first = dataRow(['A'.repeat(100)]);
    const second = dataRow(['B'.repeat(30)]);
    const got: Parsed[] = [];
    // The first row and the start of the second in one read, the rest in the next: pg-protocol moves
    // the second row's start to the front of the first read's buffer, over the first row's bytes.
    parser.parse(rowDescription([['results', TEXT]]), (m) => got.push(m));
    parser.parse(Buffer.concat([first, second.subarray(0, 10)]), (m) => got.push(m));
    parser.parse(second.subarray(10), (m) => got.push(m));
    expect(got.map((m) => (m.name === 'dataRow' ? String(m.fields![0]) : m.name))).toEqual(['rowDescription', 'A'.repeat(100), 'B'.repeat(30)]);
  });
});

describe('bytes pool: against PostgreSQL', () => {
  const plain = new pg.Pool({ connectionString: URL, max: 3, application_name: 'ats-sync-raw-spec' });
  const raw = createRawTextPool(plain.options, ['results']);
  afterAll(async () => {
    await raw.end();
    await plain.end();
  });

  it('keeps the settings it was made with', async () => {
    expect(raw.options.max).toBe(3);
    expect((await raw.query(`SELECT current_setting('application_name') AS name`)).rows[0].name).toBe('ats-sync-raw-spec');
  });

  it('gives the results column as the bytes of the text pg would give, other columns as pg gives them', async () => {
    const statement = (name?: string) => ({
      name,
      text: `SELECT $1::text AS results, $1::text AS other, 7::int AS fetched, '{"a":[1]}'::json AS j, gen_random_uuid() IS NOT NULL AS ok, NULL::text AS last_id`,
    });
    for (const sample of SAMPLES) {
      for (const name of [undefined, 'raw_spec_named', 'raw_spec_named']) {
        const [bytes] = (await raw.query({ ...statement(name), values: [sample] })).rows;
        const [text] = (await plain.query({ ...statement(name), values: [sample] })).rows;
        expect(Buffer.isBuffer(bytes.results)).toBe(true);
        expect((bytes.results as Buffer).equals(Buffer.from(text.results as string, 'utf8'))).toBe(true);
        expect({ ...bytes, results: text.results }).toEqual(text);
      }
    }
  });

  it('handles null, array rows, several statements and errors as pg does', async () => {
    expect((await raw.query(`SELECT NULL::text AS results`)).rows[0].results).toBeNull();
    const array = await raw.query({ text: `SELECT 'é'::text AS results, 'é'::text AS x`, rowMode: 'array' });
    expect([Buffer.isBuffer(array.rows[0][0]), array.rows[0][1]]).toEqual([true, 'é']);
    const several = (await raw.query(`SELECT 'a'::text AS results; SELECT 2 AS results, 'b'::text AS other`)) as unknown as pg.QueryResult[];
    expect([Buffer.isBuffer(several[0].rows[0].results), several[1].rows[0]]).toEqual([true, { results: 2, other: 'b' }]);
    await expect(raw.query(`SELECT 'x'::text AS results, 1 / 0 AS boom`)).rejects.toThrow('division by zero');
    expect(String((await raw.query(`SELECT 'still fine'::text AS results`)).rows[0].results)).toBe('still fine');
  });

  it('leaves every other pg client alone', async () => {
    await raw.query('SELECT 1');
    expect((protocolParser as unknown as { Parser: unknown }).Parser).toBe(PgParser);
    const client = new pg.Client({ connectionString: URL });
    await client.connect();
    try {
      expect((await client.query(`SELECT 'é'::text AS results`)).rows[0].results).toBe('é');
    } finally {
      await client.end();
    }
  });
});

describe('bytes pool: the read service’s', () => {
  it('copies TypeORM’s pool settings and is closed with the app', async () => {
    const t = await startTestApp();
    try {
      const f = new AtsFixtures(t.db, await createConnection(t.db));
      await f.candidate('c1');
      const reads = t.app.get(AtsReadService);
      expect((await t.http().get('/v1/ats/candidates').set({ ...t.admin, 'X-Connection-Id': f.connectionId })).status).toBe(200);
      const pools = { bytesPool: (reads as unknown as { bytesPool: pg.Pool }).bytesPool, typeorm: poolOf(t.app.get(DataSource)) };
      const { password: _bytesPassword, Client: _raw, ...bytesOptions } = pools.bytesPool.options as pg.PoolConfig & { Client?: unknown };
      const { password: _password, Client: _pg, ...typeormOptions } = pools.typeorm.options as pg.PoolConfig & { Client?: unknown };
      expect(bytesOptions).toEqual(typeormOptions);
      expect(pools.bytesPool.options.password).toBe(pools.typeorm.options.password);
      expect(pools.bytesPool.totalCount).toBeGreaterThan(0);
      await t.app.close();
      expect(pools.bytesPool.totalCount).toBe(0);
      expect((pools.bytesPool as unknown as { ending: boolean }).ending).toBe(true);
    } finally {
      await t.db.drop();
    }
  });
});
