import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsBoolean, IsEmail, IsIn, IsObject, IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { OmittableNotNull } from '../../common/validation/optional.js';

export const LANGUAGES = ['en', 'de', 'fr', 'it', 'es'] as const;
export const LINK_TYPES = ['EMBEDDED', 'MAGIC_LINK'] as const;

/** Kombo's `POST /connect/create-link` body (what Kombo's SDK sends), plus ats-sync's `base_url`. */
export class CreateLinkDto {
  @ApiProperty({ example: 'it@acme.example', description: 'The end user who connects (recorded on the connection).' })
  @IsString()
  @IsEmail({}, { message: 'must be an email address' })
  @MaxLength(320)
  end_user_email: string;

  @ApiProperty({ example: 'Acme Corp' })
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(200)
  end_user_organization_name: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: "Your id of the end user's organization." })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  end_user_origin_id?: string | null;

  @ApiPropertyOptional({ enum: ['ATS'], default: 'ATS', description: 'ats-sync connects ATS tools only.' })
  @IsOptional()
  @IsIn(['ATS'], { message: 'must be ATS: ats-sync connects applicant-tracking systems only (Kombo’s SDK defaults to HRIS; send integration_category: "ATS")' })
  integration_category?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'ashby', description: 'Preselect the provider; the user then only enters its key.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  integration_tool?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES, type: String, nullable: true, default: 'en' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` })
  language?: string | null;

  @ApiPropertyOptional({ enum: LINK_TYPES, default: 'EMBEDDED', description: 'EMBEDDED links live an hour, MAGIC_LINK links 30 days; both make one connection.' })
  @IsOptional()
  @IsIn(LINK_TYPES, { message: `must be one of ${LINK_TYPES.join(', ')}` })
  link_type?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Kombo’s; ats-sync has one environment per provider: must be null.' })
  @IsOptional()
  @Equals(null, { message: 'is not supported by ats-sync (one environment per provider): leave it out' })
  remote_environment?: null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Kombo’s; ats-sync has no scope configs: must be null.' })
  @IsOptional()
  @Equals(null, { message: 'is not supported by ats-sync (every model is synced): leave it out' })
  scope_config_id?: null;

  @ApiPropertyOptional({ default: false, description: 'Kombo’s (HRIS filtering); must be false.' })
  @OmittableNotNull()
  @IsBoolean()
  @Equals(false, { message: 'is not supported by ats-sync: leave it out or send false' })
  enable_filtering?: boolean;

  @ApiPropertyOptional({ default: false, description: 'Kombo’s; must be false.' })
  @OmittableNotNull()
  @IsBoolean()
  @Equals(false, { message: 'is not supported by ats-sync: leave it out or send false' })
  enable_field_mapping?: boolean;

  @ApiPropertyOptional({
    description: "ats-sync's own: the provider API's base URL for the connection this link makes (proxies, sandboxes). Set by your backend; the end user cannot change it.",
    example: 'http://127.0.0.1:4020',
  })
  @OmittableNotNull()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http(s) URL' })
  base_url?: string;
}

/** The Connect page's submission. */
export class PageConnectDto {
  @ApiProperty({ example: 'gem' })
  @IsString()
  @MaxLength(100)
  tool: string;

  @ApiProperty({ type: Object, example: { api_key: '…' } })
  @IsObject({ message: 'must be an object such as {"api_key": "…"}' })
  credentials: Record<string, unknown>;
}

/** Kombo's relink body. */
export class RelinkDto {
  @ApiPropertyOptional({ enum: LANGUAGES, type: String, nullable: true, default: 'en' })
  @IsOptional()
  @IsIn(LANGUAGES, { message: `must be one of ${LANGUAGES.join(', ')}` })
  language?: string | null;

  @ApiPropertyOptional({ enum: LINK_TYPES, default: 'EMBEDDED' })
  @IsOptional()
  @IsIn(LINK_TYPES, { message: `must be one of ${LINK_TYPES.join(', ')}` })
  link_type?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Equals(null, { message: 'is not supported by ats-sync (every model is synced): leave it out' })
  scope_config_id?: null;
}
