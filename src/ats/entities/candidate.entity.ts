import { Column, Entity, Index, Unique } from 'typeorm';
import { ExtensibleRecord } from './synced-record.js';

export interface EmailAddress {
  email_address: string;
  type: string | null;
}
export interface PhoneNumber {
  phone_number: string;
  type: string | null;
}
export interface SocialMediaLink {
  link: string;
  type: string | null;
  username: string | null;
}

@Entity('ats_candidates')
@Unique('uq_ats_candidates_remote', ['connection_id', 'remote_id'])
@Index('ix_ats_candidates_changed', ['connection_id', 'changed_at', 'id'])
// The case-insensitive email lookup index is an expression index, created in the migration.
@Index('ix_ats_candidates_emails', { synchronize: false })
export class AtsCandidate extends ExtensibleRecord {
  @Column('text', { nullable: true })
  first_name: string | null;

  @Column('text', { nullable: true })
  last_name: string | null;

  @Column('text', { nullable: true })
  company: string | null;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('boolean', { nullable: true })
  confidential: boolean | null;

  /** The source of the candidate's first application. */
  @Column('text', { nullable: true })
  source: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  phone_numbers: PhoneNumber[];

  @Column('jsonb', { default: () => "'[]'" })
  email_addresses: EmailAddress[];

  @Column('jsonb', { default: () => "'[]'" })
  social_media: SocialMediaLink[];

  @Column('jsonb', { nullable: true })
  location: Record<string, string | null> | null;
}
