import { createHmac } from 'node:crypto';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { generateToken, hashToken, tokensEqual } from '../common/crypto/token-hash.js';

export const SESSION_COOKIE = 'ats_dashboard';
const SESSION_HOURS = 12;

/** The CSRF token of a session, derived from its cookie token: no second secret to store or leak. */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('dashboard-csrf').digest('base64url');
}

/** The session token from the request's Cookie header, if any. */
export function sessionTokenOf(req: Request): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return rest.join('=') || null;
  }
  return null;
}

/**
 * The cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's request carries
 * it), scoped to /dashboard, Secure when served over HTTPS.
 */
export function sessionCookie(token: string | null, secure: boolean): string {
  const attributes = ['HttpOnly', 'SameSite=Strict', 'Path=/dashboard', secure ? 'Secure' : null].filter(Boolean).join('; ');
  return token === null ? `${SESSION_COOKIE}=; Max-Age=0; ${attributes}` : `${SESSION_COOKIE}=${token}; Max-Age=${SESSION_HOURS * 3600}; ${attributes}`;
}

/** Operator sign-ins; only hashes of the tokens are stored. */
export class DashboardSessions {
  constructor(private readonly db: DataSource) {}

  async create(): Promise<string> {
    const token = generateToken('ds_');
    await this.db.query(`DELETE FROM dashboard_sessions WHERE expires_at < now()`);
    await this.db.query(`INSERT INTO dashboard_sessions (token_hash, csrf_token_hash, expires_at) VALUES ($1, $2, now() + make_interval(hours => $3))`, [
      hashToken(token),
      hashToken(csrfTokenOf(token)),
      SESSION_HOURS,
    ]);
    return token;
  }

  async valid(token: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM dashboard_sessions WHERE token_hash = $1 AND expires_at > now()`, [hashToken(token)]);
    return rows.length > 0;
  }

  async end(token: string): Promise<void> {
    await this.db.query(`DELETE FROM dashboard_sessions WHERE token_hash = $1`, [hashToken(token)]);
  }

  /** Constant-time check of the CSRF header against the session's. */
  csrfMatches(token: string, header: string | undefined): boolean {
    return typeof header === 'string' && header.length > 0 && tokensEqual(header, csrfTokenOf(token));
  }
}
