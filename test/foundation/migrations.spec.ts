import { pino } from 'pino';
import { MIGRATIONS } from '../../migrations/index.js';
import { migrate } from '../../src/app/bootstrap.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const NORMALIZED_TABLES = [
  'ats_users',
  'ats_jobs',
  'ats_job_postings',
  'ats_candidates',
  'ats_application_stages',
  'ats_applications',
  'ats_interviews',
  'ats_offers',
  'ats_rejection_reasons',
  'ats_tags',
  'ats_job_stages',
  'ats_job_hiring_team_members',
  'ats_interview_team_members',
  'ats_candidate_tags',
];
const silent = pino({ level: 'silent' });

async function tables(db: TestDatabase): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((r) => r.table_name);
}

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db.drop());

  it('apply to an empty database, revert to nothing, and apply again', async () => {
    expect(await tables(db)).toEqual([]);

    await migrate(db.url, silent);
    const created = await tables(db);
    expect(created).toEqual(expect.arrayContaining(['connections', 'api_keys', 'migrations', ...NORMALIZED_TABLES]));

    for (let i = 0; i < MIGRATIONS.length; i++) await migrate(db.url, silent, 'down');
    expect(await tables(db)).toEqual(['migrations']);

    await migrate(db.url, silent);
    expect(await tables(db)).toEqual(created);
  });

  it('gives every normalized table the common columns and a unique (connection_id, remote_id)', async () => {
    for (const table of NORMALIZED_TABLES) {
      const columns = await db.query<{ column_name: string; data_type: string }>(
        'SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1',
        [table],
      );
      const types = Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]));
      expect({ table, id: types.id, changed: types.changed_at, deleted: types.remote_deleted_at }).toEqual({
        table,
        id: 'uuid',
        changed: 'timestamp with time zone',
        deleted: 'timestamp with time zone',
      });
      expect(types.remote_id).toBe('text');
      const [unique] = await db.query<{ def: string }>(
        `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
         WHERE c.conrelid = $1::regclass AND c.contype = 'u'`,
        [table],
      );
      expect(unique?.def).toBe('UNIQUE (connection_id, remote_id)');
    }
  });

  it('stores lists, custom fields and raw payloads as jsonb', async () => {
    const rows = await db.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' AND column_name IN ('custom_fields','integration_fields','remote_data','email_addresses','phone_numbers','social_media','roles')`,
    );
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row.data_type).toBe('jsonb');
  });
});
