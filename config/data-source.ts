// The TypeORM data source for TypeORM's own CLI (e.g. `npx typeorm -d dist/config/data-source.js migration:show`).
// `npx ats-sync migrate` is the everyday command; both use the same options factory.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options.js';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must be set to use the TypeORM CLI (the embedded server is started by `ats-sync migrate`)');

export default new DataSource(dataSourceOptions(url));
