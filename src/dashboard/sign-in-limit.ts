import type { DataSource } from 'typeorm';

/** At most this many sign-in attempts per client address in a window: the admin key cannot be guessed by trying. */
export const SIGN_IN_LIMIT = { attempts: 10, windowSeconds: 15 * 60 };

/**
 * Dashboard sign-in attempts per client address, counted in the database (every process shares
 * the count). Each attempt is counted before its key is checked, in one statement, so attempts sent
 * at once cannot slip past the limit together; a successful sign-in clears the address. The window
 * is fixed from the first attempt: refused attempts do not extend it.
 */
export class SignInLimit {
  constructor(
    private readonly db: DataSource,
    private readonly limit = SIGN_IN_LIMIT,
  ) {}

  /** Counts an attempt; the seconds the address must wait when it is over the limit, else 0. */
  async attempt(address: string): Promise<number> {
    const [row]: { attempts: number; wait: number }[] = await this.db.query(
      `INSERT INTO dashboard_sign_in_attempts AS a (address, attempts, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (address) DO UPDATE SET
         attempts = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE a.attempts + 1 END,
         window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE a.window_started_at END
       RETURNING attempts, greatest(1, ceil(extract(epoch FROM window_started_at + make_interval(secs => $2) - now())))::int AS wait`,
      [address, this.limit.windowSeconds],
    );
    return row.attempts > this.limit.attempts ? row.wait : 0;
  }

  /** Signed in: the address starts afresh (and windows long over are dropped). */
  async succeeded(address: string): Promise<void> {
    await this.db.query(`DELETE FROM dashboard_sign_in_attempts WHERE address = $1 OR window_started_at < now() - make_interval(secs => $2)`, [
      address,
      this.limit.windowSeconds,
    ]);
  }
}
