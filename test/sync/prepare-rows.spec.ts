import type { MappedPage } from '../../src/connectors/connector.js';
import { emptyPreparedBatch, prepareBatch, preparePage } from '../../src/sync/record-writer.js';

/**
 * A sync builds each page's rows (values, hashes, COPY text) as the page arrives, while the previous
 * batch is written, keeping of each row only what the bulk write reads.
 */
const CONNECTION = '00000000-0000-0000-0000-00000000c0de';

function rawPage(): Record<string, unknown>[] {
  return [
    { id: 'c1', name: 'tab\there, new\nline, back\\slash, "quotes", é ☃ 𝄞', emails: [{ value: 'a@example.com' }], n: 1.5, flag: false, none: null, gone: undefined },
    { id: 'c2', name: 'Two', nested: { deep: [1, 'two', { three: 3 }] } },
  ];
}

function mapped(records: Record<string, unknown>[]): MappedPage {
  return {
    records: {
      candidates: records.map((r) => ({ remote_id: r.id as string, fields: { first_name: r.name as string, email_addresses: [] }, remote_data: r })),
    },
  };
}

describe('building a batch before its transaction', () => {
  const pages = (): MappedPage[] => [
    mapped(rawPage()),
    {
      records: {
        applications: [{ remote_id: 'a1', fields: { outcome: 'PENDING' }, refs: { candidate_id: { model: 'candidates', remote_id: 'c1' }, job_id: { model: 'jobs', remote_id: 'j1' } }, remote_data: { id: 'a1' } }],
      },
      derived: [{ model: 'candidates', column: 'source', from: { model: 'applications', ref: 'candidate_id', value: { column: 'custom_fields', key: 'source' }, pick: { by: ['remote_created_at'], order: 'first' } }, mode: 'when-present' }],
    },
    { ...mapped([]), joins: [{ join: 'candidate_tags' as const, parent: { model: 'candidates' as const, remote_id: 'c3' }, members: [{ member: { model: 'tags' as const, remote_id: 't1' } }] }] },
  ];

  it('a lean batch, built page by page as a sync does, holds the rows of a full one with only what the bulk write reads', () => {
    const full = prepareBatch(CONNECTION, pages());
    const lean = emptyPreparedBatch({ lean: true });
    for (const page of pages()) preparePage(CONNECTION, page, lean);
    expect(lean.lean).toBe(true);
    expect(lean.rules).toEqual(full.rules);
    expect(lean.models.map(([m]) => m)).toEqual(['candidates', 'applications']);
    const keys = ['id', 'connection_id', 'remote_id', 'content_hash', 'remote_deleted_at'];
    for (const [i, [model, rows]] of lean.models.entries()) {
      // What a derived column follows stays (an application's candidate): the write recomputes its target from it.
      const kept = model === 'applications' ? [...keys, 'candidate_id'] : keys;
      expect(rows).toEqual(full.models[i][1].map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => kept.includes(k)))));
      for (const row of rows) expect(Object.keys(row).sort()).toEqual([...kept].sort());
    }
    expect(full.models[0][1][0].remote_data).toEqual(rawPage()[0]); // a full row has it all
    const [[join, { sets, rows }]] = lean.joins;
    expect(join).toBe('candidate_tags');
    expect(rows.map((r) => r.remote_id)).toEqual(['c3:t1']);
    expect(rows[0].candidate_id).toBeUndefined();
    expect(sets).toEqual([{ join: 'candidate_tags', parent: { model: 'candidates', remote_id: 'c3' }, members: [] }]);
    expect(full.joins[0][1].rows[0].candidate_id).toEqual(expect.any(String));
  });

  it('counts the COPY text its rows hold, lean or not: what the sync caps a batch by', () => {
    const full = prepareBatch(CONNECTION, pages());
    const lean = emptyPreparedBatch({ lean: true });
    for (const page of pages()) preparePage(CONNECTION, page, lean);
    expect(lean.copyChars).toBe(full.copyChars);
    expect(full.copyChars).toBeGreaterThan(0);
    // A name 40 ASCII characters longer: 40 more in first_name, 40 more in the remote_data JSON.
    const longer = pages();
    const record = longer[0].records.candidates![0];
    record.fields.first_name = `${record.fields.first_name as string}${'y'.repeat(40)}`;
    (record.remote_data as Record<string, unknown>).name = record.fields.first_name;
    expect(prepareBatch(CONNECTION, longer).copyChars).toBe(full.copyChars + 80);
    expect(emptyPreparedBatch().copyChars).toBe(0);
  });
});
