import { ApiProperty } from '@nestjs/swagger';
import { ExtensibleRecordResponse, Id, ListOf, OneOf, RemoteId, Text } from './common.response.js';
import {
  EmailAddressResponse,
  InterviewRefResponse,
  JobRefResponse,
  OfferRefResponse,
  OUTCOME_VALUES,
  PhoneNumberResponse,
  SocialMediaResponse,
  StageRefResponse,
  TagRefResponse,
} from './refs.response.js';

export class ApplicationCandidateResponse {
  @Id() id: string;
  @RemoteId() remote_id: string;
  @Text('Jane') first_name: string | null;
  @Text('Doe') last_name: string | null;
  @ListOf(() => EmailAddressResponse) email_addresses: EmailAddressResponse[];
  @ListOf(() => PhoneNumberResponse) phone_numbers: PhoneNumberResponse[];
  @ListOf(() => SocialMediaResponse) social_media: SocialMediaResponse[];
  @Text('LinkedIn') source: string | null;
  @Text(null) remote_url: null;
  @ListOf(() => TagRefResponse) tags: TagRefResponse[];
}

export class ApplicationResponse extends ExtensibleRecordResponse {
  @OneOf(OUTCOME_VALUES, 'PENDING') outcome: string | null;
  @Text(null) rejection_reason_name: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null }) rejected_at: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) current_stage_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) job_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) candidate_id: string | null;
  @ApiProperty({ type: ApplicationCandidateResponse, nullable: true }) candidate: ApplicationCandidateResponse | null;
  @ApiProperty({ type: StageRefResponse, nullable: true }) current_stage: StageRefResponse | null;
  @ApiProperty({ type: JobRefResponse, nullable: true }) job: JobRefResponse | null;
  @ListOf(() => InterviewRefResponse) interviews: InterviewRefResponse[];
  @ListOf(() => OfferRefResponse) offers: OfferRefResponse[];
}
