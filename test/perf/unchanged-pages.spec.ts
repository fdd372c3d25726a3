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
});
