import { Column, Entity, Index, Unique } from 'typeorm';
import { RemoteRecord } from './synced-record.js';

@Entity('ats_tags')
@Unique('uq_ats_tags_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_tags_changed', ['connection_id', 'changed_at', 'id'])
export class AtsTag extends RemoteRecord {
  @Column('text', { nullable: true })
  name: string | null;
}
