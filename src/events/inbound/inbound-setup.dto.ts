import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsOptional, IsUrl } from 'class-validator';
import { EXAMPLE_ID, EXAMPLE_TIME } from '../../ats-api/responses/common.response.js';
import { ManagementPageQuery } from '../../common/management-page.js';

export class InboundWebhookSetupDto {
  @ApiPropertyOptional({ description: "Register the webhooks with the partner through the connection's API key (Ashby webhook.create)" })
  @IsOptional()
  @IsBoolean()
  register?: boolean;

  @ApiPropertyOptional({ description: 'The address the partner reaches ats-sync at (default: the host this request came to)' })
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  public_url?: string;
}

/** `GET /v1/connections/:id/inbound-events`: newest first. */
export class InboundEventsQuery extends ManagementPageQuery {
  @ApiPropertyOptional({ description: 'Only events received before this time (ISO 8601)', type: String, format: 'date-time' })
  @IsOptional()
  @IsDateString()
  before?: string;
}

export class RemoteRefResponse {
  @ApiProperty({ example: 'candidates' }) model: string;
  @ApiProperty({ example: 'f2b7c3a1-0d9e-4c55-9a43-7f6c1b2e8d10' }) remote_id: string;
}

export class InboundEventResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID }) id: string;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIME }) received_at: Date;
  @ApiProperty({ type: String, nullable: true, example: 'b0c6f1e2-5a4d-4f3b-8e2a-9c1d7e6f5a4b', description: "The partner's id of the delivery (Ashby webhookActionId)" }) delivery_id: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'candidateHire' }) event_type: string | null;
  @ApiProperty({ enum: ['VERIFIED', 'MISSING_SIGNATURE', 'BAD_SIGNATURE', 'NO_SECRET', 'REPLAYED', 'NOT_JSON'], example: 'VERIFIED' }) verification: string;
  @ApiProperty({ enum: ['REJECTED', 'PING', 'IGNORED', 'QUEUED', 'PROCESSING', 'WAITING', 'APPLIED', 'DROPPED', 'FAILED'], example: 'APPLIED' }) state: string;
  @ApiProperty({ type: RemoteRefResponse, isArray: true, description: 'Records the event asks to re-read from the partner' }) refresh: RemoteRefResponse[];
  @ApiProperty({ type: RemoteRefResponse, isArray: true, description: 'Records the event says are gone', example: [] }) deleted: RemoteRefResponse[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'What applying it changed, per model', example: { candidates: { updated: 1 } } })
  changes: Record<string, Record<string, number>> | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it was rejected, ignored, is waiting or was dropped' }) reason: string | null;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ type: Number, nullable: true, example: 12, description: 'Milliseconds from arrival to the answer to the partner' }) receive_ms: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: EXAMPLE_TIME }) processed_at: Date | null;
}
