// `npm run bench -- --provider jazzhr [--candidates 2000]`: a JazzHR FULL and DELTA at JazzHR's real
// limit (100 requests a minute per key), against the sandbox enforcing it. What matters here is not
// rows per second but how much of the limit the sync uses and how often it is refused (HTTP 429).
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { migrate } from '../../src/app/bootstrap.js';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { jazzhrConnector } from '../../src/connectors/jazzhr/jazzhr.connector.js';
import { startJazzSandbox } from '../../src/connectors/jazzhr/sandbox/jazzhr-sandbox.js';
import { JAZZHR_RATE_LIMIT } from '../../src/connectors/jazzhr/sandbox/jazzhr-sandbox-app.js';
import { createPool } from '../../src/database/pool.js';
import { SyncRunner } from '../../src/sync/sync-runner.js';
import { SyncRuns, type SyncRun, type SyncType } from '../../src/sync/sync-runs.repository.js';
import { describeMachine } from './machine.js';

interface Stats {
  requests: number;
  rate_limited: number;
  by_endpoint: Record<string, number>;
  detail_reads: Record<string, number>;
  first_request_at: string | null;
  last_request_at: string | null;
}

export interface JazzBenchResult {
  title: string;
  table: string;
}

/** Runs FULL → mutate → DELTA at the real limit and returns the Markdown section. */
export async function runJazzhrRateBench(serverUrl: string, candidates: number, log: (line: string) => void): Promise<JazzBenchResult> {
  const logger = pino({ level: 'warn' });
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const dbName = `ats_bench_jazzhr_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
  await migrate(dbUrl, logger);
  const pool = createPool(dbUrl, { max: 4 });
  const apiKey = `bench-${randomBytes(6).toString('hex')}`;
  const sandbox = await startJazzSandbox({ port: 0, host: '127.0.0.1', seed: 42, candidates, apiKey, rateLimit: JAZZHR_RATE_LIMIT });
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
    (await (await fetch(`${sandbox.url}/_sandbox/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) })).json()) as T;
  try {
    const key = randomBytes(32);
    const connectionId = randomUUID();
    await pool.query(`INSERT INTO connections (id, provider, base_url, credentials_encrypted) VALUES ($1, 'jazzhr', $2, $3)`, [connectionId, sandbox.url, new SecretBox(key).seal(JSON.stringify({ api_key: apiKey }), connectionId)]);
    // The connector's own limits: nothing lifted.
    const runner = new SyncRunner({ pool, secrets: new SecretBox(key), logger });
    const sync = async (type: SyncType): Promise<{ run: SyncRun; stats: Stats; seconds: number }> => {
      await control('DELETE', 'stats');
      const created = await SyncRuns.create(pool, connectionId, type, 'MANUAL');
      const started = Date.now();
      await runner.execute(created.id);
      const seconds = (Date.now() - started) / 1000;
      const run = (await SyncRuns.get(pool, created.id))!;
      if (run.state !== 'SUCCEEDED') throw new Error(`${type} ended ${run.state}: ${JSON.stringify(run.errors.slice(0, 3))}`);
      return { run, stats: await control<Stats>('GET', 'stats'), seconds };
    };

    log(`FULL of ${candidates} applicants at ${JAZZHR_RATE_LIMIT.requests} requests a minute (about ${Math.ceil(candidates / 96)} minutes)…`);
    const full = await sync('FULL');
    const changes = Math.max(1, Math.round(candidates / 100));
    const { changed } = await control<{ changed: Record<string, { created?: string[]; updated?: string[] }> }>('POST', 'mutate', { update: { applicants: changes, applicants2jobs: changes }, create: changes });
    log(`DELTA after ${changes} profile edits, ${changes} stage moves and ${changes} new applicants…`);
    const delta = await sync('DELTA');

    const perMinute = (s: { stats: Stats }) => {
      const span = (Date.parse(s.stats.last_request_at!) - Date.parse(s.stats.first_request_at!)) / 60_000;
      return span > 0 ? (s.stats.requests - 1) / span : s.stats.requests;
    };
    const share = (s: { stats: Stats }) => (100 * s.stats.rate_limited) / s.stats.requests;
    const fullRate = perMinute(full);
    const details = (s: { stats: Stats }) => s.stats.by_endpoint['GET /applicants/{id}'] ?? 0;
    const moved = new Set([...(changed.applicants?.updated ?? []), ...(changed.applicants?.created ?? [])]);
    const expectedDetails = moved.size + (changed.applicants2jobs?.updated?.length ?? 0);
    const machine = await describeMachine(admin);
    const check = (ok: boolean) => (ok ? 'met' : '**missed**');
    const endpoints = (s: { stats: Stats }) =>
      Object.entries(s.stats.by_endpoint)
        .sort((a, b) => b[1] - a[1])
        .map(([e, n]) => `${e} ${n}`)
        .join(', ');
    const table = [
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --provider jazzhr --candidates ${candidates}\` on ${machine}. The sandbox enforces JazzHR's limit (${JAZZHR_RATE_LIMIT.requests} requests per sliding minute per key, 429 over it); the connector paces at ${(jazzhrConnector.limits.requestsPerSecond * 60).toFixed(1)} a minute with ${jazzhrConnector.limits.concurrency} in flight.`,
      '',
      '| measure | result | target | |',
      '|---|---|---|---|',
      `| FULL: requests (all answers, 429s included) | ${full.stats.requests} in ${(full.seconds / 60).toFixed(1)} min | | |`,
      `| FULL: applicant detail calls / applicants | ${details(full)} / ${candidates} | one each | ${check(details(full) === candidates)} |`,
      `| FULL: utilization of the limit (requests a minute ÷ ${JAZZHR_RATE_LIMIT.requests}) | ${fullRate.toFixed(1)} a minute = ${fullRate.toFixed(1)} % | ≥ 90 % | ${check(fullRate >= 90)} |`,
      `| FULL: requests answered 429 | ${full.stats.rate_limited} (${share(full).toFixed(2)} %) | < 1 % | ${check(share(full) < 1)} |`,
      `| DELTA: applicant detail calls | ${details(delta)} (changed applicants: ${expectedDetails}) | only the changed | ${check(details(delta) <= expectedDetails)} |`,
      `| DELTA: requests, time | ${delta.stats.requests} in ${delta.seconds.toFixed(1)} s | | |`,
      `| DELTA: requests answered 429 | ${delta.stats.rate_limited} | | |`,
      '',
      `FULL requests by endpoint: ${endpoints(full)}.`,
      '',
      `DELTA requests by endpoint: ${endpoints(delta)}.`,
      '',
      `Rows per model in the FULL: ${Object.entries(full.run.counts).map(([m, c]) => `${m} ${c!.created}`).join(', ')}.`,
    ].join('\n');
    return { title: `Sync engine: jazzhr, ${candidates} applicants at 100 requests a minute`, table };
  } finally {
    await sandbox.close();
    await pool.end();
    await admin.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}
