import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DATE_TIME_PROBLEM } from '../../common/validation/date-time.js';
import { CommaList, ToBoolean, ToDateTime, ToInteger, Trimmed } from './list-query-transforms.js';

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const MAX_PAGE_SIZE = 250;
export const DEFAULT_PAGE_SIZE = 100;
const MAX_LIST = 250;
const PAGE_SIZES = Array.from({ length: MAX_PAGE_SIZE }, (_, i) => i + 1);

const idList = (what: string) => ({
  type: String,
  description: `Comma-separated ${what} ids; a record matches any of them.`,
  example: '0f3e8c2a-6b1d-8e4f-9a7c-2d5b8e1f4a3c',
});

/** A comma-separated list of ats-sync ids. */
export function IdList(): PropertyDecorator {
  return (target, key) => {
    CommaList()(target, key);
    IsOptional()(target, key);
    ArrayMaxSize(MAX_LIST, { message: `takes at most ${MAX_LIST} ids` })(target, key);
    Matches(UUID_PATTERN, { each: true, message: 'must be comma-separated ids (UUIDs)' })(target, key);
  };
}

/** A comma-separated list of non-empty strings. */
export function TextList(): PropertyDecorator {
  return (target, key) => {
    CommaList()(target, key);
    IsOptional()(target, key);
    ArrayMaxSize(MAX_LIST, { message: `takes at most ${MAX_LIST} values` })(target, key);
    IsString({ each: true, message: 'must be comma-separated text' })(target, key);
    MaxLength(500, { each: true, message: 'values must be at most 500 characters' })(target, key);
  };
}

const EMAIL = /^[^\s@,]+@[^\s@,]+$/;

/** A comma-separated list of email addresses (compared case-insensitively). */
export function EmailList(): PropertyDecorator {
  return (target, key) => {
    TextList()(target, key);
    Matches(EMAIL, { each: true, message: 'must be comma-separated email addresses' })(target, key);
  };
}

/** A comma-separated list of values from a closed set. */
export function EnumList(values: readonly string[]): PropertyDecorator {
  return (target, key) => {
    CommaList()(target, key);
    IsOptional()(target, key);
    IsIn(values, { each: true, message: `must be comma-separated values from ${values.join(', ')}` })(target, key);
  };
}

/** Parameters of every `GET /v1/ats/<model>` list. */
export class ListQueryDto {
  @ApiPropertyOptional({ description: 'The `next` value of the previous page. It carries the filters: send it alone, or with the same filters.' })
  @IsOptional()
  @IsString({ message: 'must be given once, as the `next` value of a previous page' })
  @MaxLength(16384)
  cursor?: string;

  @ApiPropertyOptional({ description: `Records per page (1–${MAX_PAGE_SIZE}).`, default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @ToInteger()
  @IsIn(PAGE_SIZES, { message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` })
  page_size?: number;

  @ApiPropertyOptional({
    description:
      'Only records that changed after this time (ISO 8601 with a zone), including changes to the nested data the model documents. Pair with `include_deleted=true` to see deletions too.',
    example: '2026-01-31T12:00:00.000Z',
    type: String,
    format: 'date-time',
  })
  @IsOptional()
  @ToDateTime()
  @IsDate({ message: DATE_TIME_PROBLEM })
  updated_after?: Date;

  @ApiPropertyOptional({ description: 'Also return records deleted in the ATS (their `remote_deleted_at` is set).', default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  include_deleted?: boolean;

  @ApiPropertyOptional({ description: 'Accepted for Kombo compatibility; every filter here is supported, so it changes nothing.', default: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  ignore_unsupported_filters?: boolean;

  @ApiPropertyOptional(idList('record'))
  @IdList()
  ids?: string[];

  @ApiPropertyOptional({ type: String, description: 'Comma-separated ids of the records in the ATS.', example: '12345,12346' })
  @TextList()
  remote_ids?: string[];
}

export class CandidatesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ type: String, description: 'Case-insensitive; matches any of the candidate’s addresses. Comma-separate several.', example: 'jane.doe@example.com' })
  @EmailList()
  email?: string[];

  @ApiPropertyOptional({ type: String, description: 'Case-insensitive exact first name.', example: 'Jane' })
  @TextList()
  first_name?: string[];

  @ApiPropertyOptional({ type: String, description: 'Case-insensitive exact last name.', example: 'Doe' })
  @TextList()
  last_name?: string[];

  @ApiPropertyOptional(idList('job (candidates with an application to one of them)'))
  @IdList()
  job_ids?: string[];
}

export const OUTCOMES = ['PENDING', 'HIRED', 'DECLINED'] as const;
export const JOB_STATUSES = ['OPEN', 'CLOSED', 'DRAFT', 'ARCHIVED'] as const;

export class ApplicationsQueryDto extends ListQueryDto {
  @ApiPropertyOptional(idList('job'))
  @IdList()
  job_ids?: string[];

  @ApiPropertyOptional(idList('candidate'))
  @IdList()
  candidate_ids?: string[];

  @ApiPropertyOptional({ type: String, description: `Comma-separated outcomes: ${OUTCOMES.join(', ')}.`, example: 'PENDING,HIRED' })
  @EnumList(OUTCOMES)
  outcomes?: string[];

  @ApiPropertyOptional(idList('application stage'))
  @IdList()
  current_stage_ids?: string[];
}

export class JobsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ type: String, description: `Comma-separated statuses: ${JOB_STATUSES.join(', ')}.`, example: 'OPEN' })
  @EnumList(JOB_STATUSES)
  statuses?: string[];

  @ApiPropertyOptional({ description: 'Case-insensitive part of the job name.', example: 'engineer' })
  @IsOptional()
  @Trimmed()
  @IsString({ message: 'must be given once, as text' })
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  name_contains?: string;

  @ApiPropertyOptional({ description: '`false` hides confidential jobs (the upload flow shows only these); `true` lists only them.', example: false })
  @IsOptional()
  @ToBoolean()
  @IsBoolean({ message: 'must be true or false' })
  confidential?: boolean;
}

export class InterviewsQueryDto extends ListQueryDto {
  @ApiPropertyOptional(idList('job (interviews of applications to one of them)'))
  @IdList()
  job_ids?: string[];

  @ApiPropertyOptional(idList('application'))
  @IdList()
  application_ids?: string[];
}

export class UsersQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ type: String, description: 'Case-insensitive email addresses, comma-separated.', example: 'recruiter@example.com' })
  @EmailList()
  emails?: string[];
}
