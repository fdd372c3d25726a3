import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** Per-connection settings. Unset values take the documented defaults. */
export class ConnectionSettingsDto {
  @ApiPropertyOptional({ description: 'Minutes between scheduled DELTA syncs (5–1440).', example: 15, default: 15 })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(1440)
  delta_sync_interval_minutes?: number;

  @ApiPropertyOptional({ description: 'Hours between scheduled FULL syncs (1–168).', example: 24, default: 24 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(168)
  full_sync_interval_hours?: number;

  @ApiPropertyOptional({ description: 'Pause scheduled syncs; manual syncs still run.', example: false })
  @IsOptional()
  sync_paused?: boolean;

  @ApiPropertyOptional({ description: 'Let writes target confidential jobs (hidden from the upload flow by default: a write to one answers 404).', example: false })
  @IsOptional()
  @IsBoolean()
  allow_confidential_jobs?: boolean;

  @ApiPropertyOptional({ description: 'The ATS user (remote id) writes act as when a request names none, where the ATS requires one (e.g. the creator of a candidate, the author of a note).' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  default_user_remote_id?: string;
}
