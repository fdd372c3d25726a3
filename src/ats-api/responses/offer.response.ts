import { ApiProperty } from '@nestjs/swagger';
import { ExtensibleRecordResponse, Id, Num, OneOf, RemoteId, Text, Time } from './common.response.js';
import { CandidateRefResponse, JobRefResponse, OFFER_STATUS_VALUES } from './refs.response.js';

export class OfferApplicationResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @ApiProperty({ type: CandidateRefResponse, nullable: true }) candidate: CandidateRefResponse | null;
  @ApiProperty({ type: JobRefResponse, nullable: true }) job: JobRefResponse | null;
}

export class OfferResponse extends ExtensibleRecordResponse {
  @OneOf(OFFER_STATUS_VALUES, 'SENT') status: string | null;
  @Time('The agreed start date') employment_start_date: string | null;
  @Num(85000) compensation_amount: number | null;
  @Text('EUR') compensation_currency: string | null;
  @Text('YEAR') compensation_period: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) application_id: string | null;
  @ApiProperty({ type: OfferApplicationResponse, nullable: true }) application: OfferApplicationResponse | null;
}
