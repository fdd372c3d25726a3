import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { CANDIDATE_SOURCE, JOB_DESCRIPTION } from '../../src/connectors/ashby/mappers/derived.js';
import type { MappedPage } from '../../src/connectors/connector.js';
import { createPool } from '../../src/database/pool.js';
import { deriveForConnection } from '../../src/sync/derived-columns.js';
import { writeBatch, type WriteContext } from '../../src/sync/record-writer.js';
import { insertConnectionRow } from '../support/connection-row.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Derived columns (MappedPage.derived): what a connector used to ask the partner per record is
 * computed by the writer from rows other streams stored, whichever side is written first, and
 * costs nothing when the batch changed nothing.
 */
let db: TestDatabase;
let pool: pg.Pool;
let connectionId: string;
const now = () => new Date();

const candidate = (id: string, source: string | null): MappedPage => ({
  records: { candidates: [{ remote_id: id, fields: { first_name: id, source } }] },
  derived: [CANDIDATE_SOURCE],
});
const application = (id: string, candidateId: string, createdAt: string, source: string | null, deleted = false): MappedPage => ({
  records: {
    applications: [
      {
        remote_id: id,
        fields: { custom_fields: { source }, remote_created_at: new Date(createdAt) },
        refs: { candidate_id: { model: 'candidates', remote_id: candidateId } },
        remote_deleted_at: deleted ? new Date() : null,
      },
    ],
  },
  derived: [CANDIDATE_SOURCE],
});

async function write(...pages: MappedPage[]) {
  return writeTo({ connectionId }, pages);
}

async function writeTo(ctx: Partial<WriteContext> & { connectionId: string }, pages: MappedPage[]) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const counts = await writeBatch(client, pages, { seenRunId: null, now: now(), ...ctx });
    await client.query('COMMIT');
    return counts;
  } finally {
    client.release();
  }
}

