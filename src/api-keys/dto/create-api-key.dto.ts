import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ format: 'uuid', description: 'The one connection this key may reach.' })
  @IsUUID('all', { message: 'must be the UUID of a connection' })
  connection_id: string;

  @ApiPropertyOptional({ example: 'sourcing-app production' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}

export class ListApiKeysQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'must be the UUID of a connection' })
  connection_id?: string;
}
