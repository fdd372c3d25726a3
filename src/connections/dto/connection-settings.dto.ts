import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OmittableNotNull } from '../../common/validation/optional.js';

/** Per-connection settings. Unset values take the documented defaults. */
export class ConnectionSettingsDto {
  @ApiPropertyOptional({ description: 'Minutes between scheduled DELTA syncs (5–1440).', example: 15, default: 15 })
  @OmittableNotNull()
  @IsInt({ message: 'must be a whole number of minutes from 5 to 1440' })
  @Min(5, { message: 'must be a whole number of minutes from 5 to 1440' })
  @Max(1440, { message: 'must be a whole number of minutes from 5 to 1440' })
  delta_sync_interval_minutes?: number;

  @ApiPropertyOptional({ description: 'Hours between scheduled FULL syncs (1–168).', example: 24, default: 24 })
  @OmittableNotNull()
  @IsInt({ message: 'must be a whole number of hours from 1 to 168' })
  @Min(1, { message: 'must be a whole number of hours from 1 to 168' })
  @Max(168, { message: 'must be a whole number of hours from 1 to 168' })
  full_sync_interval_hours?: number;

  @ApiPropertyOptional({ description: 'Pause scheduled syncs; manual syncs still run.', example: false })
  @OmittableNotNull()
  @IsBoolean({ message: 'must be true or false' })
  sync_paused?: boolean;

  @ApiPropertyOptional({ description: 'Let writes target confidential jobs (hidden from the upload flow by default: a write to one answers 404).', example: false })
  @OmittableNotNull()
  @IsBoolean({ message: 'must be true or false' })
  allow_confidential_jobs?: boolean;

  @ApiPropertyOptional({ description: 'The ATS user (remote id) writes act as when a request names none, where the ATS requires one (e.g. the creator of a candidate, the author of a note).' })
  @OmittableNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  default_user_remote_id?: string;

  @ApiPropertyOptional({ description: 'Gem: the name of the public job board (jobs.gem.com/<name>); job postings and jobs then carry their public URLs.', example: 'acme' })
  @OmittableNotNull()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, { message: 'must be a job board name such as "acme" (letters, digits, - and _)' })
  job_board?: string;
}
