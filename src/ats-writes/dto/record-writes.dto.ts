import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { AttachmentInputDto } from './candidate-input.dto.js';

export class MoveStageDto {
  @ApiProperty({ description: 'Our stage id or `remote:<id>`, a stage of the application’s job.' })
  @IsString({ message: 'is required (a stage of the application’s job)' })
  @IsNotEmpty({ message: 'is required (a stage of the application’s job)' })
  stage_id: string;

  @ApiPropertyOptional() @IsOptional() @IsObject() remote_fields?: Record<string, unknown>;
}

export class RejectDto {
  @ApiProperty({ description: 'Our rejection reason id or `remote:<id>`.' })
  @IsString({ message: 'is required (a rejection reason id)' })
  @IsNotEmpty({ message: 'is required (a rejection reason id)' })
  rejection_reason_id: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10_000) note?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsObject() remote_fields?: Record<string, unknown>;
}

export class NoteDto {
  @ApiProperty() @IsString({ message: 'is required (the note text)' }) @IsNotEmpty({ message: 'is required (the note text)' }) @MaxLength(100_000) content: string;
  @ApiProperty({ enum: ['PLAIN_TEXT'] }) @IsIn(['PLAIN_TEXT'], { message: 'must be PLAIN_TEXT' }) content_type: 'PLAIN_TEXT';
  @ApiPropertyOptional() @IsOptional() @IsObject() remote_fields?: Record<string, unknown>;
}

export class TagNameDto {
  @ApiProperty({ example: 'Sourced' }) @IsString({ message: 'is required (the tag name)' }) @IsNotEmpty({ message: 'is required (the tag name)' }) @MaxLength(200) name: string;
}

export class TagDto {
  @ApiProperty({ type: TagNameDto })
  @IsDefined({ message: 'is required ({"name": "…"})' })
  @IsObject({ message: 'must be an object {"name": "…"}' })
  @ValidateNested()
  @Type(() => TagNameDto)
  tag: TagNameDto;

  @ApiPropertyOptional() @IsOptional() @IsObject() remote_fields?: Record<string, unknown>;
}

export class AttachmentDto {
  @ApiProperty({ type: AttachmentInputDto })
  @IsDefined({ message: 'is required (an object with name, type and data or data_url)' })
  @IsObject({ message: 'must be an object with name, type and data or data_url' })
  @ValidateNested()
  @Type(() => AttachmentInputDto)
  attachment: AttachmentInputDto;

  @ApiPropertyOptional() @IsOptional() @IsObject() remote_fields?: Record<string, unknown>;
}

/** `POST /v1/ats/candidates/duplicate-check`. */
export class DuplicateCheckDto {
  @ApiPropertyOptional({ example: 'José' }) @IsOptional() @IsString() @MaxLength(200) first_name?: string;
  @ApiPropertyOptional({ example: 'Núñez' }) @IsOptional() @IsString() @MaxLength(200) last_name?: string;

  @ApiPropertyOptional({ type: [String], example: ['jose@example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true, message: 'must be email addresses' })
  email_addresses?: string[];

  @ApiPropertyOptional({ type: [String], example: ['+34 600 000 000'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  phone_numbers?: string[];
}
