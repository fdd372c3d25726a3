import { Column, Entity, Index, Unique } from 'typeorm';
import { ExtensibleRecord } from './synced-record.js';

@Entity('ats_interviews')
@Unique('uq_ats_interviews_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_interviews_changed', ['connection_id', 'changed_at', 'id'])
@Index('ix_ats_interviews_application', ['connection_id', 'application_id'])
export class AtsInterview extends ExtensibleRecord {
  @Column('uuid', { nullable: true })
  application_id: string | null;

  @Column('uuid', { nullable: true })
  stage_id: string | null;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('timestamptz', { nullable: true })
  starting_at: Date | null;

  @Column('timestamptz', { nullable: true })
  ending_at: Date | null;

  @Column('text', { nullable: true })
  location: string | null;

  @Column('text', { nullable: true })
  video_conferencing_url: string | null;

  @Column('boolean', { nullable: true })
  canceled: boolean | null;
}
