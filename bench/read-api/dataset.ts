import pg from 'pg';

/** 1M candidates and 2M applications across 3 connections, one large enough for a page 5,000 deep. */
export const CONNECTIONS = [
  { label: 'a', candidates: 600_000 },
  { label: 'b', candidates: 250_000 },
  { label: 'c', candidates: 150_000 },
];
export const APPLICATIONS_PER_CANDIDATE = 2;
const JOBS = 1_000;
const STAGES = 12;
const USERS = 300;
const TAGS = 40;
/** Every 200th candidate and every 500th application changed in the last hour: the delta. */
export const RECENT_WINDOW_HOURS = 2;
const DATASET_VERSION = 'read-api-v1';

export interface BenchConnection {
  id: string;
  label: string;
  candidates: number;
}

const FUNCTIONS = `
-- Deterministic ids for generated rows (the app derives its own with SHA-256; any unique uuid serves here).
CREATE OR REPLACE FUNCTION bench_id(conn uuid, model text, rid text) RETURNS uuid
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT md5(conn::text || '/' || model || '/' || rid)::uuid $$;
-- A changed_at: recent (inside the delta window) or 3 hours to 90 days old.
CREATE OR REPLACE FUNCTION bench_changed(n bigint, recent boolean) RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN recent THEN now() - make_interval(secs => n % 3600)
              ELSE now() - interval '3 hours' - make_interval(secs => (n * 7919) % 7776000) END $$;
`;

