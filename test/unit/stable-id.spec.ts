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
});
