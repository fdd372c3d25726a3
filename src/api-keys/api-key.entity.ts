import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A key scoped to one connection. Only its SHA-256 hash is stored; the key is shown once. */
@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  connection_id: string;

  @Column('text', { nullable: true })
  name: string | null;

  @Column('text', { unique: true })
  key_hash: string;

  /** The first characters of the key, so an operator can tell keys apart. */
  @Column('text')
  key_prefix: string;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @Column('timestamptz', { nullable: true })
  last_used_at: Date | null;
}
