import { Column, Entity, Index, Unique } from 'typeorm';
import { ExtensibleRecord } from './synced-record.js';

@Entity('ats_applications')
@Unique('uq_ats_applications_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_applications_changed', ['connection_id', 'changed_at', 'id'])
@Index('ix_ats_applications_candidate', ['connection_id', 'candidate_id'])
@Index('ix_ats_applications_job', ['connection_id', 'job_id'])
export class AtsApplication extends ExtensibleRecord {
  @Column('uuid', { nullable: true })
  candidate_id: string | null;

  @Column('uuid', { nullable: true })
  job_id: string | null;

  @Column('uuid', { nullable: true })
  current_stage_id: string | null;

  /** PENDING, HIRED or DECLINED. */
  @Column('text', { nullable: true })
  outcome: string | null;

  @Column('text', { nullable: true })
  rejection_reason_name: string | null;

  @Column('timestamptz', { nullable: true })
  rejected_at: Date | null;
}
