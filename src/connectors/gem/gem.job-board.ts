import type { ConnectorContext } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { gemRemoteError } from './gem.client.js';

/** A live post on Gem's public job board (UNCONFIRMED beyond the path and "live posts with their public URLs"). */
interface BoardPost {
  id: string;
  absolute_url?: string | null;
  url?: string | null;
}

export const JOB_BOARD_SETTING = 'job_board';

/** The connection's Gem job board, from its settings (`settings.job_board`), or null. */
export function boardOf(context: ConnectorContext): string | null {
  const board = context.settings?.[JOB_BOARD_SETTING];
  return typeof board === 'string' && board !== '' ? board : null;
}

/**
 * Public URLs of the board's live posts by post id: one request per sync, from Gem's public Job Board
 * API (`GET /job_board/v0/{board}/job_posts/`, no auth, no paging; partner-apis.md §2). Gem's ATS API
 * gives posts no URL of their own; without a board they stay null.
 */
export async function boardUrls(context: ConnectorContext, signal?: AbortSignal): Promise<Map<string, string>> {
  const board = boardOf(context);
  if (!board) return new Map();
  const path = `/job_board/v0/${encodeURIComponent(board)}/job_posts/`;
  const response = await context.http.request<unknown>({ path, signal });
  if (response.status !== 200) throw gemRemoteError(response, `GET ${path}`);
  if (!Array.isArray(response.data)) throw new RemoteError('UNKNOWN', `Gem answered GET ${path} with a body that is not a list.`, { status: 200, endpoint: `GET ${path}` });
  const urls = new Map<string, string>();
  for (const post of response.data as BoardPost[]) {
    const url = post?.absolute_url ?? post?.url;
    if (typeof post?.id === 'string' && typeof url === 'string') urls.set(post.id, url);
  }
  return urls;
}
