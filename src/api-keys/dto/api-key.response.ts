import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiKey } from '../api-key.entity.js';

export class ApiKeyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) connection_id: string;
  @ApiPropertyOptional({ nullable: true }) name: string | null;
  @ApiProperty({ example: 'ats_sk_Xy3f', description: 'The first characters, to tell keys apart.' }) key_prefix: string;
  @ApiProperty() created_at: Date;
  @ApiPropertyOptional({ nullable: true }) last_used_at: Date | null;

  static from(k: ApiKey): ApiKeyResponse {
    return {
      id: k.id,
      connection_id: k.connection_id,
      name: k.name,
      key_prefix: k.key_prefix,
      created_at: k.created_at,
      last_used_at: k.last_used_at,
    };
  }
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  @ApiProperty({ description: 'The key itself. Shown only in this response; store it now.' })
  key: string;
}
