import type { CandidateContact } from '../connectors/connector-actions.js';
import type pg from 'pg';
import { ApiError } from '../common/errors/api-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REMOTE_PREFIX = 'remote:';

/** A record named by a client: our id, or `remote:<id>` (the ATS's id), as Kombo takes them. */
export type RecordRef = { by: 'id'; value: string } | { by: 'remote_id'; value: string };

/** Parses an id the client gave; a malformed one is a 400 naming the field. */
export function parseRef(value: string, field: string): RecordRef {
  if (value.startsWith(REMOTE_PREFIX) && value.length > REMOTE_PREFIX.length) return { by: 'remote_id', value: value.slice(REMOTE_PREFIX.length) };
  if (UUID.test(value)) return { by: 'id', value: value.toLowerCase() };
  throw ApiError.invalidField(field, 'must be an id from this API or remote:<the ATS’s id>');
}

export interface MirrorJob {
  id: string;
  remote_id: string;
  name: string | null;
  status: string | null;
  confidential: boolean | null;
  visibility: string | null;
  deleted: boolean;
}

export interface MirrorStage {
  id: string;
  remote_id: string;
  name: string | null;
}

export interface MirrorJobStage {
  stage_id: string;
  stage_remote_id: string;
  index: number | null;
}

export interface MirrorApplication {
  id: string;
  remote_id: string;
  job_id: string | null;
  job_remote_id: string | null;
  candidate_id: string | null;
  candidate_remote_id: string | null;
  outcome: string | null;
}

export interface MirrorCandidate {
  id: string;
  remote_id: string;
  email_addresses: { email_address: string; type: string | null }[];
  phone_numbers: { phone_number: string; type: string | null }[];
  social_media: { link: string }[];
  source: string | null;
}

/** A mirrored candidate's contact details as connector actions take them; none for no candidate. */
export function mirrorContact(c: MirrorCandidate | null): CandidateContact {
  if (!c) return { emails: [], phones: [], social_links: [] };
  const type = (t: string | null) => (t === 'PERSONAL' || t === 'WORK' || t === 'OTHER' ? t : null);
  return {
    emails: c.email_addresses.map((e) => ({ email_address: e.email_address, type: type(e.type) })),
    phones: c.phone_numbers.map((p) => ({ phone_number: p.phone_number, type: type(p.type) })),
    social_links: c.social_media.map((l) => ({ url: l.link })),
  };
}

export interface DuplicateRow {
  id: string;
  email: boolean;
  name: boolean;
  phone: boolean;
}

/**
 * Reads of the local mirror the write path needs: resolving ids, checking jobs and stages, finding
 * duplicates. Every statement is scoped by the connection ($1) and skips deleted records.
 */
export class MirrorRepository {
  constructor(private readonly db: pg.Pool | pg.ClientBase) {}

  private async one<T extends pg.QueryResultRow>(from: string, columns: string, connectionId: string, ref: RecordRef): Promise<T | null> {
    const key = ref.by === 'id' ? 'r.id = $2::uuid' : 'r.remote_id = $2';
    const { rows } = await this.db.query<T>(`SELECT ${columns} FROM ${from} WHERE r.connection_id = $1 AND ${key} AND r.remote_deleted_at IS NULL`, [connectionId, ref.value]);
    return rows[0] ?? null;
  }

  job(connectionId: string, ref: RecordRef): Promise<MirrorJob | null> {
    return this.one('ats_jobs r', 'r.id, r.remote_id, r.name, r.status, r.confidential, r.visibility, false AS deleted', connectionId, ref);
  }

  stage(connectionId: string, ref: RecordRef): Promise<MirrorStage | null> {
    return this.one('ats_application_stages r', 'r.id, r.remote_id, r.name', connectionId, ref);
  }

  rejectionReason(connectionId: string, ref: RecordRef): Promise<{ id: string; remote_id: string } | null> {
    return this.one('ats_rejection_reasons r', 'r.id, r.remote_id', connectionId, ref);
  }

  user(connectionId: string, ref: RecordRef): Promise<{ id: string; remote_id: string } | null> {
    return this.one('ats_users r', 'r.id, r.remote_id', connectionId, ref);
  }

  /** A user by email (case-insensitive), for "created by" given as an address. */
  async userByEmail(connectionId: string, email: string): Promise<{ id: string; remote_id: string } | null> {
    const { rows } = await this.db.query<{ id: string; remote_id: string }>(
      `SELECT id, remote_id FROM ats_users WHERE connection_id = $1 AND lower(email) = lower($2) AND remote_deleted_at IS NULL ORDER BY remote_id LIMIT 1`,
      [connectionId, email.trim()],
    );
    return rows[0] ?? null;
  }

  candidate(connectionId: string, ref: RecordRef): Promise<MirrorCandidate | null> {
    return this.one('ats_candidates r', 'r.id, r.remote_id, r.email_addresses, r.phone_numbers, r.social_media, r.source', connectionId, ref);
  }

