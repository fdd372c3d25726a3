import { randomBytes } from 'node:crypto';
import { CursorCodec } from '../../src/ats-api/pagination/cursor.js';
import { sameFilters, toListRequest } from '../../src/ats-api/query/filters.js';
import type { ListQueryDto } from '../../src/ats-api/query/list-query.dto.js';

describe('cursor codec', () => {
  const codec = new CursorCodec(randomBytes(32));
  const state = { connectionId: 'c-1', model: 'candidates', lastId: 'id-9', filters: { include_deleted: true, email: ['a@b.c'] } };

  it('round-trips its own cursors', () => {
    expect(codec.decode(codec.encode(state), 'c-1', 'candidates')).toEqual(state);
  });

  it('rejects another key’s, another connection’s, another model’s and edited cursors', () => {
    const cursor = codec.encode(state);
    const fail = (c: string, connection = 'c-1', model = 'candidates') => expect(() => codec.decode(c, connection, model)).toThrow(/cursor/);
    fail(new CursorCodec(randomBytes(32)).encode(state));
    fail(cursor, 'c-2');
    fail(cursor, 'c-1', 'jobs');
    const [body, signature] = cursor.split('.');
    const edited = Buffer.from(Buffer.from(body, 'base64url').toString().replace('id-9', 'id-0')).toString('base64url');
    fail(`${edited}.${signature}`);
    fail(`${body}.${signature}x`);
    fail(`${body}`);
    fail('');
  });
});

describe('filters in canonical form', () => {
  const request = (query: Partial<ListQueryDto> & Record<string, unknown>) => toListRequest(query as ListQueryDto);

  it('ignores order, duplicates and case where they carry no meaning', () => {
    const a = request({ ids: ['B2', 'a1'], email: ['X@Y.z'], include_deleted: false } as never).filters;
    const b = request({ ids: ['a1', 'b2', 'a1'], email: ['x@y.Z'] } as never).filters;
    expect(sameFilters(a, b)).toBe(true);
    expect(sameFilters(a, request({ ids: ['a1'] } as never).filters)).toBe(false);
    expect(sameFilters(request({ include_deleted: true }).filters, request({}).filters)).toBe(false);
  });

  it('tells paging parameters from filters', () => {
    expect(request({ cursor: 'x', page_size: 5, ignore_unsupported_filters: false }).filtersGiven).toBe(false);
    expect(request({ cursor: 'x', include_deleted: false }).filtersGiven).toBe(true);
    expect(request({}).pageSize).toBe(100);
  });
});
