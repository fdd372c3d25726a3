import type pg from 'pg';
import { stableId } from '../../ats/stable-id.js';
import { contentHash } from '../../sync/content-hash.js';
import { hireFields, type HireFields, type HireSource } from './hire-record.js';

/** Which applications to look at: those named, of the candidates/jobs named, of the offers named; or every one. */
export type HireScope =
  | 'all'
  | { applicationIds?: string[]; candidateIds?: string[]; jobIds?: string[]; offerIds?: string[] };

/** A hire as the API and the application.hired webhook show it. */
export interface HireRecord extends Omit<HireFields, 'salary_amount'> {
  salary_amount: number | null;
  id: string;
  remote_id: string;
  application_id: string;
  hired_at: string;
  changed_at: string;
  remote_deleted_at: string | null;
}

export interface HiresRefreshed {
  /** Hires that are new (or back after a revert): each one is an application.hired event. */
  appeared: HireRecord[];
  updated: number;
  /** Hires whose application is no longer hired (or is gone): marked remote_deleted_at. */
  reverted: number;
}

const FIELDS: (keyof HireFields)[] = [
  'candidate_id', 'job_id', 'offer_id', 'first_name', 'middle_name', 'last_name', 'personal_email', 'personal_email_type',
  'personal_phone', 'personal_phone_type', 'job_title', 'department', 'start_date', 'salary_amount', 'salary_currency',
];
const COLUMN_TYPES: Record<keyof HireFields, string> = {
  candidate_id: 'uuid', job_id: 'uuid', offer_id: 'uuid', first_name: 'text', middle_name: 'text', last_name: 'text',
  personal_email: 'text', personal_email_type: 'text', personal_phone: 'text', personal_phone_type: 'text', job_title: 'text',
  department: 'text', start_date: 'timestamptz', salary_amount: 'numeric', salary_currency: 'text',
};

const UPSERT = `
  INSERT INTO ats_hires AS h (id, connection_id, remote_id, application_id, ${FIELDS.join(', ')}, hired_at, content_hash, changed_at, remote_deleted_at)
  SELECT r.id, $1, r.remote_id, r.application_id, ${FIELDS.map((f) => `r.${f}`).join(', ')}, r.hired_at, r.content_hash, $3, NULL
  FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, remote_id text, application_id uuid, ${FIELDS.map((f) => `${f} ${COLUMN_TYPES[f]}`).join(', ')}, hired_at timestamptz, content_hash text)
  ON CONFLICT (connection_id, remote_id) DO UPDATE SET
    ${FIELDS.map((f) => `${f} = EXCLUDED.${f}`).join(', ')}, content_hash = EXCLUDED.content_hash, changed_at = EXCLUDED.changed_at,
    -- A hire that comes back after a revert is hired anew; otherwise it keeps when it was first seen hired.
    hired_at = CASE WHEN h.remote_deleted_at IS NOT NULL THEN EXCLUDED.hired_at ELSE h.hired_at END,
    remote_deleted_at = NULL
  RETURNING id, remote_id, application_id, ${FIELDS.join(', ')}, hired_at, changed_at, remote_deleted_at, (xmax = 0) AS inserted`;

/**
 * Brings the hires of the given scope in line with the synced tables, inside the caller's
 * transaction: one hire per live application whose outcome is HIRED, from its candidate, job and
 * accepted offer (latest version). Provider-agnostic: it reads only normalized rows, so every
 * connector with applications and offers feeds it (webhooks at once, other providers by each sync).
 */
