import type { FetchRequest, StreamPosition } from '../connector.js';
import { RemoteError } from '../remote-error.js';

/** How far back a delta reaches before the previous run's start: clock skew and slow commits in Gem. */
export const DELTA_OVERLAP_MS = 5 * 60_000;

/**
 * Where one run of a stream starts. A run that resumes keeps the start time of the run it resumes,
 * so the next delta still reaches back to before anything it fetched.
 */
export interface RunPlan {
  mode: 'FULL' | 'DELTA';
  /** The page to fetch first. */
  page: number;
  /** A phase name for streams that fetch in more than one pass. */
  phase: string | null;
  /** When the (first, possibly interrupted) run started. */
  startedAt: string;
  /** DELTA: only records changed after this. */
  updatedAfter: string | null;
}

const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isPage = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

export function planRun(request: FetchRequest): RunPlan {
  const position = request.position ?? {};
  const fresh = { page: 1, phase: null, startedAt: request.startedAt.toISOString() };
  const resumable = position.mode === request.mode && isPage(position.page) && isTime(position.started_at);
  const resumed = resumable
    ? { page: position.page as number, phase: typeof position.phase === 'string' ? position.phase : null, startedAt: position.started_at as string }
    : fresh;
  if (request.mode === 'FULL') return { mode: 'FULL', ...resumed, updatedAfter: null };
  if (!isTime(position.updated_after)) {
    throw new RemoteError('POSITION_EXPIRED', 'The saved Gem position has no updated_after time; a FULL sync is needed.');
  }
  return { mode: 'DELTA', ...(resumable ? resumed : fresh), updatedAfter: position.updated_after };
}

/** The position after a page that is not the last: resuming fetches `page` (of `phase`) next. */
export function resumeAt(plan: RunPlan, page: number, phase: string | null = plan.phase): StreamPosition {
  return {
    mode: plan.mode,
    page,
    started_at: plan.startedAt,
    ...(phase ? { phase } : {}),
    ...(plan.updatedAfter ? { updated_after: plan.updatedAfter } : {}),
  };
}

/** The position after a run's last page: the next DELTA fetches what changed since shortly before this run. */
export function nextDelta(plan: RunPlan): StreamPosition {
  return { updated_after: new Date(Date.parse(plan.startedAt) - DELTA_OVERLAP_MS).toISOString() };
}
