import { pino } from 'pino';
import type { FetchRequest, MappedPage, StreamPosition, SyncStream } from '../../../src/connectors/connector.js';
import { createConnectorContext } from '../../../src/connectors/connector-context.js';
import type { ConnectorContext } from '../../../src/connectors/connector.js';
import { gemConnector } from '../../../src/connectors/gem/gem.connector.js';
import { startGemSandbox, type GemSandboxOptions } from '../../../src/connectors/gem/sandbox/gem-sandbox.js';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.js';
import { freePort } from '../../support/free-port.js';

export const API_KEY = 'gem-test-key';

/** A Gem sandbox in this process on a free port. */
export async function startSandbox(options: Partial<GemSandboxOptions> = {}): Promise<RunningSandbox> {
  return startGemSandbox({
    port: await freePort(),
    host: '127.0.0.1',
    seed: 7,
    candidates: 1200,
    apiKey: API_KEY,
    // Roomy by default so tests run quickly; the rate-limit test uses Gem's own 20/s.
    rateLimit: { perSecond: 2000, capacity: 2000 },
    ...options,
  });
}

/** The connector's context against the sandbox, with small retry delays. */
export function gemContext(url: string, options: { apiKey?: string; requestsPerSecond?: number; concurrency?: number; settings?: Record<string, unknown> } = {}): ConnectorContext {
  return createConnectorContext(gemConnector, {
    baseUrl: url,
    settings: options.settings,
    credentials: { api_key: options.apiKey ?? API_KEY },
    logger: pino({ level: 'silent' }),
    retry: { retries: 20, baseDelayMs: 5, maxDelayMs: 100 },
    limits: { requestsPerSecond: options.requestsPerSecond ?? 1000, concurrency: options.concurrency ?? 4 },
  });
}

export function stream(name: string): SyncStream {
  const found = gemConnector.streams?.find((s) => s.name === name);
  if (!found) throw new Error(`no Gem stream ${name}`);
  return found;
}

export interface StreamRun {
  pages: { count: number; position: StreamPosition; mapped: MappedPage }[];
  /** Every page's mapped output, merged. */
  mapped: Required<MappedPage>;
  /** The last page's position. */
  position: StreamPosition;
}

/** Runs one stream to its end (or `maxPages`), mapping each page as the engine would. */
export async function runStream(
  context: ConnectorContext,
  name: string,
  mode: FetchRequest['mode'],
  position: StreamPosition | null = null,
  options: { startedAt?: Date; maxPages?: number } = {},
): Promise<StreamRun> {
  const s = stream(name);
  const request: FetchRequest = { mode, position, startedAt: options.startedAt ?? new Date(), signal: new AbortController().signal };
  const run: StreamRun = { pages: [], mapped: { records: {}, joins: [], failures: [], derived: [] }, position: {} };
  for await (const page of s.fetch(context, request)) {
    const mapped = s.map(page.records);
    run.pages.push({ count: page.records.length, position: page.position, mapped });
    for (const [model, records] of Object.entries(mapped.records)) {
      const target = ((run.mapped.records as Record<string, unknown[]>)[model] ??= []);
      target.push(...(records ?? []));
    }
    run.mapped.joins.push(...(mapped.joins ?? []));
    run.mapped.failures.push(...(mapped.failures ?? []));
    run.position = page.position;
    if (options.maxPages && run.pages.length >= options.maxPages) break;
  }
  return run;
}

/** GET on the sandbox with the test key; the bare body. */
export async function gemGet<T = unknown>(url: string, path: string, key = API_KEY): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url + path, { headers: { 'X-API-Key': key } });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

/** Every record of an ATS list, straight from the sandbox. */
export async function gemAll<T = { id: string }>(url: string, path: string, query = ''): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await gemGet<T[]>(url, `${path}?per_page=500&page=${page}${query}`);
    if (status !== 200) throw new Error(`${path}: HTTP ${status}`);
    all.push(...body);
    if (body.length < 500) return all;
  }
}

export async function control<T = Record<string, unknown>>(url: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${url}/_sandbox/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} /_sandbox/${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const ids = (records: { remote_id: string }[] | undefined) => (records ?? []).map((r) => r.remote_id).sort();
