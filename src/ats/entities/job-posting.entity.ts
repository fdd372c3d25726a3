import { Column, Entity, Index, Unique } from 'typeorm';
import { ExtensibleRecord } from './synced-record.js';

@Entity('ats_job_postings')
@Unique('uq_ats_job_postings_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_job_postings_changed', ['connection_id', 'changed_at', 'id'])
@Index('ix_ats_job_postings_job', ['connection_id', 'job_id'])
export class AtsJobPosting extends ExtensibleRecord {
  @Column('uuid', { nullable: true })
  job_id: string | null;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('text', { nullable: true })
  description_html: string | null;

  /** ACTIVE, INACTIVE, DRAFT or CLOSED. */
  @Column('text', { nullable: true })
  status: string | null;

  /** PUBLIC, INTERNAL or UNLISTED. */
  @Column('text', { nullable: true })
  visibility: string | null;

  @Column('text', { nullable: true })
  url: string | null;
}
