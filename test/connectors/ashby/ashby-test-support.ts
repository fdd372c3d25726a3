import { pino } from 'pino';
import { ashbyConnector } from '../../../src/connectors/ashby/ashby.connector.js';
import { startAshbySandbox, type RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { createConnectorContext } from '../../../src/connectors/connector-context.js';
import type { ConnectorContext, RawPage, StreamPosition, SyncStream } from '../../../src/connectors/connector.js';
import { freePort } from '../../support/free-port.js';

export const API_KEY = 'test-ashby-key';

export async function startSandbox(candidates = 300, seed = 7): Promise<RunningAshbySandbox> {
  return startAshbySandbox({ port: await freePort(), host: '127.0.0.1', seed, candidates, apiKey: API_KEY });
}

/** The connector's context against the sandbox: tiny retry delays, no client-side throttling. */
export function contextFor(sandbox: RunningAshbySandbox, apiKey = API_KEY): ConnectorContext {
  return createConnectorContext(ashbyConnector, {
    baseUrl: sandbox.url,
    credentials: { api_key: apiKey },
    logger: pino({ level: 'silent' }),
    retry: { retries: 6, baseDelayMs: 5, maxDelayMs: 50 },
    limits: { requestsPerSecond: 10_000, concurrency: 8 },
  });
}

export function stream(name: string): SyncStream {
  const found = ashbyConnector.streams?.find((s) => s.name === name);
  if (!found) throw new Error(`no Ashby stream ${name}`);
  return found;
}

/** Every page of one run of a stream. */
export async function run(s: SyncStream, context: ConnectorContext, mode: 'FULL' | 'DELTA', position: StreamPosition | null = null): Promise<RawPage[]> {
  const pages: RawPage[] = [];
  for await (const page of s.fetch(context, { mode, position, startedAt: new Date(), signal: new AbortController().signal })) pages.push(page);
  return pages;
}

/** The remote ids a run's pages map to, for one model. */
export function mappedIds(s: SyncStream, pages: RawPage[], model: string): string[] {
  return pages.flatMap((p) => (s.map(p.records).records as Record<string, { remote_id: string }[]>)[model] ?? []).map((r) => r.remote_id);
}

export async function control(sandbox: RunningAshbySandbox, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`control ${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** A raw Ashby RPC call, as the real API is called. */
export async function rpc(sandbox: RunningAshbySandbox, endpoint: string, body: unknown = {}, apiKey: string | null = API_KEY) {
  const res = await fetch(`${sandbox.url}/${endpoint}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(apiKey !== null ? { Authorization: `Basic ${Buffer.from(`${apiKey}:`).toString('base64')}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}
