import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsDefined,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export const CONTACT_TYPES = ['PERSONAL', 'WORK', 'OTHER'] as const;
export const ATTACHMENT_TYPES = ['CV', 'COVER_LETTER', 'OTHER'] as const;

export class EmailInputDto {
  @ApiPropertyOptional({ enum: CONTACT_TYPES, nullable: true })
  @IsOptional()
  @IsIn(CONTACT_TYPES, { message: `must be one of ${CONTACT_TYPES.join(', ')}` })
  type?: (typeof CONTACT_TYPES)[number] | null;

  @ApiProperty({ example: 'jane.work@example.com' })
  @IsEmail({}, { message: 'must be an email address' })
  email_address: string;
}

export class PhoneInputDto {
  @ApiPropertyOptional({ enum: CONTACT_TYPES, nullable: true })
  @IsOptional()
  @IsIn(CONTACT_TYPES, { message: `must be one of ${CONTACT_TYPES.join(', ')}` })
  type?: (typeof CONTACT_TYPES)[number] | null;

  @ApiProperty({ example: '+1 555 0100' })
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  phone_number: string;
}

export class LocationInputDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) city?: string | null;
  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'DE' })
  @IsString()
  @Length(2, 2, { message: 'must be an ISO 3166-1 alpha-2 code such as DE' })
  country: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) state?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) street_1?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) zip_code?: string | null;
}

export class SocialLinkInputDto {
  @ApiProperty({ example: 'https://www.linkedin.com/in/janedoe' })
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  url: string;
}

export class SalaryExpectationsDto {
  @ApiPropertyOptional({ enum: ['MONTH', 'YEAR'] }) @IsOptional() @IsIn(['MONTH', 'YEAR']) period?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber() amount?: number;
}

/** Kombo's `candidate` object of both creates. */
export class CandidateInputDto {
  @ApiProperty({ example: 'Jane' })
  @IsString({ message: 'is required (a non-empty string)' })
  @Matches(/\S/, { message: 'is required (a non-empty string)' })
  @MaxLength(200)
  first_name: string;

  @ApiProperty({ example: 'Doe' })
  @IsString({ message: 'is required (a non-empty string)' })
  @Matches(/\S/, { message: 'is required (a non-empty string)' })
  @MaxLength(200)
  last_name: string;

  @ApiProperty({ example: 'jane.doe@example.com' })
  @IsDefined({ message: 'is required (an email address)' })
  @IsEmail({}, { message: 'must be an email address' })
  email_address: string;

  @ApiPropertyOptional({ type: [EmailInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EmailInputDto)
  additional_email_addresses?: EmailInputDto[];

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) company?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) title?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) phone_number?: string | null;

  @ApiPropertyOptional({ type: [PhoneInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PhoneInputDto)
  additional_phone_numbers?: PhoneInputDto[];

  @ApiPropertyOptional({ type: LocationInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationInputDto)
  location?: LocationInputDto | null;

  @ApiPropertyOptional({ enum: ['MALE', 'FEMALE', 'OTHER'] }) @IsOptional() @IsIn(['MALE', 'FEMALE', 'OTHER']) gender?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsDateString() availability_date?: string | null;

  @ApiPropertyOptional({ type: SalaryExpectationsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SalaryExpectationsDto)
  salary_expectations?: SalaryExpectationsDto | null;

  @ApiPropertyOptional({ type: [SocialLinkInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SocialLinkInputDto)
  social_links?: SocialLinkInputDto[];
}

/** A file: base64 `data` with `content_type`, or a `data:` URL in `data_url`. */
export class AttachmentInputDto {
  @ApiProperty({ example: 'jane-doe-cv.pdf' })
  @IsString()
  @IsNotEmpty({ message: 'is required (the file name)' })
  @MaxLength(255)
  name: string;

  @ApiPropertyOptional({ example: 'application/pdf', description: 'Required with `data`.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  content_type?: string;

  @ApiPropertyOptional({ description: 'A `data:` URL (this server fetches no remote URLs).' })
  @IsOptional()
  @IsString()
  data_url?: string;

  @ApiPropertyOptional({ description: 'The file, base64.' })
  @IsOptional()
  @IsString()
  data?: string;

  @ApiProperty({ enum: ATTACHMENT_TYPES })
  @IsIn(ATTACHMENT_TYPES, { message: `must be one of ${ATTACHMENT_TYPES.join(', ')}` })
  type: (typeof ATTACHMENT_TYPES)[number];
}

export class SourcedByDto {
  @ApiProperty({ description: 'Our user id, or `remote:<id>`.' })
  @IsString()
  @IsNotEmpty()
  user_id: string;
}

export class ScreeningAnswerDto {
  @ApiProperty() @IsString() question_id: string;
  @ApiProperty() @IsDefined() answer: unknown;
}

export class GdprConsentDto {
  @ApiPropertyOptional() @IsOptional() @IsDateString() expires_at?: string;
  @ApiPropertyOptional() @IsOptional() given?: boolean;
}

export class DeprecatedSourceDto {
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() unified_key?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() id?: string;
}

export const DUPLICATE_STRATEGIES = ['attach_on_email_match', 'create_new', 'fail'] as const;
export type DuplicateStrategy = (typeof DUPLICATE_STRATEGIES)[number];

/** What both creates take besides the candidate and the job (Kombo's fields, then ours). */
export class CreateCommonDto {
  @ApiProperty({ type: CandidateInputDto })
  @IsDefined({ message: 'is required (an object with first_name, last_name and email_address)' })
  @IsObject({ message: 'must be an object with first_name, last_name and email_address' })
  @ValidateNested()
  @Type(() => CandidateInputDto)
  candidate: CandidateInputDto;

  @ApiPropertyOptional({ type: [AttachmentInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => AttachmentInputDto)
  attachments?: AttachmentInputDto[];

  @ApiPropertyOptional({ type: [ScreeningAnswerDto], description: 'Accepted; not sent to the ATS (a warning says so).' })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ScreeningAnswerDto)
  screening_question_answers?: ScreeningAnswerDto[];

  @ApiPropertyOptional({ type: SourcedByDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SourcedByDto)
  sourced_by?: SourcedByDto | null;

  @ApiPropertyOptional({ type: GdprConsentDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GdprConsentDto)
  gdpr_consent?: GdprConsentDto | null;

  @ApiPropertyOptional({ description: 'Passed to the ATS create call, keyed by provider, e.g. {"ashby": {...}}.' })
  @IsOptional()
  @IsObject()
  remote_fields?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: DeprecatedSourceDto, description: 'Deprecated (Kombo); `name` becomes the source.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeprecatedSourceDto)
  source?: DeprecatedSourceDto | null;

  @ApiPropertyOptional({
    enum: DUPLICATE_STRATEGIES,
    default: 'attach_on_email_match',
    description:
      '`attach_on_email_match`: a candidate with one of these emails (any case) gets the application, no new candidate. `create_new`: always a new candidate ("Upload as new candidate"). `fail`: 409 ATS.CANDIDATE_DUPLICATE listing the matches, nothing written.',
  })
  @IsOptional()
  @IsIn(DUPLICATE_STRATEGIES, { message: `must be one of ${DUPLICATE_STRATEGIES.join(', ')}` })
  duplicate_strategy?: DuplicateStrategy;

  @ApiPropertyOptional({
    description: '"Merge with selected profile": this candidate (our id or `remote:<id>`) gets the emails, phones and links it lacks and the application; nothing is removed or overwritten.',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  merge_with_candidate_id?: string;
}
