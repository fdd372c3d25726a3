import { ApiProperty } from '@nestjs/swagger';
import { Id, OneOf, RemoteId, Text, Time, Num, Bool, ListOf, LocationResponse } from './common.response.js';

export const OUTCOME_VALUES = ['PENDING', 'HIRED', 'DECLINED'] as const;
export const OFFER_STATUS_VALUES = ['ACCEPTED', 'DECLINED', 'SENT', 'APPROVED', 'DRAFT', 'ABANDONED'] as const;

export class JobRefResponse {
  @Id() id: string;
  @RemoteId() remote_id: string;
  @Text('Senior Backend Engineer') name: string | null;
}

export class StageRefResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @Text('Technical interview') name: string | null;
  @Num(2) index: number | null;
}

export class TagRefResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @Text('Referral') name: string | null;
}

export class UserRefResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @Text('Ada') first_name: string | null;
  @Text('Lovelace') last_name: string | null;
  @Text('ada@example.com') email: string | null;
}

export class EmailAddressResponse {
  @Text('jane.doe@example.com') email_address: string | null;
  @Text('PERSONAL') type: string | null;
}

export class PhoneNumberResponse {
  @ApiProperty({ example: '+49 30 1234567' }) phone_number: string;
  @Text('MOBILE') type: string | null;
}

export class SocialMediaResponse {
  @Text('https://www.linkedin.com/in/janedoe') link: string | null;
  @Text('LINKEDIN') type: string | null;
  @Text('janedoe') username: string | null;
}

export class CandidateRefResponse {
  @Id() id: string;
  @RemoteId() remote_id: string;
  @Text('Jane') first_name: string | null;
  @Text('Doe') last_name: string | null;
  @ListOf(() => EmailAddressResponse) email_addresses: EmailAddressResponse[];
}

export class InterviewRefResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @Text('Onsite') title: string | null;
  @Time() starting_at: string | null;
  @Time() ending_at: string | null;
  @ApiProperty({ type: LocationResponse, nullable: true }) location: LocationResponse | null;
  @Bool(false) canceled: boolean | null;
}

export class OfferRefResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @OneOf(OFFER_STATUS_VALUES, 'SENT') status: string | null;
}
