import { ApiProperty } from '@nestjs/swagger';
import { Bool, ExtensibleRecordResponse, Id, ListOf, OneOf, RemoteId, Text, Time } from './common.response.js';
import {
  EmailAddressResponse,
  JobRefResponse,
  OUTCOME_VALUES,
  PhoneNumberResponse,
  SocialMediaResponse,
  StageRefResponse,
  TagRefResponse,
} from './refs.response.js';

export class CandidateApplicationResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @OneOf(OUTCOME_VALUES, 'PENDING') outcome: string | null;
  @Text(null) rejection_reason_name: string | null;
  @Time(undefined, true, null) rejected_at: string | null;
  @Text(null) remote_url: null;
  @Time(undefined, false) changed_at: string;
  @Time() remote_created_at: string | null;
  @Time() remote_updated_at: string | null;
  @ApiProperty({ type: StageRefResponse, nullable: true }) current_stage: StageRefResponse | null;
  @ApiProperty({ type: JobRefResponse, nullable: true }) job: JobRefResponse | null;
}

export class CandidateResponse extends ExtensibleRecordResponse {
  @Text('Jane') first_name: string | null;
  @Text('Doe') last_name: string | null;
  @Text('Acme') company: string | null;
  @Text('Engineer') title: string | null;
  @Bool(false) confidential: boolean | null;
  @Text('LinkedIn', 'The source of the candidate’s first application') source: string | null;
  @ListOf(() => PhoneNumberResponse) phone_numbers: PhoneNumberResponse[];
  @ListOf(() => EmailAddressResponse) email_addresses: EmailAddressResponse[];
  @ListOf(() => SocialMediaResponse) social_media: SocialMediaResponse[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, example: { city: 'Berlin', country: 'DE' } })
  location: Record<string, string | null> | null;
  @ListOf(() => CandidateApplicationResponse) applications: CandidateApplicationResponse[];
  @ListOf(() => TagRefResponse) tags: TagRefResponse[];
}
