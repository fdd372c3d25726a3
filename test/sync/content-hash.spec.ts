import type { MappedPage } from '../../src/connectors/connector.js';
import { contentHash, jsonOf } from '../../src/sync/content-hash.js';
import { MODEL_TABLES } from '../../src/sync/model-tables.js';
import { prepareBatch } from '../../src/sync/record-writer.js';

/**
 * The writer renders each value's JSON itself (jsonOf) and assembles a row's hashed text from them.
 * It must be the text JSON.stringify gives, byte for byte, or every stored row would look changed
 * to the next FULL after an upgrade.
 */
const CONNECTION = '00000000-0000-0000-0000-00000000c0de';

function rawPage(): Record<string, unknown>[] {
  return [
    { id: 'c1', name: 'tab\there, new\nline, back\\slash, "quotes", é ☃ 𝄞', emails: [{ value: 'a@example.com' }], n: 1.5, flag: false, none: null, gone: undefined },
    { id: 'c2', nested: { deep: [1, 'two', { three: 3 }, undefined] }, at: new Date('2026-01-02T03:04:05.000Z') },
  ];
}

function mapped(records: Record<string, unknown>[]): MappedPage {
  return {
    records: {
      candidates: records.map((r, i) => ({
        remote_id: r.id as string,
        fields: { first_name: 'F', remote_created_at: i === 0 ? new Date('2025-12-31T23:59:59.999Z') : new Date(Number.NaN), email_addresses: [{ email_address: 'a@example.com', type: null }] },
        remote_data: r,
      })),
    },
  };
}

describe("a row's hashed text", () => {
  it('jsonOf renders what JSON.stringify renders, dates and invalid dates included', () => {
    const values = [null, 0, -1.5, Number.NaN, Number.POSITIVE_INFINITY, true, false, 'x"\\\n', new Date('2026-01-02T03:04:05.006Z'), new Date(Number.NaN), new Date(-1), [1, new Date(0)], { a: undefined, b: [undefined] }, undefined];
    for (const value of values) expect(jsonOf(value)).toBe(JSON.stringify(value));
  });

  it('is JSON.stringify of its columns in table order, identity left out', () => {
    const [[, rows]] = prepareBatch(CONNECTION, [mapped(rawPage())]).models;
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const content: Record<string, unknown> = {};
      for (const { name } of MODEL_TABLES.candidates.columns) if (!['id', 'connection_id', 'remote_id', 'content_hash'].includes(name)) content[name] = row[name];
      expect(row.content_hash).toBe(contentHash(content));
    }
  });
});
