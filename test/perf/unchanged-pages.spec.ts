import { markSeen } from '../../src/sync/record-writer.js';
import { SyncRuns } from '../../src/sync/sync-runs.repository.js';
import { confirmPages, countConfirmed, markConfirmedSeen, rememberPages } from '../../src/sync/unchanged-pages.js';
import { EngineHarness } from '../sync/support/engine-harness.js';
import { StatementCapture } from './statement-capture.js';

/**
 * A FULL over unchanged pages (issue 15, item 2): a page whose raw records hash as in the last FULL
 * is marked seen and counted unchanged without mapping or comparing its records. Anything that
 * wrote the stream's tables since that FULL makes the next one compare every record again.
 */
const capture = new StatementCapture().install();
afterAll(() => capture.uninstall());

/** Hash lookups the writer made during one sync: one per model and batch it compared. */
async function comparisons(h: EngineHarness, run: () => Promise<unknown>): Promise<number> {
  capture.statements.length = 0;
  capture.start();
  try {
    await run();
  } finally {
    capture.stop();
  }
  return capture.statements.filter((s) => /SELECT t\.remote_id, t\.content_hash/.test(s.text)).length;
}

/**
 * Rows inserted into sync_seen, per run and model, logged by a trigger as they go in: a run deletes
 * its seen set when it finishes, so counting afterwards would find nothing either way.
 */
async function logSeenInserts(h: EngineHarness): Promise<(runId: string) => Promise<Record<string, number>>> {
  await h.pool.query(`CREATE TABLE seen_log (run_id uuid, model text, n int)`);
  await h.pool.query(`
    CREATE FUNCTION log_seen() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN INSERT INTO seen_log SELECT run_id, model, count(*) FROM added GROUP BY 1, 2; RETURN NULL; END $$`);
  await h.pool.query(`CREATE TRIGGER log_seen AFTER INSERT ON sync_seen REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION log_seen()`);
  return async (runId) => {
    const { rows } = await h.pool.query<{ model: string; n: number }>(`SELECT model, sum(n)::int AS n FROM seen_log WHERE run_id = $1 GROUP BY 1`, [runId]);
    return Object.fromEntries(rows.map((r) => [r.model, r.n]));
  };
}

/** The remote ids of a table's rows marked deleted. */
async function deletedIds(h: EngineHarness, table: string): Promise<string[]> {
  return (await h.rows(table)).filter((r) => r.remote_deleted_at).map((r) => r.remote_id);
}

/**
 * The inner sides of a plan's nested loops that are not a keyed probe (an index scan by remote_id,
 * under a LIMIT or not; a scan by ctid) or a page's id array: each would scan a set once per row.
 */
interface PlanNode {
  'Node Type': string;
  'Index Cond'?: string;
  'Relation Name'?: string;
  'Function Name'?: string;
  Plans?: PlanNode[];
}
function perRowInner(node: PlanNode): string[] {
  const found: string[] = [];
  if (node['Node Type'] === 'Nested Loop' && node.Plans?.[1]) {
    const inner = node.Plans[1]['Node Type'] === 'Limit' ? node.Plans[1].Plans![0] : node.Plans[1];
    const keyed = (/Index (Only )?Scan/.test(inner['Node Type']) && /remote_id = /.test(inner['Index Cond'] ?? '')) || inner['Node Type'] === 'Tid Scan';
    const pageIds = inner['Node Type'] === 'Function Scan';
    if (!keyed && !pageIds) found.push(`${inner['Node Type']} ${inner['Relation Name'] ?? ''}`.trim());
  }
  for (const child of node.Plans ?? []) found.push(...perRowInner(child));
  return found;
}

