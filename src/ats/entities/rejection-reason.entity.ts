import { Column, Entity, Index, Unique } from 'typeorm';
import { RemoteRecord } from './synced-record.js';

@Entity('ats_rejection_reasons')
@Unique('uq_ats_rejection_reasons_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_rejection_reasons_changed', ['connection_id', 'changed_at', 'id'])
export class AtsRejectionReason extends RemoteRecord {
  @Column('text', { nullable: true })
  name: string | null;
}
