import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ConnectionState = 'ACTIVE' | 'INACTIVE' | 'INVALID';

/** One provider account of one customer. Credentials are sealed with AES-256-GCM (see SecretBox). */
@Entity('connections')
export class Connection {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  provider: string;

  @Column('text', { nullable: true })
  name: string | null;

  @Column('text', { nullable: true })
  base_url: string | null;

  @Column('jsonb', { default: () => "'{}'" })
  settings: Record<string, unknown>;

  @Column('text')
  credentials_encrypted: string;

  @Column('boolean', { default: true })
  enabled: boolean;

  /** INVALID when the partner rejected the credentials; cleared by rotating them. */
  @Column('text', { default: 'ACTIVE' })
  state: ConnectionState;

  @Column('text', { nullable: true })
  state_reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;
}
