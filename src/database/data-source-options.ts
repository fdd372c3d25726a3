import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ApiKey } from '../api-keys/api-key.entity.js';
import { ATS_ENTITIES } from '../ats/entities/index.js';
import { Connection } from '../connections/connection.entity.js';

export const ENTITIES = [Connection, ApiKey, ...ATS_ENTITIES];

/** The one TypeORM options factory, shared by the Nest module, the CLI and config/data-source.ts. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 10, application_name: 'ats-sync' },
  };
}
