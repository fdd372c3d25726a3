import fc from 'fast-check';
import type { Type } from '@nestjs/common';
import { createValidationPipe } from '../../src/common/validation/validation.pipe.js';
import {
  ApplicationsQueryDto,
  CandidatesQueryDto,
  InterviewsQueryDto,
  JobsQueryDto,
  ListQueryDto,
  UsersQueryDto,
} from '../../src/ats-api/query/list-query.dto.js';
import { readListQuery } from '../../src/ats-api/query/list-query.param.js';

// The list endpoints read most queries without class-transformer / class-validator. For every query
// the fast path accepts, the validation pipe must return an equal DTO; a query the pipe refuses must
// never be accepted by the fast path (it then goes to the pipe, which refuses it as before).

const pipe = createValidationPipe();

async function viaPipe(dto: Type<ListQueryDto>, query: Record<string, unknown>): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await pipe.transform(query, { type: 'query', metatype: dto, data: undefined }) };
  } catch {
    return { ok: false };
  }
}

const DTOS: [string, Type<ListQueryDto>, string[]][] = [
  ['ListQueryDto', ListQueryDto, []],
  ['CandidatesQueryDto', CandidatesQueryDto, ['email', 'first_name', 'last_name', 'job_ids']],
  ['ApplicationsQueryDto', ApplicationsQueryDto, ['job_ids', 'candidate_ids', 'outcomes', 'current_stage_ids']],
  ['JobsQueryDto', JobsQueryDto, ['statuses', 'name_contains', 'confidential']],
  ['InterviewsQueryDto', InterviewsQueryDto, ['job_ids', 'application_ids']],
  ['UsersQueryDto', UsersQueryDto, ['emails']],
];
const COMMON = ['cursor', 'page_size', 'updated_after', 'include_deleted', 'ignore_unsupported_filters', 'ids', 'remote_ids'];

const UUID = '0f3e8c2a-6b1d-8e4f-9a7c-2d5b8e1f4a3c';
const SAMPLES = [
  '', ' ', ',', 'true', 'false', 'TRUE', '1', '0', '7', '007', '100', '250', '251', '1000000', '-1', '1.5', ' 5',
  UUID, UUID.toUpperCase(), `${UUID},${UUID}`, `${UUID}, 1f3e8c2a-6b1d-8e4f-9a7c-2d5b8e1f4a3c`, `${UUID},`, 'not-a-uuid',
  'Jane.Doe@Example.com', 'a@b', 'a@b,c@d', ' a@b ', 'a b@c', '@b', 'a@', 'a@b@c',
  '2026-01-31T12:00:00.000Z', '2026-01-31T12:00:00+01:00', '2026-01-31', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T00:00:00Z',
  'PENDING', 'HIRED,DECLINED', 'pending', 'OPEN', 'OPEN,CLOSED', 'ARCHIVED,', 'engineer', '  engineer  ', 'x'.repeat(200), 'x'.repeat(201),
  'y'.repeat(500), 'y'.repeat(501), 'z'.repeat(16384), 'z'.repeat(16385), 'José', '😀', '\uFE0F', 'a\u0000b', 'eyJ2IjoxfQ.abc',
];

const value = fc.oneof(
  fc.constantFrom(...SAMPLES),
  fc.string({ maxLength: 30 }),
  fc.array(fc.constantFrom(...SAMPLES), { minLength: 1, maxLength: 3 }),
);

describe('the list endpoints’ query fast path', () => {
  it.each(DTOS)('%s: every query it reads, the validation pipe reads the same', async (_, dto, own) => {
    const keys = [...COMMON, ...own, 'unknown', 'email', 'statuses', '__proto__x'];
    const query = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 4 });
    let fast = 0;
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const plain = Object.assign(Object.create(null), q) as Record<string, unknown>;
        const read = readListQuery(dto, plain);
        if (read === undefined) return;
        fast += 1;
        const expected = await viaPipe(dto, plain);
        expect(expected).toEqual({ ok: true, value: read });
        if (expected.ok) expect(Object.getPrototypeOf(expected.value)).toBe(Object.getPrototypeOf(read));
      }),
      { numRuns: 400 },
    );
    // The property says something only if the fast path took part.
    expect(fast).toBeGreaterThan(20);
  });

  it('reads the bench’s and Kombo’s common queries without the pipe', () => {
    expect(readListQuery(CandidatesQueryDto, { page_size: '100' })).toEqual(Object.assign(new CandidatesQueryDto(), { page_size: 100 }));
    expect(readListQuery(CandidatesQueryDto, { email: 'CAND1.c0@Example.com', page_size: '100' })).toEqual(
      Object.assign(new CandidatesQueryDto(), { email: ['CAND1.c0@Example.com'], page_size: 100 }),
    );
    const since = '2026-01-31T12:00:00.000Z';
    expect(readListQuery(ApplicationsQueryDto, { updated_after: since, include_deleted: 'true' })).toEqual(
      Object.assign(new ApplicationsQueryDto(), { updated_after: new Date(since), include_deleted: true }),
    );
  });

  it('leaves anything unusual to the pipe: unknown parameters, NULs, repeated single values, out-of-range sizes', () => {
    expect(readListQuery(CandidatesQueryDto, { statuses: 'OPEN' })).toBeUndefined();
    expect(readListQuery(CandidatesQueryDto, { email: 'a\u0000@b' })).toBeUndefined();
    expect(readListQuery(CandidatesQueryDto, { cursor: ['a', 'b'] })).toBeUndefined();
    expect(readListQuery(CandidatesQueryDto, { page_size: '251' })).toBeUndefined();
    expect(readListQuery(JobsQueryDto, { name_contains: '   ' })).toBeUndefined();
  });
});
