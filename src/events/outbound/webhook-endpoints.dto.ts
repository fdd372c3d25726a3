import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDateString, IsIn, IsOptional, IsUrl, IsUUID, MaxLength } from 'class-validator';
import { EXAMPLE_ID, EXAMPLE_TIME } from '../../ats-api/responses/common.response.js';
import { ManagementPageQuery } from '../../common/management-page.js';
import { OUTBOUND_EVENT_TYPES } from './outbox.js';
import type { DeliveryRow, EndpointRow } from './webhook-endpoints.repository.js';

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

/** `GET /v1/webhooks`: oldest first. */
export class WebhooksQuery extends ManagementPageQuery {}

/** `GET /v1/webhooks/:id/deliveries`: newest first. */
export class DeliveriesQuery extends ManagementPageQuery {
  @ApiPropertyOptional({ description: 'Only deliveries created before this time (ISO 8601)', type: String, format: 'date-time' })
  @IsOptional()
  @IsDateString()
  before?: string;
}

export class WebhookEndpointResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID }) id: string;
  @ApiProperty({ example: 'https://app.example.com/hooks/ats-sync' }) url: string;
  @ApiProperty({ enum: OUTBOUND_EVENT_TYPES, isArray: true, example: ['sync-finished'] }) event_types: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: "Only this connection's events; null: every connection's" }) connection_id: string | null;
  @ApiProperty({ example: true }) enabled: boolean;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why ats-sync disabled the endpoint (after repeated failures); null otherwise' }) disabled_reason: string | null;
  @ApiProperty({ example: 0 }) consecutive_failures: number;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIME }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIME }) updated_at: Date;

  static from(e: EndpointRow): WebhookEndpointResponse {
    return {
      id: e.id,
      url: e.url,
      event_types: e.event_types,
      connection_id: e.connection_id,
      enabled: e.enabled,
      disabled_reason: e.disabled_reason,
      consecutive_failures: e.consecutive_failures,
      created_at: e.created_at,
      updated_at: e.updated_at,
    };
  }
}

export class CreatedWebhookEndpointResponse extends WebhookEndpointResponse {
  @ApiProperty({ description: 'The signing secret; shown in this response only', example: 'whsec_…' }) secret: string;
}

export class WebhookAttemptResponse {
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIME }) started_at: string;
  @ApiProperty({ type: Number, nullable: true, example: 200, description: "The endpoint's HTTP status; null when no answer came" }) status: number | null;
  @ApiProperty({ example: 42 }) latency_ms: number;
  @ApiProperty({ type: String, nullable: true, example: null }) error: string | null;
}

export class WebhookDeliveryResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID, description: 'The delivery id (the same on every attempt and on a retry)' }) id: string;
  @ApiProperty({ example: 'evt_3f0c1d2e' }) event_id: string;
  @ApiProperty({ enum: OUTBOUND_EVENT_TYPES, example: 'sync-finished' }) event_type: string;
  @ApiProperty({ enum: ['PENDING', 'SENDING', 'SUCCEEDED', 'FAILED'], example: 'SUCCEEDED' }) state: string;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIME }) next_attempt_at: Date;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) last_status: number | null;
  @ApiProperty({ type: String, nullable: true, example: null }) last_error: string | null;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIME }) created_at: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EXAMPLE_TIME }) delivered_at: Date | null;
  @ApiProperty({ type: WebhookAttemptResponse, isArray: true, description: 'Every attempt, oldest first' }) attempt_log: WebhookAttemptResponse[];

  static from(d: DeliveryRow): WebhookDeliveryResponse {
    return {
      id: d.id,
      event_id: d.event_id,
      event_type: d.event_type,
      state: d.state,
      attempts: d.attempts,
      next_attempt_at: d.next_attempt_at,
      last_status: d.last_status,
      last_error: d.last_error,
      created_at: d.created_at,
      delivered_at: d.delivered_at,
      attempt_log: d.attempt_log,
    };
  }
}
