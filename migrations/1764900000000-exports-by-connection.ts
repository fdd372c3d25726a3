import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exports keyed by connection like every other ats_* table (the distribution column, see
 * docs/scaling.md): items carry connection_id, and every key and the items' reference lead with it.
 */
export class ExportsByConnection1764900000000 implements MigrationInterface {
  name = 'ExportsByConnection1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(UP);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
  }
}

const UP = `
ALTER TABLE ats_export_items ADD COLUMN connection_id uuid;
UPDATE ats_export_items i SET connection_id = e.connection_id FROM ats_exports e WHERE e.id = i.export_id;
ALTER TABLE ats_export_items ALTER COLUMN connection_id SET NOT NULL;
ALTER TABLE ats_export_items DROP CONSTRAINT ats_export_items_export_id_fkey;
ALTER TABLE ats_export_items DROP CONSTRAINT ats_export_items_pkey;
ALTER TABLE ats_export_items DROP CONSTRAINT ats_export_items_export_id_external_id_key;
ALTER TABLE ats_exports DROP CONSTRAINT ats_exports_pkey;
ALTER TABLE ats_exports ADD PRIMARY KEY (connection_id, id);
ALTER TABLE ats_export_items ADD PRIMARY KEY (connection_id, export_id, position);
ALTER TABLE ats_export_items ADD UNIQUE (connection_id, export_id, external_id);
ALTER TABLE ats_export_items ADD FOREIGN KEY (connection_id, export_id) REFERENCES ats_exports (connection_id, id) ON DELETE CASCADE;
DROP INDEX ix_ats_export_items_open;
CREATE INDEX ix_ats_export_items_open ON ats_export_items (connection_id, export_id, position) WHERE state IN ('PENDING', 'IN_PROGRESS');
-- (connection_id, created_at DESC) already leads with the connection.
`;

const DOWN = `
DROP INDEX ix_ats_export_items_open;
ALTER TABLE ats_export_items DROP CONSTRAINT ats_export_items_connection_id_export_id_fkey;
ALTER TABLE ats_export_items DROP CONSTRAINT ats_export_items_connection_id_export_id_external_id_key;
ALTER TABLE ats_export_items DROP CONSTRAINT ats_export_items_pkey;
ALTER TABLE ats_exports DROP CONSTRAINT ats_exports_pkey;
ALTER TABLE ats_exports ADD PRIMARY KEY (id);
ALTER TABLE ats_export_items ADD PRIMARY KEY (export_id, position);
ALTER TABLE ats_export_items ADD UNIQUE (export_id, external_id);
ALTER TABLE ats_export_items ADD FOREIGN KEY (export_id) REFERENCES ats_exports (id) ON DELETE CASCADE;
ALTER TABLE ats_export_items DROP COLUMN connection_id;
CREATE INDEX ix_ats_export_items_open ON ats_export_items (export_id, position) WHERE state IN ('PENDING', 'IN_PROGRESS');
`;
