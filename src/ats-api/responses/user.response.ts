import { ApiProperty } from '@nestjs/swagger';
import { ExtensibleRecordResponse, ListOf, OneOf, Text } from './common.response.js';

export const ROLE_TYPES = ['HIRING_MANAGER', 'RECRUITER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER', 'ADMIN'] as const;

export class RoleResponse {
  @Text(null) remote_id: string | null;
  @Text('Hiring Manager') remote_label: string | null;
  @OneOf(['SYSTEM', 'JOB'], 'SYSTEM') scope: string | null;
  @OneOf(ROLE_TYPES, 'HIRING_MANAGER') unified_type: string | null;
}

export class UserResponse extends ExtensibleRecordResponse {
  @Text('Ada') first_name: string | null;
  @Text('Lovelace') last_name: string | null;
  @Text('ada@example.com') email: string | null;
  @OneOf(['ACTIVE', 'INACTIVE'], 'ACTIVE') status: string | null;
  @ListOf(() => RoleResponse, 'The user’s roles in the ATS') system_roles: RoleResponse[];
}

export class HiringTeamMemberResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @Text('42') remote_id: string | null;
  @Text('Ada') first_name: string | null;
  @Text('Lovelace') last_name: string | null;
  @Text('ada@example.com') email: string | null;
  @ApiProperty({ type: [String], example: ['HIRING_MANAGER'], description: 'The roles as the ATS names them' }) roles: string[];
  @ApiProperty({ enum: ['RECRUITER', 'HIRING_MANAGER', 'COORDINATOR', 'SOURCER', 'INTERVIEWER'], isArray: true, example: ['HIRING_MANAGER'] })
  hiring_team_roles: string[];
  @ListOf(() => RoleResponse) job_roles: RoleResponse[];
}