  application(connectionId: string, ref: RecordRef): Promise<MirrorApplication | null> {
    return this.one(
      `ats_applications r LEFT JOIN ats_jobs j ON j.connection_id = r.connection_id AND j.id = r.job_id
       LEFT JOIN ats_candidates c ON c.connection_id = r.connection_id AND c.id = r.candidate_id`,
      'r.id, r.remote_id, r.job_id, j.remote_id AS job_remote_id, r.candidate_id, c.remote_id AS candidate_remote_id, r.outcome',
      connectionId,
      ref,
    ).then((row) => row as MirrorApplication | null);
  }

  /** The job's stages in plan order (its first is where a new application lands). */
  async jobStages(connectionId: string, jobId: string): Promise<MirrorJobStage[]> {
    const { rows } = await this.db.query<MirrorJobStage>(
      `SELECT js.stage_id, s.remote_id AS stage_remote_id, js.index
       FROM ats_job_stages js JOIN ats_application_stages s ON s.connection_id = js.connection_id AND s.id = js.stage_id
       WHERE js.connection_id = $1 AND js.job_id = $2 AND js.remote_deleted_at IS NULL
       ORDER BY js.index NULLS LAST, s.remote_id`,
      [connectionId, jobId],
    );
    return rows;
  }

  /** The remote id of the tag with this name (any case), if the mirror has one. */
  async tagRemoteId(connectionId: string, name: string): Promise<string | null> {
    const { rows } = await this.db.query<{ remote_id: string }>(
      `SELECT remote_id FROM ats_tags WHERE connection_id = $1 AND lower(name) = lower($2) AND remote_deleted_at IS NULL ORDER BY remote_id LIMIT 1`,
      [connectionId, name],
    );
    return rows[0]?.remote_id ?? null;
  }

  /** The addresses less the placeholders an export generated (no-email-…@): they identify nobody. */
  async withoutPlaceholders(connectionId: string, emails: string[]): Promise<string[]> {
    if (emails.length === 0) return emails;
    const { rows } = await this.db.query<{ e: string }>(
      `SELECT lower(placeholder_email) AS e FROM ats_export_identities WHERE connection_id = $1 AND lower(placeholder_email) = ANY($2::text[])`,
      [connectionId, emails.map((e) => e.toLowerCase())],
    );
    const placeholders = new Set(rows.map((r) => r.e));
    return emails.filter((e) => !placeholders.has(e.toLowerCase()));
  }

  /** Candidates with any of these emails (case-insensitive), oldest first (the original profile before later copies). */
  async candidatesByEmail(connectionId: string, emails: string[]): Promise<{ id: string; remote_id: string }[]> {
    const { rows } = await this.db.query<{ id: string; remote_id: string }>(
      `SELECT id, remote_id FROM ats_candidates
       WHERE connection_id = $1 AND ats_email_keys(email_addresses) && $2::text[] AND remote_deleted_at IS NULL
       ORDER BY remote_created_at NULLS LAST, id LIMIT 50`,
      [connectionId, emails.map((e) => e.trim().toLowerCase())],
    );
    return rows;
  }

  /**
   * The duplicate check's local search: any of the emails (case-insensitive), the folded first and
   * last name (case, accents, whitespace), or a phone number's last 10 digits. Each clause is an
   * indexed expression (migration 1764300000000).
   */
  async duplicates(connectionId: string, q: { emails: string[]; first_name: string | null; last_name: string | null; phones: string[] }): Promise<DuplicateRow[]> {
    const byName = q.first_name !== null && q.last_name !== null;
    const { rows } = await this.db.query<DuplicateRow>(
      `WITH keys AS (
         SELECT $2::text[] AS emails, ats_fold_name($3) AS first, ats_fold_name($4) AS last,
                ats_phone_keys((SELECT coalesce(jsonb_agg(jsonb_build_object('phone_number', p)), '[]') FROM unnest($5::text[]) p)) AS phones
       )
       SELECT c.id,
              ats_email_keys(c.email_addresses) && k.emails AS email,
              ($6 AND ats_fold_name(c.last_name) = k.last AND ats_fold_name(c.first_name) = k.first) AS name,
              ats_phone_keys(c.phone_numbers) && k.phones AS phone
       FROM ats_candidates c, keys k
       WHERE c.connection_id = $1 AND c.remote_deleted_at IS NULL
         AND (ats_email_keys(c.email_addresses) && k.emails
              OR ($6 AND ats_fold_name(c.last_name) = k.last AND ats_fold_name(c.first_name) = k.first)
              OR ats_phone_keys(c.phone_numbers) && k.phones)
       LIMIT 100`,
      [connectionId, q.emails.map((e) => e.trim().toLowerCase()), q.first_name, q.last_name, q.phones, byName],
    );
    return rows;
  }
}
