import { Column, Entity, Index, Unique } from 'typeorm';
import { SyncedRecord } from './synced-record.js';

// Join tables: remote_id is the pair of remote ids ("<parent>:<member>"), so a member is
// (connection_id, remote_id)-unique like every other row and the writer can diff members per parent.

/** Job-specific application stages: a job's interview plan, in order. */
@Entity('ats_job_stages')
@Unique('uq_ats_job_stages_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_job_stages_job', ['connection_id', 'job_id'])
@Index('ix_ats_job_stages_changed', ['connection_id', 'changed_at', 'id'])
export class AtsJobStage extends SyncedRecord {
  @Column('uuid')
  job_id: string;

  @Column('uuid')
  stage_id: string;

  @Column('integer', { nullable: true })
  index: number | null;
}

@Entity('ats_job_hiring_team_members')
@Unique('uq_ats_job_hiring_team_members_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_job_hiring_team_members_job', ['connection_id', 'job_id'])
@Index('ix_ats_job_hiring_team_members_changed', ['connection_id', 'changed_at', 'id'])
export class AtsJobHiringTeamMember extends SyncedRecord {
  @Column('uuid')
  job_id: string;

  @Column('uuid')
  user_id: string;

  /** HIRING_MANAGER, RECRUITER, COORDINATOR, SOURCER or the ATS's own role names. */
  @Column('jsonb', { default: () => "'[]'" })
  roles: string[];
}

@Entity('ats_interview_team_members')
@Unique('uq_ats_interview_team_members_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_interview_team_members_interview', ['connection_id', 'interview_id'])
@Index('ix_ats_interview_team_members_changed', ['connection_id', 'changed_at', 'id'])
export class AtsInterviewTeamMember extends SyncedRecord {
  @Column('uuid')
  interview_id: string;

  @Column('uuid')
  user_id: string;
}

@Entity('ats_candidate_tags')
@Unique('uq_ats_candidate_tags_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_candidate_tags_candidate', ['connection_id', 'candidate_id'])
@Index('ix_ats_candidate_tags_changed', ['connection_id', 'changed_at', 'id'])
export class AtsCandidateTag extends SyncedRecord {
  @Column('uuid')
  candidate_id: string;

  @Column('uuid')
  tag_id: string;
}
