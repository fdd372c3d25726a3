import { Column, Entity, Index, Unique } from 'typeorm';
import { ExtensibleRecord } from './synced-record.js';

@Entity('ats_jobs')
@Unique('uq_ats_jobs_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_jobs_changed', ['connection_id', 'changed_at', 'id'])
export class AtsJob extends ExtensibleRecord {
  @Column('text', { nullable: true })
  name: string | null;

  @Column('text', { nullable: true })
  job_code: string | null;

  /** From the most recent live and active posting. */
  @Column('text', { nullable: true })
  description: string | null;

  @Column('boolean', { nullable: true })
  confidential: boolean | null;

  /** OPEN, CLOSED, DRAFT or ARCHIVED. */
  @Column('text', { nullable: true })
  status: string | null;

  /** PUBLIC, INTERNAL, UNLISTED or CONFIDENTIAL. */
  @Column('text', { nullable: true })
  visibility: string | null;

  @Column('text', { nullable: true })
  employment_type: string | null;

  @Column('text', { nullable: true })
  category: string | null;

  /** The first department; all of them are in custom_fields. */
  @Column('text', { nullable: true })
  department: string | null;

  /** The first office or location; all of them are in custom_fields. */
  @Column('text', { nullable: true })
  location: string | null;

  @Column('text', { nullable: true })
  post_url: string | null;

  @Column('text', { nullable: true })
  experience_level: string | null;

  @Column('text', { nullable: true })
  remote_work_status: string | null;

  @Column('numeric', { nullable: true })
  weekly_hours: string | null;

  @Column('numeric', { nullable: true })
  salary_amount: string | null;

  @Column('numeric', { nullable: true })
  salary_amount_from: string | null;

  @Column('numeric', { nullable: true })
  salary_amount_to: string | null;

  @Column('text', { nullable: true })
  salary_currency: string | null;

  @Column('text', { nullable: true })
  salary_period: string | null;

  @Column('timestamptz', { nullable: true })
  opened_at: Date | null;

  @Column('timestamptz', { nullable: true })
  closed_at: Date | null;
}
