import { Agent, request } from 'node:http';

/** One simulated client: says what to fetch next and sees each response. */
export interface ClientScript {
  /** The path (with query) to fetch next and the connection it reads. */
  next(): { path: string; connectionId: string };
  seen?(body: string): void;
}

export interface Scenario {
  name: string;
  /** Clients for this scenario when not the run's default (1: service time without queueing). */
  concurrency?: number;
  /** Extra request headers (e.g. Accept-Encoding for the compressed variant). */
  headers?: Record<string, string>;
  /** A new client; each keeps its own state (e.g. a delta walk). */
  client(): ClientScript;
}

export interface ScenarioResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  perSecond: number;
  meanKiB: number;
  /** CPU of the serving process (user + system) per request answered in the measured window, in ms; NaN when not measured. */
  cpuMsPerRequest: number;
}

/** Answers one request: over HTTP, or (the SQL-only limit) the same statement straight through `pg`. */
export type Transport = (path: string, connectionId: string, headers: Record<string, string>) => Promise<{ status: number; body: string }>;

/** GET over keep-alive HTTP; a compressed body stays compressed (counted as sent, read as latin1 so no bytes are lost). */
export function httpTransport(baseUrl: string, agent: Agent): Transport {
  return (path, connectionId, headers) =>
    new Promise((resolve, reject) => {
      const req = request(`${baseUrl}${path}`, { agent, headers: { ...headers, 'X-Connection-Id': connectionId } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body: body.toString(res.headers['content-encoding'] ? 'latin1' : 'utf8') });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * `concurrency` clients send requests back to back (closed loop) for warm-up + measure seconds;
 * latencies of the measured part count: from sending a request to the last byte of its response.
 * `cpu` (the serving process's CPU time in ms) is read when the measured window opens and closes
 * (by the first client to notice); divided by the responses completed inside the window, it is the
 * CPU each request cost.
 */
export async function runScenario(
  scenario: Scenario,
  options: {
    transport: (concurrency: number) => { send: Transport; close(): void };
    headers: Record<string, string>;
    concurrency: number;
    warmupSeconds: number;
    measureSeconds: number;
    cpu?: () => number;
  },
): Promise<ScenarioResult> {
  const concurrency = scenario.concurrency ?? options.concurrency;
  const transport = options.transport(concurrency);
  const headers = { ...options.headers, ...scenario.headers };
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  let completed = 0;
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const stopAt = measureFrom + options.measureSeconds * 1000;
  // The server's CPU clock, read by the first client to see the window open and the first to see it close.
  let cpuFrom = NaN;
  let cpuTo = NaN;
  const readCpu = () => (options.cpu ? options.cpu() : NaN);
  const worker = async () => {
    const client = scenario.client();
    for (;;) {
      const now = performance.now();
      if (now >= measureFrom && Number.isNaN(cpuFrom)) cpuFrom = readCpu();
      if (now >= stopAt) {
        if (Number.isNaN(cpuTo)) cpuTo = readCpu();
        break;
      }
      const { path, connectionId } = client.next();
      const sent = performance.now();
      const response = await transport.send(path, connectionId, headers);
      const done = performance.now();
      client.seen?.(response.body);
      // Responses between the two CPU readings.
      if (!Number.isNaN(cpuFrom) && Number.isNaN(cpuTo)) completed += 1;
      if (sent < measureFrom || done > stopAt) continue;
      if (response.status !== 200) {
        errors += 1;
        if (errors <= 3) process.stderr.write(`  ${scenario.name}: ${response.status} ${response.body.slice(0, 300)}\n`);
        continue;
      }
      latencies.push(done - sent);
      bytes += response.body.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  transport.close();
  latencies.sort((a, b) => a - b);
  return {
    name: scenario.name,
    requests: latencies.length,
    errors,
    seconds: options.measureSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: latencies.length / options.measureSeconds,
    meanKiB: latencies.length ? bytes / latencies.length / 1024 : 0,
    cpuMsPerRequest: completed > 0 ? (cpuTo - cpuFrom) / completed : NaN,
  };
}

/** `next` of a list response, read from the start of the body without parsing the page. */
export function nextCursor(body: string): string | null {
  const match = /^\{"status":"success","data":\{"next":(null|"[^"]*")/.exec(body.slice(0, 4096));
  return match && match[1] !== 'null' ? match[1].slice(1, -1) : null;
}
