import type { FetchRequest, StreamPosition } from '../connector.js';
import { RemoteError } from '../remote-error.js';

/**
 * How far back a DELTA's activity window reaches before the previous run's start. Activity times
 * carry no time zone (read as UTC here; JazzHR's may be the account's), so the window spans any
 * offset (UTC−12 to UTC+14); the activities already handled in it are remembered by id, so the
 * overlap costs list pages, not detail calls.
 */
export const ACTIVITY_OVERLAP_MS = 26 * 3_600_000;
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
  /** DELTA: activities in the window already handled by the previous run. */
  seenActivities: string[];
}

const isTime = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v));
const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

export function planCandidates(request: FetchRequest): CandidatesPlan {
  const p = request.position ?? {};
  const resumable = p.mode === 'FULL' && request.mode === 'FULL' && Number.isInteger(p.page) && isTime(p.started_at);
  if (request.mode === 'FULL') {
    return { mode: 'FULL', page: resumable ? (p.page as number) : 1, startedAt: resumable ? (p.started_at as string) : request.startedAt.toISOString(), activitiesSince: null, appliedFrom: null, known: [], seenActivities: [] };
  }
  if (!isTime(p.activities_since) || !isDate(p.applied_from)) {
    throw new RemoteError('POSITION_EXPIRED', 'The saved JazzHR position has no activity time or apply date; a FULL sync is needed.');
  }
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { mode: 'DELTA', page: 1, startedAt: request.startedAt.toISOString(), activitiesSince: p.activities_since, appliedFrom: p.applied_from, known: strings(p.known), seenActivities: strings(p.seen_activities) };
}

/** A FULL's position after a page that is not the last. */
export function fullResumeAt(plan: CandidatesPlan, page: number): StreamPosition {
  return { mode: 'FULL', page, started_at: plan.startedAt };
}

/** Where the next DELTA's activity window starts, for a run that started at `startedAt`. */
export function activityWindowStart(startedAt: string): string {
  return new Date(Date.parse(startedAt) - ACTIVITY_OVERLAP_MS).toISOString();
}

/**
 * The position a finished run leaves for the next DELTA. `applied` maps applicant ids read to their
 * apply dates; `handled` the activities (id → time) read before this run's details, whose changes it holds.
 */
export function nextCandidatesDelta(plan: CandidatesPlan, applied: Map<string, string>, handled: Map<string, number>): StreamPosition {
  const started = Date.parse(plan.startedAt);
  const appliedFrom = ymd(started - APPLY_DATE_OVERLAP_DAYS * DAY);
  const since = activityWindowStart(plan.startedAt);
  return {
    activities_since: since,
    applied_from: appliedFrom,
    known: [...applied].filter(([, date]) => date >= appliedFrom).map(([id]) => id).sort(),
    seen_activities: [...handled].filter(([, at]) => at >= Date.parse(since)).map(([id]) => id).sort(),
  };
}
