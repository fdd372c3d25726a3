import { Column, Entity, Index, Unique } from 'typeorm';
import { ExtensibleRecord } from './synced-record.js';

@Entity('ats_users')
@Unique('uq_ats_users_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_users_changed', ['connection_id', 'changed_at', 'id'])
export class AtsUser extends ExtensibleRecord {
  @Column('text', { nullable: true })
  first_name: string | null;

  @Column('text', { nullable: true })
  last_name: string | null;

  @Column('text', { nullable: true })
  email: string | null;

  /** ACTIVE or INACTIVE. */
  @Column('text', { nullable: true })
  status: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  system_roles: unknown[];
}
