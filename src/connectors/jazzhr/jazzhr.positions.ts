import type { FetchRequest, StreamPosition } from '../connector.js';
import { RemoteError } from '../remote-error.js';

/** How far back a DELTA's activity window reaches before the previous run's start (slow commits, clock skew). */
export const ACTIVITY_OVERLAP_MS = 10 * 60_000;
/** from_apply_date takes a date only: new applicants are looked for from the day before the previous run. */
export const APPLY_DATE_OVERLAP_DAYS = 1;

const DAY = 86_400_000;
const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Where the candidates stream stands. FULL: the next page of /applicants. DELTA: the activity time
 * to read back to, the apply date to list new applicants from, and the applicants already read that
 * applied on or after that date (so the overlap does not read their details again).
 */
export interface CandidatesPlan {
  mode: 'FULL' | 'DELTA';
  page: number;
  startedAt: string;
  /** DELTA: activities after this (ISO). */
  activitiesSince: string | null;
  /** DELTA: applicants who applied on or after this date ("YYYY-MM-DD"). */
  appliedFrom: string | null;
  /** DELTA: applicants already read who applied on or after appliedFrom. */
  known: string[];
}

const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

export function planCandidates(request: FetchRequest): CandidatesPlan {
  const p = request.position ?? {};
  const resumable = p.mode === 'FULL' && request.mode === 'FULL' && Number.isInteger(p.page) && isTime(p.started_at);
  if (request.mode === 'FULL') {
    return { mode: 'FULL', page: resumable ? (p.page as number) : 1, startedAt: resumable ? (p.started_at as string) : request.startedAt.toISOString(), activitiesSince: null, appliedFrom: null, known: [] };
  }
  if (!isTime(p.activities_since) || !isDate(p.applied_from)) {
    throw new RemoteError('POSITION_EXPIRED', 'The saved JazzHR position has no activity time or apply date; a FULL sync is needed.');
  }
  const known = Array.isArray(p.known) ? p.known.filter((x): x is string => typeof x === 'string') : [];
  return { mode: 'DELTA', page: 1, startedAt: request.startedAt.toISOString(), activitiesSince: p.activities_since, appliedFrom: p.applied_from, known };
}

/** A FULL's position after a page that is not the last. */
export function fullResumeAt(plan: CandidatesPlan, page: number): StreamPosition {
  return { mode: 'FULL', page, started_at: plan.startedAt };
}

/** The position a finished run leaves for the next DELTA. `applied` maps applicant ids read to their apply dates. */
export function nextCandidatesDelta(plan: CandidatesPlan, applied: Map<string, string>): StreamPosition {
  const started = Date.parse(plan.startedAt);
  const appliedFrom = ymd(started - APPLY_DATE_OVERLAP_DAYS * DAY);
  return {
    activities_since: new Date(started - ACTIVITY_OVERLAP_MS).toISOString(),
    applied_from: appliedFrom,
    known: [...applied].filter(([, date]) => date >= appliedFrom).map(([id]) => id).sort(),
  };
}
