import pg from 'pg';
import { candidatesModel } from '../../src/ats-api/models/index.js';
import { buildPageQuery } from '../../src/ats-api/sql/list-sql.js';
import { MirrorRepository } from '../../src/ats-writes/mirror.repository.js';
import { StatementCapture } from '../perf/statement-capture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * An address lookup reads the email index for its connection only. While that GIN index lacked
 * connection_id, the planner (which guesses 0.5% of the table for any address: all distinct, no
 * element statistics) ANDed it with a bitmap of the whole connection from a (connection_id, …)
 * btree: every lookup in a smaller connection read all of that connection's index entries, and a
 * reused generic plan did so in every connection. The plans of the read API's email page and of the
 * write path's lookups (the duplicate check, the match by email) are checked on two connections of
 * unequal size, planned per call and generic (the plan a reused prepared statement gets).
 */
type PlanNode = { 'Node Type': string; 'Index Name'?: string; 'Index Cond'?: string; 'Relation Name'?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('email and phone lookups: one index scan within the connection', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const big = '6f1e3c2a-0000-4000-8000-00000000000a';
  const small = '6f1e3c2a-0000-4000-8000-00000000000b';

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    for (const [id, n] of [
      [big, 40000],
      [small, 8000],
    ] as const) {
      await client.query(`INSERT INTO connections (id, provider, credentials_encrypted) VALUES ($1, 'ashby', 'x')`, [id]);
      await client.query(
        `INSERT INTO ats_candidates (id, connection_id, remote_id, changed_at, content_hash, first_name, last_name, email_addresses, phone_numbers)
         SELECT gen_random_uuid(), $1, n::text, now(), md5(n::text), 'Ada', 'Doe' || n,
                jsonb_build_array(jsonb_build_object('email_address', 'cand' || n || '@' || $2 || '.example', 'type', 'PERSONAL')),
                jsonb_build_array(jsonb_build_object('phone_number', '+49 30 ' || (1000000 + n), 'type', 'MOBILE'))
         FROM generate_series(1, $3::int) n`,
        [id, id.slice(-1), n],
      );
    }
    await client.query('ANALYZE ats_candidates');
  }, 120_000);

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  /** A parameter as a literal of EXECUTE (its type is the one PREPARE inferred). */
  const literal = (v: unknown): string =>
    v === null ? 'NULL' : Array.isArray(v) ? client.escapeLiteral(`{${v.map((e) => `"${e}"`).join(',')}}`) : client.escapeLiteral(String(v));

  async function plan(sql: string, values: unknown[], generic: boolean): Promise<PlanNode[]> {
    await client.query(`SET plan_cache_mode = ${generic ? 'force_generic_plan' : 'force_custom_plan'}`);
    await client.query('DEALLOCATE ALL');
    // PREPARE + EXPLAIN EXECUTE: the plan a prepared statement gets, generic or for these values.
    await client.query(`PREPARE lookup AS ${sql}`);
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE lookup(${values.map(literal).join(', ')})`);
    return nodes(rows[0]['QUERY PLAN'][0].Plan);
  }

  /** The statement a MirrorRepository call sends (run once through a capture). */
  async function mirrorStatement(call: (mirror: MirrorRepository) => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
    const capture = new StatementCapture().install();
    try {
      capture.start();
      await call(new MirrorRepository(client));
    } finally {
      capture.uninstall();
    }
    expect(capture.statements).toHaveLength(1);
    return capture.statements[0];
  }

  /**
   * Each `lookups` index is scanned with connection_id in its condition, nothing is ANDed with a
   * connection-wide bitmap, and no other way into the table is taken (but `also`, and the primary key).
   */
  function expectOneScanPerConnection(found: PlanNode[], lookups: string[], also: string[] = []): void {
    expect(found.filter((n) => n['Node Type'] === 'BitmapAnd')).toEqual([]);
    for (const index of lookups) {
      const scans = found.filter((n) => n['Index Name'] === index);
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) expect(scan['Index Cond']).toMatch(/connection_id = /);
    }
    const allowed = new Set([...lookups, ...also, 'ats_candidates_pkey']);
    const others = found.filter((n) => n['Relation Name'] === 'ats_candidates' || (n['Index Name'] ?? '').startsWith('ix_ats_candidates_'));
    expect(others.filter((n) => n['Node Type'] === 'Seq Scan' || (n['Index Name'] && !allowed.has(n['Index Name'])))).toEqual([]);
  }

  it.each([
    ['the smaller connection, planned per call', small, false],
    ['the smaller connection, generic plan', small, true],
    ['the larger connection, generic plan', big, true],
  ])('GET /candidates?email=: %s', async (_what, connectionId, generic) => {
    const page = buildPageQuery(candidatesModel, { connectionId, filters: { include_deleted: false, email: [`cand17@${connectionId.slice(-1)}.example`] }, pageSize: 100 });
    expect(page.reusablePlan).toBe(true);
    expectOneScanPerConnection(await plan(page.sql, page.values, generic), ['ix_ats_candidates_emails']);
  });

  it('the page finds the address in its own connection only', async () => {
    const address = `cand17@${small.slice(-1)}.example`;
    for (const [connectionId, expected] of [
      [small, 1],
      [big, 0],
    ] as const) {
      const page = buildPageQuery(candidatesModel, { connectionId, filters: { include_deleted: false, email: [address] }, pageSize: 100 });
      const { rows } = await client.query(page.sql, page.values);
      expect(rows[0].fetched).toBe(expected);
    }
  });

  it.each([
    ['planned per call', false],
    ['generic plan', true],
  ])('the duplicate check (email, folded name or phone) in the smaller connection: %s', async (_what, generic) => {
    const statement = await mirrorStatement((m) => m.duplicates(small, { emails: ['cand17@b.example'], first_name: 'Ada', last_name: 'Doe17', phones: ['+49 30 1000017'] }));
    expectOneScanPerConnection(await plan(statement.text, statement.values, generic), ['ix_ats_candidates_emails', 'ix_ats_candidates_phones'], ['ix_ats_candidates_folded_name']);
  });

  it.each([
    ['planned per call', false],
    ['generic plan', true],
  ])('a write\'s match by email in the smaller connection: %s', async (_what, generic) => {
    const statement = await mirrorStatement((m) => m.candidatesByEmail(small, ['CAND17@b.example']));
    expectOneScanPerConnection(await plan(statement.text, statement.values, generic), ['ix_ats_candidates_emails']);
  });
});