export async function refreshHires(client: pg.ClientBase, connectionId: string, scope: HireScope, now: Date): Promise<HiresRefreshed> {
  const scopeIds = await applicationsInScope(client, connectionId, scope);
  if (scopeIds.length === 0) return { appeared: [], updated: 0, reverted: 0 };
  const { rows: sources } = await client.query<HireSource & { remote_updated_at: Date | null }>(
    `SELECT a.id AS application_id, a.remote_id AS application_remote_id, a.candidate_id, a.job_id, o.id AS offer_id,
            c.first_name, c.last_name, c.email_addresses, c.phone_numbers, j.name AS job_title, j.department,
            o.employment_start_date AS start_date, o.compensation_amount::text AS salary_amount, o.compensation_currency AS salary_currency,
            a.remote_updated_at
     FROM ats_applications a
     LEFT JOIN ats_candidates c ON c.id = a.candidate_id
     LEFT JOIN ats_jobs j ON j.id = a.job_id
     LEFT JOIN LATERAL (
       -- The accepted offer; without one, the latest offer that was not declined or withdrawn.
       SELECT o.* FROM ats_offers o
       WHERE o.connection_id = $1 AND o.application_id = a.id AND o.remote_deleted_at IS NULL AND coalesce(o.status, '') NOT IN ('DENIED', 'DEPRECATED')
       ORDER BY (o.status = 'SIGNED') DESC NULLS LAST, o.remote_created_at DESC NULLS LAST, o.id
       LIMIT 1
     ) o ON true
     WHERE a.connection_id = $1 AND a.id = ANY($2::uuid[]) AND a.outcome = 'HIRED' AND a.remote_deleted_at IS NULL
       AND (c.id IS NULL OR c.remote_deleted_at IS NULL)`,
    [connectionId, scopeIds],
  );
  const { rows: existing } = await client.query<{ remote_id: string; content_hash: string; deleted: boolean }>(
    `SELECT remote_id, content_hash, remote_deleted_at IS NOT NULL AS deleted FROM ats_hires WHERE connection_id = $1 AND application_id = ANY($2::uuid[])`,
    [connectionId, scopeIds],
  );
  const known = new Map(existing.map((e) => [e.remote_id, e]));
  const rows = sources
    .map((s) => {
      const fields = hireFields(s);
      return {
        id: stableId(connectionId, 'hires', s.application_remote_id),
        remote_id: s.application_remote_id,
        application_id: s.application_id,
        ...fields,
        hired_at: (s.remote_updated_at ?? now).toISOString(),
        content_hash: contentHash(FIELDS.map((f) => fields[f])),
      };
    })
    .filter((r) => {
      const before = known.get(r.remote_id);
      return !before || before.deleted || before.content_hash !== r.content_hash;
    });
  const appeared: HireRecord[] = [];
  let updated = 0;
  if (rows.length > 0) {
    const { rows: written } = await client.query(UPSERT, [connectionId, JSON.stringify(rows), now]);
    for (const w of written) {
      const before = known.get(w.remote_id);
      if (w.inserted || before?.deleted) appeared.push(present(w));
      else updated += 1;
    }
  }
  const { rowCount } = await client.query(
    `UPDATE ats_hires SET remote_deleted_at = $4, changed_at = $4
     WHERE connection_id = $1 AND application_id = ANY($2::uuid[]) AND remote_deleted_at IS NULL AND NOT (application_id = ANY($3::uuid[]))`,
    [connectionId, scopeIds, sources.map((s) => s.application_id), now],
  );
  return { appeared, updated, reverted: rowCount ?? 0 };
}

async function applicationsInScope(client: pg.ClientBase, connectionId: string, scope: HireScope): Promise<string[]> {
  if (scope === 'all') {
    const { rows } = await client.query<{ id: string }>(
      `SELECT id FROM ats_applications WHERE connection_id = $1 AND outcome = 'HIRED' AND remote_deleted_at IS NULL
       UNION SELECT application_id FROM ats_hires WHERE connection_id = $1 AND remote_deleted_at IS NULL`,
      [connectionId],
    );
    return rows.map((r) => r.id);
  }
  const { applicationIds = [], candidateIds = [], jobIds = [], offerIds = [] } = scope;
  if (applicationIds.length + candidateIds.length + jobIds.length + offerIds.length === 0) return [];
  const { rows } = await client.query<{ id: string }>(
    `SELECT a.id FROM ats_applications a WHERE a.connection_id = $1 AND (
       a.id = ANY($2::uuid[]) OR a.candidate_id = ANY($3::uuid[]) OR a.job_id = ANY($4::uuid[])
       OR a.id IN (SELECT o.application_id FROM ats_offers o WHERE o.connection_id = $1 AND o.id = ANY($5::uuid[])))`,
    [connectionId, applicationIds, candidateIds, jobIds, offerIds],
  );
  return rows.map((r) => r.id);
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function present(w: Record<string, any>): HireRecord {
  const out: Record<string, unknown> = { id: w.id, remote_id: w.remote_id, application_id: w.application_id };
  for (const f of FIELDS) out[f] = w[f];
  out.start_date = iso(w.start_date);
  out.salary_amount = w.salary_amount === null ? null : Number(w.salary_amount);
  out.hired_at = iso(w.hired_at);
  out.changed_at = iso(w.changed_at);
  out.remote_deleted_at = iso(w.remote_deleted_at);
  return out as unknown as HireRecord;
}
