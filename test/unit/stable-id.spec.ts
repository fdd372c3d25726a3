import { stableId } from '../../src/ats/stable-id.js';

describe('stableId', () => {
  it('is the same for the same (connection, model, remote id), so a rebuild gives the same ids', () => {
    expect(stableId('c1', 'candidates', 'r1')).toBe(stableId('c1', 'candidates', 'r1'));
  });

  it('differs across connections, models and remote ids', () => {
    const ids = new Set([
      stableId('c1', 'candidates', 'r1'),
      stableId('c2', 'candidates', 'r1'),
      stableId('c1', 'jobs', 'r1'),
      stableId('c1', 'candidates', 'r2'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('is a version-8 UUID', () => {
    expect(stableId('c', 'm', 'r')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps every id it ever gave: the ids of stored rows never change', () => {
    const connection = '00000000-0000-0000-0000-00000000c0de';
    // Values of the algorithm as first released: stored rows and references carry them.
    const pinned = () => [stableId(connection, 'candidates', 'r1'), stableId(connection, 'jobs', 'j-9')];
    expect(pinned()).toEqual(['95b67789-9fcd-8c79-b931-b91139b22a0a', '095210f8-d71c-84a8-b92b-c549e2298850']);
    // Again, and again after many other ids.
    expect(pinned()).toEqual(['95b67789-9fcd-8c79-b931-b91139b22a0a', '095210f8-d71c-84a8-b92b-c549e2298850']);
    const many = Array.from({ length: 20_000 }, (_, i) => stableId(connection, 'tags', `t${i}`));
    expect(new Set(many).size).toBe(20_000);
    expect(pinned()).toEqual(['95b67789-9fcd-8c79-b931-b91139b22a0a', '095210f8-d71c-84a8-b92b-c549e2298850']);
    expect(stableId(connection, 'tags', 't7')).toBe(many[7]);
  });
});