function tablesSql(k: number): string[] {
  // $1 = connection id, $2 = candidates. Statements of one connection, in dependency-free order.
  return [
    `INSERT INTO ats_users (id, connection_id, remote_id, changed_at, content_hash, first_name, last_name, email, status, system_roles)
     SELECT bench_id($1, 'users', n::text), $1, n::text, bench_changed(n, false), md5(n::text), 'User', 'No' || n,
            'user' || n || '.c${k}@example.com', 'ACTIVE', '["RECRUITER"]'
     FROM generate_series(1, ${USERS}) n`,
    `INSERT INTO ats_application_stages (id, connection_id, remote_id, changed_at, content_hash, name, global_index)
     SELECT bench_id($1, 'application_stages', n::text), $1, n::text, bench_changed(n, false), md5(n::text), 'Stage ' || n, n
     FROM generate_series(1, ${STAGES}) n`,
    `INSERT INTO ats_jobs (id, connection_id, remote_id, changed_at, content_hash, name, status, department, location, description, custom_fields)
     SELECT bench_id($1, 'jobs', n::text), $1, n::text, bench_changed(n, false), md5(n::text), 'Engineer ' || n,
            (ARRAY['OPEN','CLOSED','DRAFT','ARCHIVED'])[1 + n % 4], 'Engineering', 'Berlin', 'We build things. ' || n,
            '{"offices": ["Berlin", "Remote"]}'
     FROM generate_series(1, ${JOBS}) n`,
    `INSERT INTO ats_job_stages (id, connection_id, remote_id, changed_at, content_hash, job_id, stage_id, index)
     SELECT bench_id($1, 'job_stages', j || ':' || s), $1, j || ':' || s, bench_changed(j, false), 'h',
            bench_id($1, 'jobs', j::text), bench_id($1, 'application_stages', s::text), i
     FROM generate_series(1, ${JOBS}) j, generate_series(0, 5) i, LATERAL (SELECT 1 + (j + i) % ${STAGES} AS s) x`,
    `INSERT INTO ats_job_hiring_team_members (id, connection_id, remote_id, changed_at, content_hash, job_id, user_id, roles)
     SELECT bench_id($1, 'job_hiring_team_members', j || ':' || u), $1, j || ':' || u, bench_changed(j, false), 'h',
            bench_id($1, 'jobs', j::text), bench_id($1, 'users', u::text), CASE WHEN i = 0 THEN '["HIRING_MANAGER"]'::jsonb ELSE '["RECRUITER"]' END
     FROM generate_series(1, ${JOBS}) j, generate_series(0, 1) i, LATERAL (SELECT 1 + (j + i) % ${USERS} AS u) x`,
    `INSERT INTO ats_tags (id, connection_id, remote_id, changed_at, content_hash, name)
     SELECT bench_id($1, 'tags', n::text), $1, n::text, bench_changed(n, false), md5(n::text), 'Tag ' || n FROM generate_series(1, ${TAGS}) n`,
    `INSERT INTO ats_candidates (id, connection_id, remote_id, changed_at, remote_deleted_at, content_hash, remote_created_at,
       remote_updated_at, remote_data, custom_fields, first_name, last_name, company, title, source, email_addresses, phone_numbers, location)
     SELECT bench_id($1, 'candidates', n::text), $1, n::text, bench_changed(n, n % 200 = 0),
            CASE WHEN n % 100 = 37 THEN now() - interval '1 day' END, md5(n::text),
            now() - interval '100 days', bench_changed(n, false),
            jsonb_build_object('id', n, 'emails', jsonb_build_array('cand' || n || '.c${k}@example.com'), 'createdAt', '2025-08-01T10:00:00Z'),
            '{"source_detail": "Referral program"}',
            (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Donald','Margaret','Ken','Frances','John'])[1 + n % 10],
            'Doe' || (n % 5000), 'Acme', 'Engineer', 'LinkedIn',
            jsonb_build_array(jsonb_build_object('email_address', 'cand' || n || '.c${k}@example.com', 'type', 'PERSONAL'))
              || CASE WHEN n % 3 = 0 THEN jsonb_build_array(jsonb_build_object('email_address', 'cand' || n || '@work.c${k}.example', 'type', 'WORK')) ELSE '[]' END,
            jsonb_build_array(jsonb_build_object('phone_number', '+49 30 ' || n, 'type', 'MOBILE')),
            '{"city": "Berlin", "country": "DE"}'
     FROM generate_series(1, $2::int) n`,
    `INSERT INTO ats_candidate_tags (id, connection_id, remote_id, changed_at, content_hash, candidate_id, tag_id)
     SELECT bench_id($1, 'candidate_tags', n || ':' || t), $1, n || ':' || t, bench_changed(n, false), 'h',
            bench_id($1, 'candidates', n::text), bench_id($1, 'tags', t::text)
     FROM generate_series(4, $2::int, 4) n, LATERAL (SELECT 1 + n % ${TAGS} AS t) x`,
    `INSERT INTO ats_applications (id, connection_id, remote_id, changed_at, remote_deleted_at, content_hash, remote_created_at,
       remote_updated_at, custom_fields, candidate_id, job_id, current_stage_id, outcome)
     SELECT bench_id($1, 'applications', m::text), $1, m::text, bench_changed(m, m % 500 = 0),
            CASE WHEN m % 100 = 13 THEN now() - interval '1 day' END, md5(m::text), now() - interval '100 days', bench_changed(m, false),
            '{"source": "LinkedIn"}', bench_id($1, 'candidates', ((m + 1) / 2)::text), bench_id($1, 'jobs', job::text),
            bench_id($1, 'application_stages', (1 + (job + m % 6) % ${STAGES})::text),
            CASE WHEN m % 10 = 0 THEN 'HIRED' WHEN m % 10 < 4 THEN 'DECLINED' ELSE 'PENDING' END
     FROM generate_series(1, $2::int * ${APPLICATIONS_PER_CANDIDATE}) m, LATERAL (SELECT 1 + m % ${JOBS} AS job) x`,
    `INSERT INTO ats_interviews (id, connection_id, remote_id, changed_at, content_hash, application_id, title, starting_at, ending_at)
     SELECT bench_id($1, 'interviews', m::text), $1, m::text, bench_changed(m, false), 'h', bench_id($1, 'applications', m::text),
            'Interview', now() + interval '1 day', now() + interval '25 hours'
     FROM generate_series(20, $2::int * ${APPLICATIONS_PER_CANDIDATE}, 20) m`,
    `INSERT INTO ats_offers (id, connection_id, remote_id, changed_at, content_hash, application_id, status, compensation_amount, compensation_currency)
     SELECT bench_id($1, 'offers', m::text), $1, m::text, bench_changed(m, false), 'h', bench_id($1, 'applications', m::text), 'SENT', 85000, 'EUR'
     FROM generate_series(100, $2::int * ${APPLICATIONS_PER_CANDIDATE}, 100) m`,
  ];
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The connections of an existing, complete dataset, or null when it must be (re)generated. */
export async function existingDataset(url: string): Promise<BenchConnection[] | null> {
  return withClient(url, async (client) => {
    const marker = await client.query(`SELECT to_regclass('bench_dataset') AS t`);
    if (!marker.rows[0].t) return null;
    const { rows } = await client.query<{ version: string; connections: BenchConnection[] }>('SELECT version, connections FROM bench_dataset');
    return rows[0]?.version === DATASET_VERSION ? rows[0].connections : null;
  });
}

/**
 * Fills the (migrated, empty) database. Secondary indexes are dropped for the load and rebuilt after,
 * as a bulk import would; primary keys and unique keys stay.
 */
export async function generateDataset(url: string, log: (line: string) => void): Promise<BenchConnection[]> {
  return withClient(url, async (client) => {
    await client.query(FUNCTIONS);
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
       WHERE i.schemaname = 'public' AND i.tablename LIKE 'ats\\_%'
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    );
    for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);

    const connections: BenchConnection[] = [];
    for (const [k, spec] of CONNECTIONS.entries()) {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO connections (provider, name, credentials_encrypted, enabled, settings)
         VALUES ('gem', $1, 'unused', false, '{"sync_paused": true}') RETURNING id`,
        [`bench ${spec.label}`],
      );
      const connection = { id: rows[0].id, label: spec.label, candidates: spec.candidates };
      const started = Date.now();
      for (const sql of tablesSql(k)) {
        await client.query(sql, sql.includes('$2') ? [connection.id, spec.candidates] : [connection.id]);
      }
      log(`  connection ${spec.label}: ${spec.candidates.toLocaleString('en')} candidates, ${(spec.candidates * 2).toLocaleString('en')} applications in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      connections.push(connection);
    }

    const started = Date.now();
    await client.query(`SET maintenance_work_mem = '512MB'`);
    // Two sessions rebuild the indexes side by side (two cores).
    const halves = [indexes.filter((_, i) => i % 2 === 0), indexes.filter((_, i) => i % 2 === 1)];
    await Promise.all(
      halves.map((half) =>
        withClient(url, async (c) => {
          await c.query(`SET maintenance_work_mem = '512MB'`);
          for (const index of half) await c.query(index.definition);
        }),
      ),
    );
    log(`  ${indexes.length} secondary indexes rebuilt in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    const vacuumStarted = Date.now();
    await client.query('VACUUM (ANALYZE)');
    log(`  VACUUM ANALYZE in ${((Date.now() - vacuumStarted) / 1000).toFixed(0)} s`);
    await client.query(`CREATE TABLE bench_dataset (version text NOT NULL, connections jsonb NOT NULL)`);
    await client.query(`INSERT INTO bench_dataset VALUES ($1, $2)`, [DATASET_VERSION, JSON.stringify(connections)]);
    return connections;
  });
}
