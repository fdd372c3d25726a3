import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATS_MODEL_ENTITIES } from '../../ats/entities/index.js';
import type { AtsModel } from '../../ats/normalized.js';
import { findConnector } from '../../connectors/connector-registry.js';
import type { Connection } from '../connection.entity.js';

const ALL_MODELS = Object.keys(ATS_MODEL_ENTITIES) as AtsModel[];

/** Which models the provider has: the read API answers empty lists for the others. */
function modelsOf(provider: string): { supported: AtsModel[]; unsupported: AtsModel[] } {
  const declared = findConnector(provider)?.models;
  const supported = declared ? ALL_MODELS.filter((m) => declared.includes(m)) : ALL_MODELS;
  return { supported, unsupported: ALL_MODELS.filter((m) => !supported.includes(m)) };
}

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
  @ApiProperty({ description: 'The models the provider has; `unsupported` ones read as empty lists.', example: { supported: ['candidates'], unsupported: ['offers'] } })
  models: { supported: string[]; unsupported: string[] };
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
      models: modelsOf(c.provider),
      created_at: c.created_at,
      updated_at: c.updated_at,
    };
  }
}
