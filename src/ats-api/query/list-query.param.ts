import { createParamDecorator, Injectable, type ExecutionContext, type PipeTransform, type Type } from '@nestjs/common';
import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Request } from 'express';
import { parseDateTime } from '../../common/validation/date-time.js';
import { createValidationPipe } from '../../common/validation/validation.pipe.js';
import {
  ApplicationsQueryDto,
  CandidatesQueryDto,
  InterviewsQueryDto,
  JOB_STATUSES,
  JobsQueryDto,
  ListQueryDto,
  MAX_PAGE_SIZE,
  OUTCOMES,
  UsersQueryDto,
  UUID_PATTERN,
} from './list-query.dto.js';

/**
 * How one query parameter of a list DTO is read. Each kind accepts a subset of what the DTO's
 * class-transformer / class-validator decorators accept, and yields the same value; anything outside
 * that subset goes to the validation pipe, which answers it exactly as before (value or 400).
 */
type Kind = 'cursor' | 'page_size' | 'boolean' | 'date_time' | 'ids' | 'text' | 'emails' | 'name_contains' | { oneOf: readonly string[] };

const COMMON: Record<string, Kind> = {
  cursor: 'cursor',
  page_size: 'page_size',
  updated_after: 'date_time',
  include_deleted: 'boolean',
  ignore_unsupported_filters: 'boolean',
  ids: 'ids',
  remote_ids: 'text',
};

/** The parameters of each list DTO (mirrors list-query.dto.ts; a parameter missing here only loses the fast path). */
const KINDS = new Map<Type<ListQueryDto>, Record<string, Kind>>([
  [ListQueryDto, COMMON],
  [CandidatesQueryDto, { ...COMMON, email: 'emails', first_name: 'text', last_name: 'text', job_ids: 'ids' }],
  [ApplicationsQueryDto, { ...COMMON, job_ids: 'ids', candidate_ids: 'ids', outcomes: { oneOf: OUTCOMES }, current_stage_ids: 'ids' }],
  [JobsQueryDto, { ...COMMON, statuses: { oneOf: JOB_STATUSES }, name_contains: 'name_contains', confidential: 'boolean' }],
  [InterviewsQueryDto, { ...COMMON, job_ids: 'ids', application_ids: 'ids' }],
  [UsersQueryDto, { ...COMMON, emails: 'emails' }],
]);

const MAX_LIST = 250;
const EMAIL = /^[^\s@,]+@[^\s@,]+$/;
const PAGE_SIZE = /^\d{1,6}$/;
/** Characters class-validator's length checks do not count as one each: only strings without them take the fast path. */
const ODD_LENGTH = /[\uFE0E\uFE0F\uD800-\uDFFF]/;
const SLOW = Symbol('slow');
type Read = unknown | typeof SLOW;

/** CommaList's transform: `a,b` and repeated parameters to one de-duplicated list, blanks dropped. */
function commaList(value: unknown): string[] | typeof SLOW {
  const items = Array.isArray(value) ? value : [value];
  const parts: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') return SLOW;
    for (const part of item.split(',')) {
      const trimmed = part.trim();
      if (trimmed !== '') parts.push(trimmed);
    }
  }
  return [...new Set(parts)];
}

function read(kind: Kind, value: unknown): Read {
  if (typeof kind === 'object') {
    const list = commaList(value);
    return list !== SLOW && list.every((v) => kind.oneOf.includes(v)) ? list : SLOW;
  }
  switch (kind) {
    case 'cursor':
      return typeof value === 'string' && value.length <= 16384 ? value : SLOW;
    case 'page_size': {
      if (typeof value !== 'string' || !PAGE_SIZE.test(value)) return SLOW;
      const size = Number(value);
      return size >= 1 && size <= MAX_PAGE_SIZE ? size : SLOW;
    }
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : SLOW;
    case 'date_time':
      return parseDateTime(value) ?? SLOW;
    case 'name_contains': {
      if (typeof value !== 'string') return SLOW;
      const trimmed = value.trim();
      return trimmed.length >= 1 && trimmed.length <= 200 && !ODD_LENGTH.test(trimmed) ? trimmed : SLOW;
    }
    case 'ids': {
      const list = commaList(value);
      return list !== SLOW && list.length <= MAX_LIST && list.every((v) => UUID_PATTERN.test(v)) ? list : SLOW;
    }
    case 'text':
    case 'emails': {
      const list = commaList(value);
      if (list === SLOW || list.length > MAX_LIST) return SLOW;
      return list.every((v) => v.length <= 500 && (kind === 'text' || EMAIL.test(v))) ? list : SLOW;
    }
  }
}

/**
 * The DTO for a query the fast path can read, or undefined (then the validation pipe decides).
 * The result equals what the validation pipe returns for the same query (test/ats-api/list-query-param.spec.ts).
 */
export function readListQuery<T extends ListQueryDto>(dto: Type<T>, query: Record<string, unknown>): T | undefined {
  const kinds = KINDS.get(dto);
  if (!kinds) return undefined;
  const result = new dto() as unknown as Record<string, unknown>;
  for (const key of Object.keys(query)) {
    const kind = Object.hasOwn(kinds, key) ? kinds[key] : undefined;
    if (!kind) return undefined;
    const value = query[key];
    // NULs (refused by the input limits) and anything else unusual take the pipe's path.
    if (typeof value === 'string' ? value.includes('\u0000') : !Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.includes('\u0000'))) {
      return undefined;
    }
    const parsed = read(kind, value);
    if (parsed === SLOW) return undefined;
    result[key] = parsed;
  }
  return result as unknown as T;
}

interface ListQueryInput {
  query: Record<string, unknown>;
  dto: Type<ListQueryDto>;
}

/**
 * The list's query as its DTO. Most queries are read directly (a few checks per parameter);
 * the rest go through the app's validation pipe (class-transformer + class-validator), which
 * answers them as it answers every other DTO — the same values, the same 400s.
 */
@Injectable()
export class ListQueryPipe implements PipeTransform<ListQueryInput, Promise<ListQueryDto>> {
  private readonly validation = createValidationPipe();

  async transform({ query, dto }: ListQueryInput): Promise<ListQueryDto> {
    return readListQuery(dto, query) ?? ((await this.validation.transform(query, { type: 'query', metatype: dto, data: undefined })) as ListQueryDto);
  }
}

const ListQueryInputOf = createParamDecorator(
  (dto: Type<ListQueryDto>, context: ExecutionContext): ListQueryInput => ({
    query: context.switchToHttp().getRequest<Request>().query as Record<string, unknown>,
    dto,
  }),
);

/** `@Query() query: Dto` for the list endpoints (documented the same), read by ListQueryPipe. */
export function ListQuery(dto: Type<ListQueryDto>): ParameterDecorator {
  return (target, key, index) => {
    ListQueryInputOf(dto, ListQueryPipe)(target, key, index);
    applyDecorators(ApiQuery({ type: dto }))(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
  };
}
