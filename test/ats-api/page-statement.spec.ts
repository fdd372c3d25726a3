import * as models from '../../src/ats-api/models/index.js';
import { pageQueryConfig } from '../../src/ats-api/sql/page-statement.js';

/** Which page statements may keep one prepared plan per pooled connection (named), and which are planned per call. */
describe('page statements: named (plan reused) or planned per call', () => {
  const connectionId = '6f1e3c2a-0000-4000-8000-000000000001';
  const id = (n: number) => `6f1e3c2a-0000-4000-8000-${String(n).padStart(12, '0')}`;

  it.each(Object.values(models).map((m) => [m.path, m] as const))('%s: a GET by id is one named statement, whatever the id', (_path, model) => {
    const a = pageQueryConfig(model, { connectionId, filters: { include_deleted: true, ids: [id(1)] }, pageSize: 1 });
    const b = pageQueryConfig(model, { connectionId, filters: { include_deleted: true, ids: [id(2)] }, pageSize: 1 });
    expect(a.name).toMatch(/^ats_read_/);
    expect(b.name).toBe(a.name);
    expect(b.text).toBe(a.text);
    expect(b.values).toEqual([connectionId, [id(2)]]);
  });

  it('plain paging and address lookups are named; several ids, a name or a time window are planned per call', () => {
    const m = models.candidatesModel;
    expect(pageQueryConfig(m, { connectionId, filters: { include_deleted: false }, pageSize: 100 }).name).toMatch(/^ats_read_/);
    expect(pageQueryConfig(m, { connectionId, filters: { include_deleted: false }, afterId: id(3), pageSize: 100 }).name).toMatch(/^ats_read_/);
    expect(pageQueryConfig(m, { connectionId, filters: { include_deleted: false, ids: [id(1), id(2)] }, pageSize: 100 }).name).toBeUndefined();
    // One scan of the (connection_id, addresses) GIN index whatever the address (test/ats-api/lookup-plan.spec.ts).
    expect(pageQueryConfig(m, { connectionId, filters: { include_deleted: false, email: ['a@b.c'] }, pageSize: 100 }).name).toMatch(/^ats_read_/);
    expect(pageQueryConfig(m, { connectionId, filters: { include_deleted: false, ids: [id(1)], email: ['a@b.c'] }, pageSize: 100 }).name).toMatch(/^ats_read_/);
    expect(pageQueryConfig(m, { connectionId, filters: { include_deleted: false, email: ['a@b.c'], first_name: ['ada'] }, pageSize: 100 }).name).toBeUndefined();
    expect(pageQueryConfig(m, { connectionId, filters: { include_deleted: false, updated_after: '2026-01-01T00:00:00.000Z' }, pageSize: 100 }).name).toBeUndefined();
  });
});
