import type { FieldProblem } from '../common/errors/api-error.js';

/** Headers a caller may not set: the partner's auth is added by ats-sync, and the transport's own. */
const FORBIDDEN_HEADERS = new Set([
  'authorization', 'proxy-authorization', 'cookie', 'host', 'content-length', 'transfer-encoding', 'connection',
  'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto',
]);

export interface PassthroughTarget {
  url: URL;
  headers: Record<string, string>;
  params: Record<string, string>;
}

/**
 * Where a passthrough request may go: only under the connection's partner base URL. The path is
 * resolved against that base and refused when it could leave it (a scheme or host, '//', '\\',
 * '.' or '..' segments, encoded slashes, a query or fragment). Pure, so every rule is unit-tested.
 */
export function passthroughTarget(
  baseUrl: string,
  input: { path: string; headers?: Record<string, unknown>; params?: Record<string, unknown> },
  authNames: { headers: string[]; params: string[] },
): { target: PassthroughTarget } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  const path = input.path;
  if (!path.startsWith('/') || path.startsWith('//')) problems.push({ field: 'path', problem: "must start with a single '/': a path under the partner's API, not a URL" });
  else if (/[\\\u0000-\u001f\u007f\s]/.test(path)) problems.push({ field: 'path', problem: 'must not contain backslashes, spaces or control characters' });
  else if (/[?#]/.test(path)) problems.push({ field: 'path', problem: 'must not contain ? or #: send query parameters as params' });
  else {
    let segments: string[] = [];
    try {
      segments = path.split('/').map((s) => decodeURIComponent(s));
    } catch {
      problems.push({ field: 'path', problem: 'has a malformed %-escape' });
    }
    if (segments.some((s) => s === '.' || s === '..')) problems.push({ field: 'path', problem: "must not contain '.' or '..' segments" });
    else if (segments.some((s) => /[\/\\]/.test(s))) problems.push({ field: 'path', problem: 'must not contain encoded slashes' });
  }
  const headers: Record<string, string> = {};
  const refusedHeaders = new Set([...FORBIDDEN_HEADERS, ...authNames.headers.map((h) => h.toLowerCase())]);
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) problems.push({ field: `headers.${name}`, problem: 'is not a valid header name' });
    else if (refusedHeaders.has(name.toLowerCase())) problems.push({ field: `headers.${name}`, problem: 'may not be set: ats-sync adds the partner’s auth and the transport headers itself' });
    else if (typeof value !== 'string' || /[\r\n\u0000]/.test(value)) problems.push({ field: `headers.${name}`, problem: 'must be a string without line breaks' });
    else headers[name] = value;
  }
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.params ?? {})) {
    if (authNames.params.includes(name)) problems.push({ field: `params.${name}`, problem: 'may not be set: ats-sync adds the partner’s auth itself' });
    else if (typeof value !== 'string') problems.push({ field: `params.${name}`, problem: 'must be a string' });
    else params[name] = value;
  }
  if (problems.length > 0) return { problems };
  const url = new URL(`${basePath}${path}`, base.origin);
  // Belt and braces: whatever the rules above missed, the resolved URL must still be under the base.
  if (url.origin !== base.origin || !(url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) {
    return { problems: [{ field: 'path', problem: "leaves the partner's API base URL" }] };
  }
  return { target: { url, headers, params } };
}
