import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE_ID, EXAMPLE_TIME } from '../../ats-api/responses/common.response.js';
import { ManagementPageQuery } from '../../common/management-page.js';
import type { AuditRow } from '../audit-log.js';

/** `GET /v1/connections/:id/actions`: newest first. */
export class WriteActionsQuery extends ManagementPageQuery {}

/** One write that reached the service: who, what, how it ended. Never bodies, files or secrets. */
export class WriteActionResponse {
  @ApiProperty({ format: 'uuid', example: EXAMPLE_ID }) id: string;
  @ApiProperty({ example: 'ats_create_candidate', description: 'The write, as `GET /v1/ats/actions/:action` names it' }) action: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: 'The scoped key that wrote; null: the admin key' }) api_key_id: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'order-1234' }) idempotency_key: string | null;
  @ApiProperty({ enum: ['SUCCEEDED', 'FAILED'], example: 'SUCCEEDED' }) outcome: string;
  @ApiProperty({ example: 200, description: 'The status ats-sync answered with' }) status_code: number;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'The stable error code of a failed write' }) error_code: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) error_message: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 201, description: "The partner's HTTP status, where the write reached it" }) partner_status: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The ids the write resulted in (ours and the partner's)", example: { id: EXAMPLE_ID, remote_id: '1234' } })
  result: Record<string, unknown>;
  @ApiProperty({ type: String, isArray: true, example: [] }) warnings: string[];
  @ApiProperty({ example: 840 }) duration_ms: number;
  @ApiProperty({ type: String, format: 'date-time', example: EXAMPLE_TIME }) created_at: Date;

  static from(row: AuditRow): WriteActionResponse {
    return {
      id: row.id,
      action: row.action,
      api_key_id: row.api_key_id,
      idempotency_key: row.idempotency_key,
      outcome: row.outcome,
      status_code: row.status_code,
      error_code: row.error_code,
      error_message: row.error_message,
      partner_status: row.partner_status,
      result: row.result,
      warnings: row.warnings,
      duration_ms: row.duration_ms,
      created_at: row.created_at,
    };
  }
}
