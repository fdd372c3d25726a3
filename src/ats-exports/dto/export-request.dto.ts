import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsDefined,
  IsEmail,
  IsFQDN,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export const MAX_EXPORT_CANDIDATES = 1000;

export class ExportLocationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) city?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) state?: string | null;
  @ApiPropertyOptional({ description: 'Country name or ISO code' }) @IsOptional() @IsString() @MaxLength(100) country?: string | null;
}

export class WorkHistoryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) company?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) title?: string | null;
  @ApiPropertyOptional({ example: '2019-04-01' }) @IsOptional() @IsDateString({}, { message: 'must be a date (YYYY-MM-DD)' }) start_date?: string | null;
  @ApiPropertyOptional({ example: '2023-01-31' }) @IsOptional() @IsDateString({}, { message: 'must be a date (YYYY-MM-DD)' }) end_date?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean({ message: 'must be true or false' }) is_current?: boolean | null;
}

export class EducationDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) school?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) degree?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300) field_of_study?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsDateString({}, { message: 'must be a date (YYYY-MM-DD)' }) start_date?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsDateString({}, { message: 'must be a date (YYYY-MM-DD)' }) end_date?: string | null;
}

/** One sourced profile. `external_id` is the sourcing tool's id: a candidate is exported once per connection. */
export class ExportCandidateDto {
  @ApiProperty({ example: 'seekout-1047659244' })
  @IsString({ message: 'is required (the id of this profile in your tool)' })
  @Matches(/\S/, { message: 'is required (the id of this profile in your tool)' })
  @MaxLength(200)
  external_id: string;

  @ApiPropertyOptional({ example: 'Jane' }) @IsOptional() @IsString() @MaxLength(200) first_name?: string | null;
  @ApiPropertyOptional({ example: 'Doe' }) @IsOptional() @IsString() @MaxLength(200) last_name?: string | null;

  @ApiPropertyOptional({ type: ExportLocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExportLocationDto)
  location?: ExportLocationDto | null;

  @ApiPropertyOptional({ type: [String], example: ['jane@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'must be email addresses' })
  email_addresses?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  phone_numbers?: string[];

  @ApiPropertyOptional({ type: [String], example: ['https://www.linkedin.com/in/janedoe'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { each: true, message: 'must be http(s) URLs' })
  social_links?: string[];

  @ApiPropertyOptional({ example: 'SeekOut' }) @IsOptional() @IsString() @MaxLength(200) source?: string | null;

  @ApiPropertyOptional({ description: 'Our user id, `remote:<id>`, or the email of a synced user' })
  @IsOptional()
  @IsString()
  @MaxLength(320)
  created_by_user?: string | null;

  @ApiPropertyOptional({ type: [WorkHistoryDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => WorkHistoryDto)
  work_history?: WorkHistoryDto[];

  @ApiPropertyOptional({ type: [EducationDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EducationDto)
  education?: EducationDto[];
}

/** `POST /v1/ats/exports`. */
export class CreateExportDto {
  @ApiProperty({ type: [ExportCandidateDto], maxItems: MAX_EXPORT_CANDIDATES })
  @IsDefined({ message: `is required (1 to ${MAX_EXPORT_CANDIDATES} candidates)` })
  @IsArray({ message: `must be an array of 1 to ${MAX_EXPORT_CANDIDATES} candidates` })
  @ArrayMinSize(1, { message: `must hold 1 to ${MAX_EXPORT_CANDIDATES} candidates` })
  @ArrayMaxSize(MAX_EXPORT_CANDIDATES, { message: `must hold 1 to ${MAX_EXPORT_CANDIDATES} candidates: split larger exports` })
  @ValidateNested({ each: true })
  @Type(() => ExportCandidateDto)
  candidates: ExportCandidateDto[];

  @ApiPropertyOptional({ description: 'Our job id or `remote:<id>`: each candidate gets an application in its first stage.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  job_id?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Projects (Gem "prospects") to add every candidate to: the ATS’s ids, `remote:` optional.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  project_ids?: string[];

  @ApiPropertyOptional({ default: false, description: 'Update candidates exported before instead of skipping them.' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  include_previously_exported?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Give candidates without an email a stable placeholder address.' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  generate_placeholder_emails?: boolean;

  @ApiPropertyOptional({ example: 'seekout.example.com' })
  @IsOptional()
  @IsFQDN({}, { message: 'must be a domain name such as sourcing.example.com' })
  placeholder_email_domain?: string;
}