describe('unchanged pages', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await new EngineHarness(230).start();
  });
  afterEach(() => h.stop());

  it('a second FULL over unchanged data compares no record, rewrites no row and still counts every record', async () => {
    let first: Awaited<ReturnType<EngineHarness['sync']>> | undefined;
    // A first FULL compares nothing either: its batches go straight into the empty tables by COPY.
    expect(await comparisons(h, async () => (first = await h.sync('FULL')))).toBe(0);
    expect(capture.statements.filter((s) => /^COPY ats_candidates /.test(s.text)).length).toBeGreaterThan(0);
    // The first FULL of a connection has nothing to sweep, so it keeps no seen set (a write per record saved).
    expect(first!.streams.candidates).toMatchObject({ first_full: true });
    expect((await h.pool.query(`SELECT count(*)::int AS n FROM sync_seen WHERE connection_id = $1`, [h.connectionId])).rows[0].n).toBe(0);
    const before = await h.rows('ats_candidates');
    let second: Awaited<ReturnType<EngineHarness['sync']>> | undefined;
    expect(await comparisons(h, async () => (second = await h.sync('FULL')))).toBe(0);
    // Unchanged pages weigh a tenth of written ones in a batch: the 3 candidate pages (100 records
    // each at most, batches of 100) commit once, where the first FULL committed each page.
    const positions = (stream: string) => capture.statements.filter((s) => /INSERT INTO sync_stream_states \(connection_id, stream, full_run_id/.test(s.text) && s.values[1] === stream).length;
    expect(positions('candidates')).toBe(1);
    expect(second!.counts.candidates).toMatchObject({ fetched: 230, unchanged: 230, created: 0, updated: 0, deleted: 0 });
    expect(second!.counts.candidate_tags).toMatchObject({ unchanged: 230, deleted: 0 });
    expect(second!.counts.applications).toMatchObject({ fetched: 230, unchanged: 230, deleted: 0 });
    expect(await h.rows('ats_candidates')).toEqual(before);
    // And a third, after the second only confirmed the pages.
    expect(await comparisons(h, () => h.sync('FULL'))).toBe(0);
  });

  it('a changed or removed record changes its page: that page is compared and written, the sweep still deletes', async () => {
    await h.sync('FULL');
    h.fake.update('c0000005', { tags: ['new'] });
    h.fake.remove('c0000150');
    const run = await h.sync('FULL');
    expect(run.counts.candidates).toMatchObject({ fetched: 229, updated: 1, deleted: 1, unchanged: 228 });
    expect((await h.rows('ats_candidates')).filter((r) => r.remote_deleted_at).map((r) => r.remote_id)).toEqual(['c0000150']);
  });

  it('a write outside a FULL since the last one makes the next FULL compare every record and repair the row', async () => {
    await h.sync('FULL');
    // As a webhook or write-through would: the row changed after the FULL that stored the page hashes.
    await h.pool.query(`UPDATE ats_candidates SET first_name = 'tampered', content_hash = 'x', changed_at = now() WHERE connection_id = $1 AND remote_id = 'c0000007'`, [h.connectionId]);
    let run: Awaited<ReturnType<EngineHarness['sync']>> | undefined;
    expect(await comparisons(h, async () => (run = await h.sync('FULL')))).toBeGreaterThan(0);
    expect(run!.counts.candidates).toMatchObject({ updated: 1, unchanged: 229 });
    const [row] = (await h.pool.query(`SELECT first_name, content_hash FROM ats_candidates WHERE connection_id = $1 AND remote_id = 'c0000007'`, [h.connectionId])).rows;
    expect(row.first_name).toEqual(expect.any(String));
    expect(row.first_name).not.toBe('tampered');
    expect(row.content_hash).not.toBe('x');
  });

  it('an unchanged FULL writes no sync_seen row: its pages are only confirmed, and every record is still counted once', async () => {
    const inserted = await logSeenInserts(h);
    await h.sync('FULL');
    const run = await h.sync('FULL');
    expect(await inserted(run.id)).toEqual({});
    expect(run.counts.candidates).toEqual({ fetched: 230, created: 0, updated: 0, unchanged: 230, deleted: 0, failed: 0 });
    expect(run.counts.candidate_tags).toEqual({ fetched: 230, created: 0, updated: 0, unchanged: 230, deleted: 0, failed: 0 });
    expect(run.counts.applications).toEqual({ fetched: 230, created: 0, updated: 0, unchanged: 230, deleted: 0, failed: 0 });
    // Every page moved to the run: the next FULL skips them all again.
    const [{ pages }] = (await h.pool.query(`SELECT count(*)::int AS pages FROM sync_page_hashes WHERE connection_id = $1 AND run_id = $2`, [h.connectionId, run.id])).rows;
    expect(pages).toBe(10);
    expect((await h.sync('FULL')).counts.candidates).toMatchObject({ fetched: 230, unchanged: 230, deleted: 0 });
  });

  it('a record removed from the last page: only that page is written, the sweep keeps every record of the confirmed pages', async () => {
    const inserted = await logSeenInserts(h);
    await h.sync('FULL');
    h.fake.remove('c0000229');
    h.fake.update('c0000210', { tags: ['t9'] });
    const run = await h.sync('FULL');
    // Pages of 50: the candidates' and applications' last page (records 200..228) is the only one written.
    expect(await inserted(run.id)).toEqual({ candidates: 29, candidate_tags: 29, applications: 29 });
    expect(run.counts.candidates).toEqual({ fetched: 229, created: 0, updated: 1, unchanged: 228, deleted: 1, failed: 0 });
    expect(run.counts.applications).toEqual({ fetched: 229, created: 0, updated: 0, unchanged: 229, deleted: 1, failed: 0 });
    // c0000210's tag t0 became t9 (removed by the diff per parent), c0000229's went with it (the sweep).
    expect(run.counts.candidate_tags).toEqual({ fetched: 229, created: 1, updated: 0, unchanged: 228, deleted: 2, failed: 0 });
    expect(await deletedIds(h, 'ats_candidates')).toEqual(['c0000229']);
    expect(await deletedIds(h, 'ats_applications')).toEqual(['a0000229']);
    expect((await deletedIds(h, 'ats_candidate_tags')).sort()).toEqual(['c0000210:t0', 'c0000229:t1']);
  });

  it('a removal mid-stream shifts every later page: those are written, earlier ones confirmed, counts exact', async () => {
    const inserted = await logSeenInserts(h);
    await h.sync('FULL');
    h.fake.remove('c0000120');
    h.fake.addCandidate(230);
    const run = await h.sync('FULL');
    // Pages 0 and 1 (records 0..99) unchanged; from page 2 on each page starts one record later.
    expect((await inserted(run.id)).candidates).toBe(130);
    expect(run.counts.candidates).toEqual({ fetched: 230, created: 1, updated: 0, unchanged: 229, deleted: 1, failed: 0 });
    expect(run.counts.applications).toEqual({ fetched: 230, created: 1, updated: 0, unchanged: 229, deleted: 1, failed: 0 });
    expect(run.counts.candidate_tags).toMatchObject({ fetched: 230, created: 1, unchanged: 229, deleted: 1 });
    expect(await deletedIds(h, 'ats_candidates')).toEqual(['c0000120']);
    expect(await deletedIds(h, 'ats_applications')).toEqual(['a0000120']);
  });

  it('a stream one page shorter: the confirmed pages are kept, the records of the page that is gone swept', async () => {
    await h.sync('FULL');
    for (let i = 200; i < 230; i++) h.fake.remove(`c${String(i).padStart(7, '0')}`);
    const run = await h.sync('FULL');
    expect(run.counts.candidates).toEqual({ fetched: 200, created: 0, updated: 0, unchanged: 200, deleted: 30, failed: 0 });
    expect(run.counts.applications).toMatchObject({ fetched: 200, unchanged: 200, deleted: 30 });
    expect(run.counts.candidate_tags).toMatchObject({ fetched: 200, unchanged: 200, deleted: 30 });
    expect(await deletedIds(h, 'ats_candidates')).toHaveLength(30);
    // The page that held them (page 4) is no longer the run's: a next FULL neither keeps nor counts its ids.
    const again = await h.sync('FULL');
    expect(again.counts.candidates).toEqual({ fetched: 200, created: 0, updated: 0, unchanged: 200, deleted: 0, failed: 0 });
  });

  it("the end of a FULL probes no set per row: the seen set and the pages' ids are set operations or keyed probes, whatever the statistics", async () => {
    await h.sync('FULL');
    h.fake.remove('c0000229');
    capture.statements.length = 0;
    capture.start();
    try {
      await h.sync('FULL');
    } finally {
      capture.stop();
    }
    // Per stream, the count of its confirmed pages; per model and join, the unseen ids, then (one was) the update.
    const sweeps = capture.statements.filter((s) => /EXCEPT SELECT s\.remote_id FROM sync_seen|UPDATE ats_\w+ t SET remote_deleted_at|FROM ids\s+WHERE NOT EXISTS/.test(s.text));
    expect(sweeps.length).toBe(2 + 3 + 3); // streams candidates and applications; models candidates, candidate_tags, applications
    // The tables were just filled and have no statistics: the planner's guesses are as low as they get.
    for (const sweep of sweeps) {
      const { rows } = await h.pool.query(`EXPLAIN (FORMAT JSON) ${sweep.text}`, sweep.values);
      expect({ sweep: sweep.text.slice(0, 60), loops: perRowInner(rows[0]['QUERY PLAN'][0].Plan) }).toEqual({ sweep: sweep.text.slice(0, 60), loops: [] });
    }
  });

  it('a FULL stream that fails after confirming pages counts them once', async () => {
    await h.sync('FULL');
    // Batches small enough that each confirmed page commits before the failing one is fetched.
    h.runner = h.makeRunner({ batchSize: 5 });
    h.fake.faults.failPages = [{ list: 'candidates', page: 4, status: 500 }];
    const run = await h.sync('FULL');
    expect(run.streams.candidates.state).toBe('FAILED');
    expect(run.counts.candidates).toEqual({ fetched: 150, created: 0, updated: 0, unchanged: 150, deleted: 0, failed: 0 });
    expect(run.counts.candidate_tags).toMatchObject({ fetched: 150, unchanged: 150 });
    expect(run.counts.applications).toMatchObject({ fetched: 230, unchanged: 230, deleted: 0 });
    expect(await deletedIds(h, 'ats_candidates')).toEqual([]);
  });
});

