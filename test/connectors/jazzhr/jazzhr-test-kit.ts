import { pino } from 'pino';
import type { ConnectorContext, FetchRequest, MappedPage, StreamPosition, SyncStream } from '../../../src/connectors/connector.js';
import { createConnectorContext } from '../../../src/connectors/connector-context.js';
import { jazzhrConnector } from '../../../src/connectors/jazzhr/jazzhr.connector.js';
import { startJazzSandbox, type JazzSandboxOptions } from '../../../src/connectors/jazzhr/sandbox/jazzhr-sandbox.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { freePort } from '../../support/free-port.js';

export const API_KEY = 'jazzhr-test-key';

/** Lifted so tests run quickly; the rate-limit tests set a short window of their own. */
export const ROOMY_LIMIT = { requests: 100_000, windowMs: 60_000 };

/** A JazzHR sandbox in this process on a free port. */
export async function startSandbox(options: Partial<JazzSandboxOptions> = {}): Promise<RunningSandbox> {
  return startJazzSandbox({ port: await freePort(), host: '127.0.0.1', seed: 7, candidates: 300, apiKey: API_KEY, rateLimit: ROOMY_LIMIT, ...options });
}

/** GET on the sandbox with the key as the apikey query parameter; the bare body. */
export async function jazzGet<T = unknown>(url: string, path: string, key: string | null = API_KEY): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}${key === null ? '' : `?apikey=${encodeURIComponent(key)}`}`);
  return { status: response.status, body: (await response.json()) as T };
}

export async function jazzPost<T = unknown>(url: string, path: string, body: Record<string, unknown>, options: { queryKey?: boolean } = {}): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}${options.queryKey ? `?apikey=${API_KEY}` : ''}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(options.queryKey ? body : { apikey: API_KEY, ...body }),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** A list reply as an array (JazzHR sends a lone match as a bare object). */
export const asList = <T>(body: T | T[]): T[] => (Array.isArray(body) ? body : [body]);

/** Every record of a list, page by page until a short page. */
export async function jazzAll<T = { id: string }>(url: string, path: string): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await jazzGet<T | T[]>(url, `${path}/page/${page}`);
    if (status !== 200) throw new Error(`${path}: HTTP ${status}`);
    const items = asList(body);
    all.push(...items);
    if (items.length < 100) return all;
  }
}

export async function control<T = Record<string, any>>(url: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/_sandbox/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} /_sandbox/${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The connector's context against the sandbox, with small retry delays. */
export function jazzContext(url: string, options: { apiKey?: string; requestsPerSecond?: number; concurrency?: number; timeoutMs?: number; retries?: number } = {}): ConnectorContext {
  return createConnectorContext(jazzhrConnector, {
    baseUrl: url,
    credentials: { api_key: options.apiKey ?? API_KEY },
    logger: pino({ level: 'silent' }),
    retry: { retries: options.retries ?? 20, baseDelayMs: 5, maxDelayMs: 100 },
    limits: { requestsPerSecond: options.requestsPerSecond ?? 1000, concurrency: options.concurrency ?? 4 },
    timeoutMs: options.timeoutMs,
  });
}

export function stream(name: string): SyncStream {
  const found = jazzhrConnector.streams?.find((s) => s.name === name);
  if (!found) throw new Error(`no JazzHR stream ${name}`);
  return found;
}

export interface StreamRun {
  pages: number;
  mapped: Required<MappedPage>;
  position: StreamPosition;
}

/** Runs one stream to its end, mapping each page as the engine would. */
export async function runStream(context: ConnectorContext, name: string, mode: FetchRequest['mode'], position: StreamPosition | null = null, startedAt = new Date()): Promise<StreamRun> {
  const s = stream(name);
  const run: StreamRun = { pages: 0, mapped: { records: {}, joins: [], failures: [], derived: [] }, position: {} };
  for await (const page of s.fetch(context, { mode, position, startedAt, signal: new AbortController().signal })) {
    const mapped = s.map(page.records);
    run.pages++;
    for (const [model, records] of Object.entries(mapped.records)) ((run.mapped.records as Record<string, unknown[]>)[model] ??= []).push(...(records ?? []));
    run.mapped.joins.push(...(mapped.joins ?? []));
    run.mapped.failures.push(...(mapped.failures ?? []));
    run.position = page.position;
  }
  return run;
}

export const ids = (records: { remote_id: string }[] | undefined) => (records ?? []).map((r) => r.remote_id).sort();
