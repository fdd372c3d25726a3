import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { OmittableNotNull } from '../../common/validation/optional.js';

export class ForceSyncDto {
  @ApiPropertyOptional({ enum: ['FULL', 'DELTA'], default: 'FULL' })
  @OmittableNotNull()
  @IsIn(['FULL', 'DELTA'], { message: 'must be FULL or DELTA' })
  type?: 'FULL' | 'DELTA';
}

export class SetEnabledDto {
  @ApiProperty({ description: 'false stops syncs and writes of the integration until it is enabled again.' })
  @IsDefined({ message: 'is required (true or false)' })
  @IsBoolean({ message: 'must be true or false' })
  value: boolean;
}

/** Kombo's DELETE body is an empty object. */
export class DeleteIntegrationDto {}

export const PASSTHROUGH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export class PassthroughDto {
  @ApiProperty({ enum: PASSTHROUGH_METHODS })
  @IsIn(PASSTHROUGH_METHODS, { message: `must be one of ${PASSTHROUGH_METHODS.join(', ')}` })
  method: (typeof PASSTHROUGH_METHODS)[number];

  @ApiProperty({ example: '/candidate.list', description: "A path under the connection's partner API base URL; no scheme, host, '..' or '//'." })
  @IsString()
  @MaxLength(2000)
  path: string;

  @ApiPropertyOptional({ type: Object, description: 'Extra request headers (auth, Host, Cookie and hop-by-hop headers are refused).' })
  @IsOptional()
  @IsObject()
  headers?: Record<string, string>;

  @ApiPropertyOptional({ type: Object, description: 'Query parameters.' })
  @IsOptional()
  @IsObject()
  params?: Record<string, string>;

  @ApiPropertyOptional({ type: Object, description: 'The JSON body.' })
  @IsOptional()
  data?: unknown;

  @ApiPropertyOptional({ default: false })
  @OmittableNotNull()
  @IsBoolean()
  response_as_base64?: boolean;

  @ApiPropertyOptional({ type: Object, description: 'Not supported by ats-sync.' })
  @IsOptional()
  @IsIn([undefined], { message: 'is not supported by ats-sync passthrough: send a JSON body as data' })
  multipart_form_data?: unknown;

  @ApiPropertyOptional({ type: Object, description: 'Not supported by ats-sync.' })
  @IsOptional()
  @IsIn([undefined], { message: 'is not supported by ats-sync passthrough: leave it out' })
  api_options?: unknown;
}
