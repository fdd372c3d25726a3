import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsString, IsUrl, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PROVIDERS } from '../../connectors/connector-registry.js';
import { ConnectionSettingsDto } from './connection-settings.dto.js';
import { OmittableNotNull } from '../../common/validation/optional.js';

export class CreateConnectionDto {
  @ApiPropertyOptional({
    default: true,
    description: 'Check the credentials with the partner before saving (a cheap authenticated call). false skips the check.',
  })
  @OmittableNotNull()
  @IsBoolean()
  verify_credentials?: boolean;

  @ApiProperty({ enum: PROVIDERS, example: 'ashby' })
  @IsString()
  @IsIn(PROVIDERS, { message: `must be one of ${PROVIDERS.join(', ')}` })
  provider: string;

  @ApiProperty({
    description: "The provider account's credentials; for every provider so far `{ \"api_key\": \"…\" }`. Stored encrypted, never returned.",
    example: { api_key: 'your-ashby-api-key' },
  })
  @IsObject({ message: 'must be an object such as {"api_key": "…"}' })
  credentials: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'A label for operators, e.g. the customer name.', example: 'Acme Corp' })
  @OmittableNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({
    description: "Overrides the provider's API base URL (proxies, sandboxes).",
    example: 'http://127.0.0.1:4010',
  })
  @OmittableNotNull()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  base_url?: string;

  @ApiPropertyOptional({ type: ConnectionSettingsDto })
  @OmittableNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectionSettingsDto)
  settings?: ConnectionSettingsDto;
}
