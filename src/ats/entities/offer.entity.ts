import { Column, Entity, Index, Unique } from 'typeorm';
import { ExtensibleRecord } from './synced-record.js';

@Entity('ats_offers')
@Unique('uq_ats_offers_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_offers_changed', ['connection_id', 'changed_at', 'id'])
@Index('ix_ats_offers_application', ['connection_id', 'application_id'])
export class AtsOffer extends ExtensibleRecord {
  @Column('uuid', { nullable: true })
  application_id: string | null;

  /** DRAFT, APPROVAL-SENT, APPROVED, SENT, SENT-MANUALLY, OPENED, DENIED, SIGNED or DEPRECATED. */
  @Column('text', { nullable: true })
  status: string | null;

  @Column('timestamptz', { nullable: true })
  employment_start_date: Date | null;

  @Column('numeric', { nullable: true })
  compensation_amount: string | null;

  @Column('text', { nullable: true })
  compensation_currency: string | null;

  /** YEAR, MONTH, HOUR… as the ATS states it. */
  @Column('text', { nullable: true })
  compensation_period: string | null;
}