describe('counting confirmed pages', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await new EngineHarness(0).start();
  });
  afterEach(() => h.stop());

  it('an id on several pages counts once; one a written record marked seen counts there, not again', async () => {
    const earlier = await SyncRuns.create(h.pool, h.connectionId, 'FULL', 'MANUAL');
    const run = await SyncRuns.create(h.pool, h.connectionId, 'FULL', 'MANUAL');
    const client = await h.pool.connect();
    try {
      await rememberPages(client, h.connectionId, 's', earlier.id, [
        { page: 0, hash: 'a', seen: { candidates: ['c1', 'c2'], tags: ['t1', 't2'] } },
        { page: 1, hash: 'b', seen: { candidates: ['c3'], tags: ['t1', 't3'] } },
        { page: 2, hash: 'c', seen: { candidates: ['c4'], tags: ['t1'] } },
      ]);
      // Another stream's pages, and a page of the stream left with the earlier run, are not this run's.
      await rememberPages(client, h.connectionId, 'other', run.id, [{ page: 0, hash: 'x', seen: { candidates: ['c9'] } }]);
      await confirmPages(client, h.connectionId, 's', run.id, [0, 1]);
      // A record of a written page in the same run (counted when written).
      await markSeen(client, run.id, 'tags', ['t3'], h.connectionId);
      expect(await countConfirmed(client, h.connectionId, 's', run.id)).toEqual({
        candidates: { fetched: 3, created: 0, updated: 0, unchanged: 3, deleted: 0, failed: 0 },
        tags: { fetched: 2, created: 0, updated: 0, unchanged: 2, deleted: 0, failed: 0 },
      });
      // Marking them seen (a failed stream) counts the same ids, and only once.
      expect(await markConfirmedSeen(client, h.connectionId, 's', run.id)).toMatchObject({ candidates: { fetched: 3 }, tags: { fetched: 2 } });
      expect(await markConfirmedSeen(client, h.connectionId, 's', run.id)).toEqual({});
      expect(await countConfirmed(client, h.connectionId, 's', run.id)).toEqual({});
    } finally {
      client.release();
    }
  });
});
