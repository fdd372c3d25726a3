import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, IsUrl, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { ConnectionSettingsDto } from './connection-settings.dto.js';
import { OmittableNotNull } from '../../common/validation/optional.js';

export class UpdateConnectionDto {
  @ApiPropertyOptional({
    default: true,
    description: 'Check the credentials with the partner before saving (a cheap authenticated call). false skips the check.',
  })
  @OmittableNotNull()
  @IsBoolean()
  verify_credentials?: boolean;

  @ApiPropertyOptional({ description: 'Enable or disable the connection; a disabled one is never synced.' })
  @OmittableNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({ description: 'Rotate credentials. Clears an INVALID state.', example: { api_key: 'new-key' } })
  @OmittableNotNull()
  @IsObject({ message: 'must be an object such as {"api_key": "…"}' })
  credentials?: Record<string, unknown>;

  @ApiPropertyOptional()
  @OmittableNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'null restores the provider default.', nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  base_url?: string | null;

  @ApiPropertyOptional({ type: ConnectionSettingsDto, description: 'Merged into the current settings.' })
  @OmittableNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ConnectionSettingsDto)
  settings?: ConnectionSettingsDto;
}
