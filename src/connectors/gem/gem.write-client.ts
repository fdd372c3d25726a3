import type { ConnectorContext } from '../connector.js';
import type { PartnerRequest, PartnerResponse } from '../http/partner-http.js';
import { RemoteError } from '../remote-error.js';
import { gemRemoteError } from './gem.client.js';

/** One Gem call that must answer one of `ok`; anything else is a RemoteError carrying Gem's message. */
export async function gemCall<T>(context: ConnectorContext, request: PartnerRequest, ok: readonly number[] = [200, 201, 204]): Promise<PartnerResponse<T>> {
  const response = await context.http.request<T>(request);
  if (!ok.includes(response.status)) throw gemRemoteError(response, `${request.method ?? 'GET'} ${request.path}`);
  return response;
}

/**
 * A write that must not land twice. The attempt goes out with `idempotent: false`, so a 5xx or a
 * timeout is not retried by the HTTP client; instead `landed` looks for what the attempt may have
 * made (by email, by stage, by membership) and only when it finds nothing is the write tried again.
 */
export async function writeOnce<T>(attempt: () => Promise<T>, landed: () => Promise<T | null>, tries = 2): Promise<{ value: T; recovered: boolean }> {
  for (let i = 1; ; i++) {
    try {
      return { value: await attempt(), recovered: false };
    } catch (error) {
      if (!(error instanceof RemoteError) || error.kind !== 'UNAVAILABLE') throw error;
      const found = await landed();
      if (found !== null) return { value: found, recovered: true };
      if (i >= tries) throw error;
    }
  }
}

/** Clocks differ a little between us and Gem: "created by this attempt" allows this much earlier. */
export const CLOCK_SKEW_MS = 5_000;

/**
 * The Gem user a write acts as (v0 created_by, note author, résumé uploader): the one given, else the
 * connection setting `default_user_remote_id`. Gem requires one, so without either nothing is sent.
 */
export function actingUser(context: ConnectorContext, given: string | null, what: string): string {
  const fallback = context.settings?.default_user_remote_id;
  const user = given ?? (typeof fallback === 'string' && fallback !== '' ? fallback : null);
  if (!user) {
    throw new RemoteError('INPUT', `Gem needs a user to ${what}: give sourced_by.user_id, or set the connection setting default_user_remote_id to a Gem user id.`);
  }
  return user;
}

/** The LinkedIn handle in a profile URL (linkedin.com/in/<handle>), which Gem takes as linked_in_handle. */
export function linkedInHandle(url: string): string | null {
  return /linkedin\.com\/in\/([^/?#]+)/i.exec(url)?.[1] ?? null;
}

export const lower = (s: string): string => s.trim().toLowerCase();
