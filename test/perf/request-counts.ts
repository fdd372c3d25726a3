/**
 * Requests a sync made, by endpoint, read from a sandbox's `GET /_sandbox/stats` (the three
 * sandboxes share the field names). Endpoints are sorted into what they grow with, so a test can
 * hold each kind to its budget and an endpoint nobody sorted fails the test.
 */
export type RequestKind = 'list page' | 'per record' | 'per job, posting or plan' | 'detail (counted apart)';

export interface RequestTally {
  byEndpoint: Record<string, number>;
  byKind: Record<RequestKind, number>;
  unsorted: string[];
}

export async function sandboxStats(url: string): Promise<{ by_endpoint: Record<string, number>; records?: Record<string, number> }> {
  const res = await fetch(`${url}/_sandbox/stats`);
  if (res.status !== 200) throw new Error(`stats answered ${res.status}`);
  return (await res.json()) as never;
}

export async function resetStats(url: string): Promise<void> {
  const res = await fetch(`${url}/_sandbox/stats`, { method: 'DELETE' });
  if (res.status !== 200) throw new Error(`stats reset answered ${res.status}`);
}

export function tally(byEndpoint: Record<string, number>, kinds: Record<string, RequestKind>, control = /_sandbox/): RequestTally {
  const byKind: Record<RequestKind, number> = { 'list page': 0, 'per record': 0, 'per job, posting or plan': 0, 'detail (counted apart)': 0 };
  const unsorted: string[] = [];
  const counted: Record<string, number> = {};
  for (const [endpoint, n] of Object.entries(byEndpoint)) {
    if (control.test(endpoint)) continue;
    counted[endpoint] = n;
    const kind = kinds[endpoint];
    if (kind) byKind[kind] += n;
    else unsorted.push(endpoint);
  }
  return { byEndpoint: counted, byKind, unsorted };
}
