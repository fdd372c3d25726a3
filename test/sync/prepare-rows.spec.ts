import type { MappedPage } from '../../src/connectors/connector.js';
import { prepareBatch, prepareBatchInTurns } from '../../src/sync/record-writer.js';

/**
 * A sync builds the next batch's rows (values, hashes, COPY text) while the previous batch is
 * written: page by page, so that write's statements go on in between.
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
  it('built page by page, a batch lets other work run between its pages, and holds the same rows', async () => {
    const pages = [mapped(rawPage()), mapped([{ id: 'c3', name: 'Three' }]), { ...mapped([]), joins: [{ join: 'candidate_tags' as const, parent: { model: 'candidates' as const, remote_id: 'c3' }, members: [{ member: { model: 'tags' as const, remote_id: 't1' } }] }] }];
    const order: string[] = [];
    setImmediate(() => order.push('other work'));
    const built = await prepareBatchInTurns(CONNECTION, pages);
    order.push('built');
    expect(order).toEqual(['other work', 'built']);
    expect(built).toEqual(prepareBatch(CONNECTION, pages));
    expect(built.models[0][1].map((r) => r.remote_id)).toEqual(['c1', 'c2', 'c3']);
    expect(built.joins[0][1].rows.map((r) => r.remote_id)).toEqual(['c3:t1']);
  });
});
