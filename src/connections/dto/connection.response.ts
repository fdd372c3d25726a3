import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Connection } from '../connection.entity.js';

/** A connection as the API shows it: never its credentials. */
export class ConnectionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ashby' }) provider: string;
  @ApiPropertyOptional({ nullable: true }) name: string | null;
  @ApiPropertyOptional({ nullable: true }) base_url: string | null;
  @ApiProperty({ example: { delta_sync_interval_minutes: 15 } }) settings: Record<string, unknown>;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ enum: ['ACTIVE', 'INACTIVE', 'INVALID'] }) state: string;
  @ApiPropertyOptional({ nullable: true }) state_reason: string | null;
  @ApiProperty({ description: 'Credentials are stored (encrypted); they are never shown.' }) credentials_set: boolean;
  @ApiProperty() created_at: Date;
  @ApiProperty() updated_at: Date;

  static from(c: Connection): ConnectionResponse {
    return {
      id: c.id,
      provider: c.provider,
      name: c.name,
      base_url: c.base_url,
      settings: c.settings,
      enabled: c.enabled,
      state: c.enabled ? c.state : 'INACTIVE',
      state_reason: c.state_reason,
      credentials_set: Boolean(c.credentials_encrypted),
      created_at: c.created_at,
      updated_at: c.updated_at,
    };
  }
}
