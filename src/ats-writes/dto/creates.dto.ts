import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CreateCommonDto } from './candidate-input.dto.js';

/** `POST /v1/ats/jobs/:job_id/applications` (Kombo's recommended create). */
export class CreateApplicationDto extends CreateCommonDto {
  @ApiPropertyOptional({ description: 'Our stage id or `remote:<id>`, of this job; the job’s first stage when left out.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  stage_id?: string;
}

export class ApplicationTargetDto {
  @ApiProperty({ description: 'Our job id or `remote:<id>`.' })
  @IsString({ message: 'is required (our job id or remote:<id>)' })
  @IsNotEmpty({ message: 'is required (our job id or remote:<id>)' })
  job_id: string;

  @ApiPropertyOptional({ description: 'Our stage id or `remote:<id>`; the job’s first stage when left out.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  stage_id?: string | null;
}

/** `POST /v1/ats/candidates` (Kombo's older create); without `application` only the candidate is created. */
export class CreateCandidateDto extends CreateCommonDto {
  @ApiPropertyOptional({ type: ApplicationTargetDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ApplicationTargetDto)
  application?: ApplicationTargetDto | null;
}
