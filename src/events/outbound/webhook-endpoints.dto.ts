import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsUrl, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { OUTBOUND_EVENT_TYPES } from './outbox.js';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
const TYPES_MESSAGE = `must be a list of event types from ${OUTBOUND_EVENT_TYPES.join(', ')}`;

export class CreateWebhookDto {
  @ApiProperty({ description: 'Where events are POSTed (http or https)', example: 'https://app.example.com/hooks/ats-sync' })
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  @MaxLength(2048)
  url!: string;

  @ApiProperty({ enum: OUTBOUND_EVENT_TYPES, isArray: true })
  @IsArray({ message: TYPES_MESSAGE })
  @ArrayMinSize(1, { message: TYPES_MESSAGE })
  @ArrayMaxSize(OUTBOUND_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(OUTBOUND_EVENT_TYPES, { each: true, message: TYPES_MESSAGE })
  event_types!: string[];

  @ApiPropertyOptional({ description: "Only this connection's events (default: every connection's)", format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be a connection id (a UUID)' })
  connection_id?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'must be an http(s) URL' })
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ enum: OUTBOUND_EVENT_TYPES, isArray: true })
  @IsOptional()
  @IsArray({ message: TYPES_MESSAGE })
  @ArrayMinSize(1, { message: TYPES_MESSAGE })
  @ArrayUnique()
  @IsIn(OUTBOUND_EVENT_TYPES, { each: true, message: TYPES_MESSAGE })
  event_types?: string[];

  @ApiPropertyOptional({ description: 'true also clears disabled_reason after an automatic disable' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 250, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(250)
  limit?: number;

  @ApiPropertyOptional({ description: 'Only deliveries created before this time' })
  @IsOptional()
  @IsDateString()
  before?: string;
}
