import { ApiProperty } from '@nestjs/swagger';
import { Bool, ExtensibleRecordResponse, Id, ListOf, LocationResponse, Num, OneOf, RemoteId, Text, Time } from './common.response.js';
import { StageRefResponse } from './refs.response.js';
import { HiringTeamMemberResponse } from './user.response.js';

export class NestedJobPostingResponse {
  @Id() id: string;
  @RemoteId() remote_id: string | null;
  @Text('Senior Backend Engineer (m/f/d)') title: string | null;
  @Text('<p>Join us…</p>') description_html: string | null;
  @OneOf(['ACTIVE', 'INACTIVE', 'DRAFT'], 'ACTIVE') status: string | null;
  @OneOf(['PUBLIC', 'INTERNAL', 'UNLISTED'], 'PUBLIC') visibility: string | null;
  @Text('https://jobs.example.com/123') url: string | null;
}

export class JobResponse extends ExtensibleRecordResponse {
  @Text('Senior Backend Engineer') name: string | null;
  @Text('ENG-42') job_code: string | null;
  @Text('From the most recent live and active posting') description: string | null;
  @Bool(false) confidential: boolean | null;
  @Num(40) weekly_hours: number | null;
  @Text('FULL_TIME') employment_type: string | null;
  @Text('OPEN', 'OPEN, CLOSED, DRAFT or ARCHIVED') status: string | null;
  @Text('PUBLIC') visibility: string | null;
  @Text(null) category: string | null;
  @Text('Engineering', 'The first department; all are in custom_fields') department: string | null;
  @Text('https://jobs.example.com/123') post_url: string | null;
  @Text(null) experience_level: string | null;
  @Text(null) remote_work_status: string | null;
  @Num(null) salary_amount: number | null;
  @Num(70000) salary_amount_from: number | null;
  @Num(90000) salary_amount_to: number | null;
  @Text('EUR') salary_currency: string | null;
  @Text('YEAR') salary_period: string | null;
  @ApiProperty({ type: LocationResponse, nullable: true, description: 'The first office; all are in custom_fields' })
  location: LocationResponse | null;
  @Time() opened_at: string | null;
  @Time() closed_at: string | null;
  @Text(null) contact_id: null;
  @ListOf(() => StageRefResponse, 'The job’s interview plan, in order') stages: StageRefResponse[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: [] }) screening_questions: unknown[];
  @ListOf(() => NestedJobPostingResponse) job_postings: NestedJobPostingResponse[];
  @ListOf(() => HiringTeamMemberResponse) hiring_team: HiringTeamMemberResponse[];
}

export class JobPostingResponse extends ExtensibleRecordResponse {
  @Text('Senior Backend Engineer (m/f/d)') title: string | null;
  @Text('<p>Join us…</p>') description_html: string | null;
  @Text('ACTIVE', 'ACTIVE, INACTIVE, DRAFT or CLOSED') status: string | null;
  @Text('PUBLIC') visibility: string | null;
  @Text('https://jobs.example.com/123') url: string | null;
  @ApiProperty({ format: 'uuid', nullable: true }) job_id: string | null;
}
