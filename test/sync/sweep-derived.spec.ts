import { CANDIDATE_SOURCE } from '../../src/connectors/ashby/mappers/derived.js';
import type { Connector, MappedPage, SyncStream } from '../../src/connectors/connector.js';
import { StatementCapture } from '../perf/statement-capture.js';
import { EngineHarness } from './support/engine-harness.js';
import type { FakeApplication } from './support/fake-ats.js';
import { fakeConnector } from './support/fake-connector.js';

/**
 * A candidate's source is derived from their first live application (CANDIDATE_SOURCE). When a
 * FULL's sweep finds that application gone upstream and marks it deleted, the candidate's source is
 * recomputed from the applications left, in the sweep's transaction, and only that candidate moves.
 * A stream's first FULL leaves the derived columns to its end, one statement for the connection.
 */
type SourcedApplication = FakeApplication & { source?: string; created_at?: string };

function withSources(stream: SyncStream): SyncStream {
  return {
    ...stream,
    map(records: unknown[]): MappedPage {
      const page = stream.map(records);
      for (const record of page.records.applications ?? []) {
        const raw = record.remote_data as SourcedApplication;
        Object.assign(record.fields, { custom_fields: { source: raw.source ?? null }, remote_created_at: raw.created_at ? new Date(raw.created_at) : null });
      }
      return { ...page, derived: [CANDIDATE_SOURCE] };
    },
  };
}

const sourcedConnector: Connector = { ...fakeConnector, streams: fakeConnector.streams!.map(withSources) };

const capture = new StatementCapture().install();
afterAll(() => capture.uninstall());

describe('the sweep and derived columns', () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await new EngineHarness(120).start({ resolveConnector: (provider) => (provider === 'fake' ? sourcedConnector : undefined) });
  });
  afterEach(() => h.stop());

  const sourceOf = async (remoteId: string) =>
    (await h.pool.query<{ source: string | null }>(`SELECT source FROM ats_candidates WHERE connection_id = $1 AND remote_id = $2`, [h.connectionId, remoteId])).rows[0].source;

  it('a swept first application gives way to the next one: the candidate’s source is recomputed, nothing else moves', async () => {
    const own = h.fake.applications.get('a0000007') as SourcedApplication;
    Object.assign(own, { source: 'LinkedIn', created_at: '2026-01-02T00:00:00Z' });
    // An earlier application of the same candidate, listed after the others.
    h.fake.applications.set('b0000007', { id: 'b0000007', candidate_id: 'c0000007', status: 'active', updated_at: own.updated_at, source: 'Referral', created_at: '2026-01-01T00:00:00Z' } as SourcedApplication);
    await h.sync('FULL');
    expect(await sourceOf('c0000007')).toBe('Referral');
    const before = await h.rows('ats_candidates');

    h.fake.applications.delete('b0000007');
    const run = await h.sync('FULL');
    expect(run.counts.applications).toMatchObject({ deleted: 1 });
    expect(await sourceOf('c0000007')).toBe('LinkedIn');
    const after = await h.rows('ats_candidates');
    const moved = after.filter((r, i) => r.changed_at.getTime() !== before[i].changed_at.getTime()).map((r) => r.remote_id);
    expect(moved).toEqual(['c0000007']);
    // Derived columns stay out of the counts: the partner changed no candidate.
    expect(run.counts.candidates).toMatchObject({ updated: 0, deleted: 0, unchanged: 120 });
  });

  it("a first FULL gives every candidate their first application's source in one statement at each stream's end, none per batch", async () => {
    let i = 0;
    for (const a of h.fake.applications.values()) Object.assign(a, { source: `S${i++}`, created_at: '2026-01-02T00:00:00Z' });
    // A second, earlier application of candidate 42, on the last page: the first one wins.
    h.fake.applications.set('b0000042', { id: 'b0000042', candidate_id: 'c0000042', status: 'active', updated_at: h.fake.tick(), source: 'Earlier', created_at: '2026-01-01T00:00:00Z' } as SourcedApplication);
    capture.statements.length = 0;
    capture.start();
    try {
      expect((await h.sync('FULL')).state).toBe('SUCCEEDED');
    } finally {
      capture.stop();
    }
    const { rows } = await h.pool.query<{ remote_id: string; source: string | null }>(`SELECT remote_id, source FROM ats_candidates WHERE connection_id = $1 ORDER BY remote_id`, [h.connectionId]);
    expect(rows).toHaveLength(120);
    expect(rows.map((r) => r.source)).toEqual(rows.map((r) => (r.remote_id === 'c0000042' ? 'Earlier' : `S${Number(r.remote_id.slice(1))}`)));
    // Per batch (the lookup by the batch's ids) none; for the connection, one at the end of each of the two streams.
    expect(capture.statements.filter((s) => /UPDATE ats_candidates t SET "source"/.test(s.text) && /unnest\(\$2::uuid\[\]\)/.test(s.text))).toHaveLength(0);
    expect(capture.statements.filter((s) => /UPDATE ats_candidates t SET "source"/.test(s.text) && /DISTINCT ON/.test(s.text))).toHaveLength(2);
  });

  it('a first FULL that fails part-way still gives the candidates of the applications it stored their source', async () => {
    for (const a of h.fake.applications.values()) Object.assign(a, { source: `from ${a.id}` });
    const only = (streams: string[]) => h.makeRunner({ streams, resolveConnector: (provider) => (provider === 'fake' ? sourcedConnector : undefined) });
    h.runner = only(['candidates']);
    await h.sync('FULL');
    // The applications' first FULL: pages 1 and 2 (one batch of 100) commit, page 3 is refused.
    h.fake.faults.failPages = [{ list: 'applications', page: 3, status: 400 }];
    h.runner = only(['applications']);
    const run = await h.sync('FULL');
    expect(run.state).toBe('FAILED');
    expect(run.counts.applications).toMatchObject({ created: 100 });
    const { rows } = await h.pool.query<{ remote_id: string; source: string | null }>(`SELECT remote_id, source FROM ats_candidates WHERE connection_id = $1 ORDER BY remote_id`, [h.connectionId]);
    expect(rows.filter((r) => r.source !== null).map((r) => r.remote_id)).toEqual(rows.slice(0, 100).map((r) => r.remote_id));
    expect(rows[99].source).toBe('from a0000099');
  });
});
