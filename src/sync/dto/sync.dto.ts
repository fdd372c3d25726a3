import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDate, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DATE_TIME_PROBLEM, parseDateTime } from '../../common/validation/date-time.js';
import type { SyncRun } from '../sync-runs.repository.js';

export class StartSyncDto {
  @ApiProperty({ enum: ['FULL', 'DELTA'], description: 'FULL fetches everything and detects deletions; DELTA fetches changes since the last run.' })
  @IsIn(['FULL', 'DELTA'], { message: 'must be FULL or DELTA' })
  type: 'FULL' | 'DELTA';
}

export class ListSyncsQuery {
  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number from 1 to 100' })
  @Min(1, { message: 'must be a whole number from 1 to 100' })
  @Max(100, { message: 'must be a whole number from 1 to 100' })
  limit?: number;

  @ApiPropertyOptional({ description: 'Only runs created before this time (ISO 8601 with a zone), to page back through history.', type: String, format: 'date-time' })
  @IsOptional()
  @Transform(({ value }) => parseDateTime(value) ?? value)
  @IsDate({ message: DATE_TIME_PROBLEM })
  before?: Date;
}

const COUNTS_EXAMPLE = { candidates: { fetched: 1200, created: 3, updated: 10, unchanged: 1187, deleted: 0, failed: 0 } };

export class SyncRunResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) connection_id: string;
  @ApiProperty({ enum: ['FULL', 'DELTA'] }) type: string;
  @ApiProperty({ enum: ['MANUAL', 'SCHEDULED'] }) trigger: string;
  @ApiProperty({ enum: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED', 'CANCELLED'] }) state: string;
  @ApiProperty({ description: 'Per model: fetched, created, updated, unchanged, deleted, failed.', example: COUNTS_EXAMPLE })
  counts: Record<string, unknown>;
  @ApiProperty({ description: 'Per stream: state, mode (a DELTA may run FULL, with a note why), pages, timings, error.' })
  streams: Record<string, unknown>;
  @ApiProperty({ description: 'What went wrong, with stable codes (first 100).', example: [] }) errors: unknown[];
  @ApiProperty() created_at: Date;
  @ApiPropertyOptional({ nullable: true }) started_at: Date | null;
  @ApiPropertyOptional({ nullable: true }) finished_at: Date | null;
  @ApiPropertyOptional({ nullable: true }) duration_seconds: number | null;

  static from(run: SyncRun): SyncRunResponse {
    const end = run.finished_at ?? (run.started_at ? new Date() : null);
    return {
      id: run.id,
      connection_id: run.connection_id,
      type: run.type,
      trigger: run.trigger,
      state: run.state,
      counts: run.counts,
      streams: run.streams,
      errors: run.errors,
      created_at: run.created_at,
      started_at: run.started_at,
      finished_at: run.finished_at,
      duration_seconds: run.started_at && end ? (end.getTime() - run.started_at.getTime()) / 1000 : null,
    };
  }
}
