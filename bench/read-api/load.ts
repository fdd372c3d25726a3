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
}

function get(agent: Agent, baseUrl: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
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
 */
export async function runScenario(
  scenario: Scenario,
  options: { baseUrl: string; headers: Record<string, string>; concurrency: number; warmupSeconds: number; measureSeconds: number },
): Promise<ScenarioResult> {
  const concurrency = scenario.concurrency ?? options.concurrency;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const start = performance.now();
  const measureFrom = start + options.warmupSeconds * 1000;
  const stopAt = measureFrom + options.measureSeconds * 1000;
  const worker = async () => {
    const client = scenario.client();
    while (performance.now() < stopAt) {
      const { path, connectionId } = client.next();
      const sent = performance.now();
      const response = await get(agent, options.baseUrl, path, { ...options.headers, 'X-Connection-Id': connectionId });
      const done = performance.now();
      client.seen?.(response.body);
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
  agent.destroy();
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
  };
}

/** `next` of a list response, read from the start of the body without parsing the page. */
export function nextCursor(body: string): string | null {
  const match = /^\{"status":"success","data":\{"next":(null|"[^"]*")/.exec(body.slice(0, 4096));
  return match && match[1] !== 'null' ? match[1].slice(1, -1) : null;
}
