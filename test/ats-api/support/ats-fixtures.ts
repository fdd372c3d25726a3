import { randomUUID } from 'node:crypto';
import { stableId } from '../../../src/ats/stable-id.js';
import type { TestDatabase } from '../../support/test-database.js';

type Row = Record<string, unknown>;

/** Model names as stable ids use them: the table name without `ats_`. */
export type FixtureModel =
  | 'users' | 'jobs' | 'job_postings' | 'candidates' | 'application_stages' | 'applications' | 'interviews'
  | 'offers' | 'rejection_reasons' | 'tags' | 'job_stages' | 'job_hiring_team_members'
  | 'interview_team_members' | 'candidate_tags';

function sqlValue(value: unknown): unknown {
  if (value === null || value === undefined || value instanceof Date) return value ?? null;
  return typeof value === 'object' ? JSON.stringify(value) : value;
}

/** Inserts a connection. */
export async function createConnection(db: TestDatabase, provider = 'gem'): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO connections (id, provider, credentials_encrypted) VALUES ($1, $2, 'sealed')`, [id, provider]);
  return id;
}

/**
 * Writes normalized rows straight into one connection's tables, the way the sync writer would:
 * stable ids from (connection, model, remote id), so references by remote id line up.
 */
export class AtsFixtures {
  constructor(
    private readonly db: TestDatabase,
    readonly connectionId: string,
  ) {}

  id(model: FixtureModel, remoteId: string): string {
    return stableId(this.connectionId, model, remoteId);
  }

  /** Inserts (or, for the same remote id, replaces) one row; returns its id. */
  async put(model: FixtureModel, remoteId: string, fields: Row = {}): Promise<string> {
    const id = this.id(model, remoteId);
    const row: Row = {
      id,
      connection_id: this.connectionId,
      remote_id: remoteId,
      changed_at: new Date(),
      content_hash: randomUUID(),
      ...fields,
    };
    const columns = Object.keys(row);
    const placeholders = columns.map((_, i) => `$${i + 1}`);
    const updates = columns.filter((c) => c !== 'id' && c !== 'connection_id').map((c) => `${c} = EXCLUDED.${c}`);
    await this.db.query(
      `INSERT INTO ats_${model} (${columns.join(', ')}) VALUES (${placeholders.join(', ')})
       ON CONFLICT (connection_id, id) DO UPDATE SET ${updates.join(', ')}`,
      columns.map((c) => sqlValue(row[c])),
    );
    return id;
  }

  /** Changes columns of an existing row (changed_at moves to now unless given). */
  async update(model: FixtureModel, remoteId: string, fields: Row): Promise<void> {
    const row: Row = { changed_at: new Date(), ...fields };
    const columns = Object.keys(row);
    await this.db.query(
      `UPDATE ats_${model} SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [this.id(model, remoteId), ...columns.map((c) => sqlValue(row[c]))],
    );
  }

  user(remoteId: string, fields: Row = {}) {
    return this.put('users', remoteId, { first_name: `First${remoteId}`, last_name: `Last${remoteId}`, email: `${remoteId}@example.com`, status: 'ACTIVE', ...fields });
  }

  job(remoteId: string, fields: Row = {}) {
    return this.put('jobs', remoteId, { name: `Job ${remoteId}`, status: 'OPEN', ...fields });
  }

  stage(remoteId: string, fields: Row = {}) {
    return this.put('application_stages', remoteId, { name: `Stage ${remoteId}`, ...fields });
  }

  jobStage(job: string, stage: string, index: number, fields: Row = {}) {
    return this.put('job_stages', `${job}:${stage}`, { job_id: this.id('jobs', job), stage_id: this.id('application_stages', stage), index, ...fields });
  }

  hiringTeamMember(job: string, user: string, roles: string[], fields: Row = {}) {
    return this.put('job_hiring_team_members', `${job}:${user}`, { job_id: this.id('jobs', job), user_id: this.id('users', user), roles, ...fields });
  }

  candidate(remoteId: string, fields: Row = {}) {
    return this.put('candidates', remoteId, {
      first_name: `First${remoteId}`,
      last_name: `Last${remoteId}`,
      email_addresses: [{ email_address: `${remoteId}@example.com`, type: 'PERSONAL' }],
      ...fields,
    });
  }

  application(remoteId: string, refs: { candidate: string; job?: string; stage?: string }, fields: Row = {}) {
    return this.put('applications', remoteId, {
      candidate_id: this.id('candidates', refs.candidate),
      job_id: refs.job ? this.id('jobs', refs.job) : null,
      current_stage_id: refs.stage ? this.id('application_stages', refs.stage) : null,
      outcome: 'PENDING',
      ...fields,
    });
  }

  tag(remoteId: string, fields: Row = {}) {
    return this.put('tags', remoteId, { name: `Tag ${remoteId}`, ...fields });
  }

  candidateTag(candidate: string, tag: string, fields: Row = {}) {
    return this.put('candidate_tags', `${candidate}:${tag}`, { candidate_id: this.id('candidates', candidate), tag_id: this.id('tags', tag), ...fields });
  }

  interview(remoteId: string, application: string, fields: Row = {}) {
    return this.put('interviews', remoteId, { application_id: this.id('applications', application), title: `Interview ${remoteId}`, ...fields });
  }

  interviewer(interview: string, user: string, fields: Row = {}) {
    return this.put('interview_team_members', `${interview}:${user}`, { interview_id: this.id('interviews', interview), user_id: this.id('users', user), ...fields });
  }

  offer(remoteId: string, application: string, fields: Row = {}) {
    return this.put('offers', remoteId, { application_id: this.id('applications', application), status: 'SENT', ...fields });
  }

  rejectionReason(remoteId: string, fields: Row = {}) {
    return this.put('rejection_reasons', remoteId, { name: `Reason ${remoteId}`, ...fields });
  }

  jobPosting(remoteId: string, job: string, fields: Row = {}) {
    return this.put('job_postings', remoteId, { job_id: this.id('jobs', job), title: `Posting ${remoteId}`, status: 'ACTIVE', visibility: 'PUBLIC', ...fields });
  }
}