async function value(table: string, column: string, remoteId: string): Promise<{ value: unknown; changed_at: Date; version: string }> {
  const [row] = await db.query<{ value: unknown; changed_at: Date; version: string }>(
    `SELECT "${column}" AS value, changed_at, xmin::text AS version FROM ${table} WHERE connection_id = $1 AND remote_id = $2`,
    [connectionId, remoteId],
  );
  return row;
}

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, { max: 2 });
  connectionId = await insertConnectionRow(pool, new SecretBox(randomBytes(32)), { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('derived columns', () => {
  it('a candidate gets their first live application’s source, whether the candidate or the application is written first', async () => {
    // Applications first (the streams run side by side).
    await write(application('a2', 'c1', '2026-02-01T00:00:00Z', 'Referral'));
    await write(candidate('c1', null));
    expect((await value('ats_candidates', 'source', 'c1')).value).toBe('Referral');
    // An earlier application arrives: it is the first one now.
    await write(application('a1', 'c1', '2026-01-01T00:00:00Z', 'LinkedIn'));
    expect((await value('ats_candidates', 'source', 'c1')).value).toBe('LinkedIn');
    // The first application is deleted: the next one gives the source.
    await write(application('a1', 'c1', '2026-01-01T00:00:00Z', 'LinkedIn', true));
    expect((await value('ats_candidates', 'source', 'c1')).value).toBe('Referral');
  });

  it('keeps the candidate’s own source when no application gives one; a changed candidate is recomputed in the same batch', async () => {
    await write(candidate('c2', 'Own'));
    expect((await value('ats_candidates', 'source', 'c2')).value).toBe('Own');
    await write(application('a3', 'c2', '2026-01-01T00:00:00Z', null));
    expect((await value('ats_candidates', 'source', 'c2')).value).toBe('Own');
    await write(application('a3', 'c2', '2026-01-01T00:00:00Z', 'Event'));
    expect((await value('ats_candidates', 'source', 'c2')).value).toBe('Event');
    // The candidate changes upstream and is rewritten with its own (stale) source: the rule puts the application's back.
    await write({ ...candidate('c2', 'Own'), records: { candidates: [{ remote_id: 'c2', fields: { first_name: 'renamed', source: 'Own' } }] } });
    expect((await value('ats_candidates', 'source', 'c2')).value).toBe('Event');
  });

  it('rewriting unchanged rows rewrites nothing, derived columns included', async () => {
    const before = await value('ats_candidates', 'source', 'c1');
    const counts = await write(candidate('c1', null), application('a2', 'c1', '2026-02-01T00:00:00Z', 'Referral'));
    expect(counts.candidates).toMatchObject({ unchanged: 1, updated: 0, created: 0 });
    expect(await value('ats_candidates', 'source', 'c1')).toEqual(before);
  });

  it('always-mode: a job’s description is its most recent live posting’s, or null when it has none', async () => {
    const job: MappedPage = { records: { jobs: [{ remote_id: 'j1', fields: { name: 'Engineer', description: null } }] }, derived: [JOB_DESCRIPTION] };
    const posting = (id: string, published: string, status: string, html: string): MappedPage => ({
      records: {
        job_postings: [
          { remote_id: id, fields: { title: id, status, description_html: html, remote_created_at: new Date(published) }, refs: { job_id: { model: 'jobs', remote_id: 'j1' } } },
        ],
      },
      derived: [JOB_DESCRIPTION],
    });
    await write(job);
    await write(posting('p1', '2026-01-01', 'ACTIVE', '<p>old</p>'), posting('p2', '2026-03-01', 'ACTIVE', '<p>new</p>'), posting('p3', '2026-05-01', 'INACTIVE', '<p>unlisted</p>'));
    expect((await value('ats_jobs', 'description', 'j1')).value).toBe('<p>new</p>');
    await write(posting('p2', '2026-03-01', 'INACTIVE', '<p>new</p>'));
    expect((await value('ats_jobs', 'description', 'j1')).value).toBe('<p>old</p>');
    await write(posting('p1', '2026-01-01', 'INACTIVE', '<p>old</p>'));
    expect((await value('ats_jobs', 'description', 'j1')).value).toBeNull();
  });

  it('a rule naming a column the table lacks is a mapper bug, not a silent no-op', async () => {
    const bad = { ...CANDIDATE_SOURCE, column: 'no_such_column' };
    await expect(write({ ...candidate('c9', null), derived: [bad] })).rejects.toThrow(/no column "no_such_column"/);
  });

  it('computed once for the whole connection (a first FULL defers it), every derived column is what the per-batch probes give', async () => {
    const secrets = new SecretBox(randomBytes(32));
    const probed = await insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    const deferred = await insertConnectionRow(pool, secrets, { provider: 'ashby', baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
    // Candidates with and without their own source; applications early and late, tied on the date
    // (the lower remote_id wins), undated, without a source, deleted; jobs with and without live postings.
    const pages: MappedPage[] = [];
    for (let c = 0; c < 40; c++) pages.push(candidate(`k${c}`, c % 3 === 0 ? 'Own' : null));
    for (let a = 0; a < 90; a++) {
      // (An application without a source comes last: were it first, a source an earlier batch's probe
      // took from a later application would stay, where one pass over all keeps the candidate's own.)
      const page = application(`ap${a}`, `k${a % 40}`, a % 7 === 0 ? '2026-09-01T00:00:00Z' : `2026-0${1 + (a % 4)}-01T00:00:00Z`, a % 7 === 0 ? null : `src${a}`, a % 11 === 0);
      if (a % 13 === 0) delete page.records.applications![0].fields.remote_created_at;
      pages.push(page);
    }
    for (let j = 0; j < 12; j++) pages.push({ records: { jobs: [{ remote_id: `j${j}`, fields: { name: `Job ${j}`, description: 'stale' } }] }, derived: [JOB_DESCRIPTION] });
    for (let p = 0; p < 20; p++) {
      pages.push({
        records: {
          job_postings: [
            {
              remote_id: `jp${p}`,
              fields: { title: `p${p}`, status: p % 4 === 0 ? 'INACTIVE' : 'ACTIVE', description_html: `<p>${p}</p>`, remote_created_at: new Date(`2026-0${1 + (p % 3)}-01`) },
              refs: { job_id: { model: 'jobs', remote_id: `j${p % 8}` } },
            },
          ],
        },
        derived: [JOB_DESCRIPTION],
      });
    }
    // The same pages in the same batches (related rows before and after their targets), probed per batch or not at all.
    const batches = [pages.slice(0, 70), pages.slice(70, 100), pages.slice(100)];
    for (const batch of batches) {
      await writeTo({ connectionId: probed }, batch);
      await writeTo({ connectionId: deferred, deferDerived: true }, batch);
    }
    const values = async (connection: string) =>
      (
        await db.query<{ remote_id: string; v: string | null }>(
          `SELECT remote_id, source AS v FROM ats_candidates WHERE connection_id = $1 UNION ALL SELECT remote_id, description FROM ats_jobs WHERE connection_id = $1 ORDER BY remote_id`,
          [connection],
        )
      ).map((r) => [r.remote_id, r.v]);
    const expected = await values(probed);
    expect(expected.filter(([, v]) => typeof v === 'string' && /^src|^<p>/.test(v)).length).toBeGreaterThan(30);
    expect(expected.some(([id, v]) => String(id).startsWith('j') && v === null)).toBe(true); // a job with no live posting
    // Deferred, the batches left the mappers' values.
    expect(await values(deferred)).not.toEqual(expected);
    const client = await pool.connect();
    try {
      const changed = await deriveForConnection(client, [CANDIDATE_SOURCE, JOB_DESCRIPTION], { connectionId: deferred, now: now() });
      expect(changed).toBeGreaterThan(30);
      expect(await values(deferred)).toEqual(expected);
      // Nothing differs now: nothing is written (where the per-batch probes already ran, the same).
      expect(await deriveForConnection(client, [CANDIDATE_SOURCE, JOB_DESCRIPTION], { connectionId: deferred, now: now() })).toBe(0);
      expect(await deriveForConnection(client, [CANDIDATE_SOURCE, JOB_DESCRIPTION], { connectionId: probed, now: now() })).toBe(0);
    } finally {
      client.release();
    }
  });
});
