import { ApiProperty } from '@nestjs/swagger';
import { Bool, ExtensibleRecordResponse, Id, ListOf, LocationResponse, OneOf, RemoteId, Text, Time } from './common.response.js';
import { CandidateRefResponse, JobRefResponse, OUTCOME_VALUES, UserRefResponse } from './refs.response.js';

export class InterviewApplicationResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @OneOf(OUTCOME_VALUES, 'PENDING') outcome: string | null;
  @Text(null) rejection_reason_name: string | null;
  @ApiProperty({ type: CandidateRefResponse, nullable: true }) candidate: CandidateRefResponse | null;
  @ApiProperty({ type: JobRefResponse, nullable: true }) job: JobRefResponse | null;
}

export class InterviewResponse extends ExtensibleRecordResponse {
  @Text('Onsite') title: string | null;
  @Time() starting_at: string | null;
  @Time() ending_at: string | null;
  @ApiProperty({ type: LocationResponse, nullable: true }) location: LocationResponse | null;
  @Text('https://meet.example.com/abc') video_conferencing_url: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) application_id: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) stage_id: string | null;
  @Bool(false) canceled: boolean | null;
  @ListOf(() => UserRefResponse, 'The interviewers') users: UserRefResponse[];
  @ApiProperty({ type: InterviewApplicationResponse, nullable: true }) application: InterviewApplicationResponse | null;
}
