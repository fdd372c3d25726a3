import { copyChunks } from '../../src/sync/copy-staging.js';
import { StatementCapture } from '../perf/statement-capture.js';
import { EngineHarness } from './support/engine-harness.js';

/**
 * A sync's transaction takes up to batchSize records and about batchChars of COPY text, whichever
 * comes first (the text is what a batch holds in memory), and sends that text in pieces: no string
 * or buffer the size of the batch is built.
 */
describe('copyChunks', () => {
  const lines = Array.from({ length: 3000 }, (_, i) => `${i}\tcandidate ${i} é ☃ 𝄞 ${'x'.repeat(i % 97)}`);

  it('sends every line followed by its end, in pieces of about 64 KiB that end where a line does', () => {
    const pieces = [...copyChunks(lines, '\t2026-12-07T00:00:00.000Z\n')];
    expect(pieces.length).toBeGreaterThan(2);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(lines.map((l) => `${l}\t2026-12-07T00:00:00.000Z\n`).join(''));
    for (const piece of pieces) {
      const text = piece.toString('utf8');
      expect(text.endsWith('\n')).toBe(true); // a line (and a character) is never split between pieces
      expect(text.length).toBeLessThan(64 * 1024 + 200);
    }
    expect(pieces.slice(0, -1).every((p) => p.toString('utf8').length >= 64 * 1024)).toBe(true);
  });

  it('sends nothing for no lines, and one piece for a few', () => {
    expect([...copyChunks([], '\n')]).toEqual([]);
    expect([...copyChunks(['a', 'b'], '\n')].map((p) => p.toString())).toEqual(['a\nb\n']);
  });
});

describe('how many records a sync writes per transaction', () => {
  const h = new EngineHarness(250); // candidates in pages of 50
  const capture = new StatementCapture().install();
  beforeAll(() => h.start());
  afterAll(async () => {
    capture.uninstall();
    await h.stop();
  });

  /** A first FULL of a new connection with these limits: the COPY statements that wrote its candidates, and the rows. */
  async function firstFull(limits: { batchSize?: number; batchChars?: number }): Promise<{ copies: number; rows: number }> {
    const connectionId = await h.addConnection(h.fake.url);
    h.runner = h.makeRunner(limits);
    capture.statements.length = 0;
    capture.start();
    try {
      await h.sync('FULL', connectionId);
    } finally {
      capture.stop();
    }
    const copies = capture.statements.filter((s) => /^COPY (pg_temp\."sync_stage_)?ats_candidates\b/.test(s.text)).length;
    const { rows } = await h.pool.query(`SELECT count(*)::int AS n FROM ats_candidates WHERE connection_id = $1 AND remote_deleted_at IS NULL`, [connectionId]);
    return { copies, rows: rows[0].n };
  }

  it('closes a batch at batchSize records', async () => {
    expect(await firstFull({ batchSize: 100 })).toEqual({ copies: 3, rows: 250 });
  });

  it('closes a batch at batchChars characters of COPY text, however few its records', async () => {
    // Each page of 50 candidates is far more than 1,000 characters: every page is its own transaction.
    expect(await firstFull({ batchSize: 100_000, batchChars: 1000 })).toEqual({ copies: 5, rows: 250 });
  });

  it('by default holds these 250 small records in one transaction', async () => {
    expect(await firstFull({ batchSize: undefined, batchChars: undefined })).toEqual({ copies: 1, rows: 250 });
  });
});
