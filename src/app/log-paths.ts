/** Path segments that are credentials (Kombo puts the Connect activation token in the path). */
const SECRET_SEGMENTS = [/^(\/v1\/connect\/integration-by-token\/)[^/]+/];

/** The request path as the request log shows it: no query string, no token. */
export function loggedPath(url: string): string {
  const path = url.split('?')[0];
  for (const pattern of SECRET_SEGMENTS) if (pattern.test(path)) return path.replace(pattern, '$1…');
  return path;
}
