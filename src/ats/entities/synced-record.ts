import { Column, PrimaryColumn } from 'typeorm';

/**
 * Columns every synced row has. Property names are the API's snake_case field names, so rows map to
 * responses without a renaming layer. References between models are internal (stable) ids with no
 * foreign key: a record may name another that a later page brings.
 */
export abstract class SyncedRecord {
  @PrimaryColumn('uuid')
  id: string;

  /** Leads the primary key (connection_id, id): the distribution column of a sharded deployment. */
  @PrimaryColumn('uuid')
  connection_id: string;

  @Column('text')
  remote_id: string;

  /** Moves only when the normalized content changes (content_hash differs). */
  @Column('timestamptz')
  changed_at: Date;

  @Column('timestamptz', { nullable: true })
  remote_deleted_at: Date | null;

  /** Hash of the normalized content; the writer compares it to decide whether a row changed. */
  @Column('text')
  content_hash: string;
}

/** A synced record that mirrors one remote object, with its raw payload. */
export abstract class RemoteRecord extends SyncedRecord {
  @Column('timestamptz', { nullable: true })
  remote_created_at: Date | null;

  @Column('timestamptz', { nullable: true })
  remote_updated_at: Date | null;

  @Column('jsonb', { nullable: true })
  remote_data: Record<string, unknown> | null;
}

/** A remote record that also carries custom and integration fields. */
export abstract class ExtensibleRecord extends RemoteRecord {
  @Column('jsonb', { default: () => "'{}'" })
  custom_fields: Record<string, unknown>;

  @Column('jsonb', { default: () => "'[]'" })
  integration_fields: unknown[];
}
