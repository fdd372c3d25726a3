import { Column, Entity, Index, Unique } from 'typeorm';
import { RemoteRecord } from './synced-record.js';

@Entity('ats_application_stages')
@Unique('uq_ats_application_stages_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_application_stages_changed', ['connection_id', 'changed_at', 'id'])
export class AtsApplicationStage extends RemoteRecord {
  @Column('text', { nullable: true })
  name: string | null;

  @Column('integer', { nullable: true })
  global_index: number | null;
}
