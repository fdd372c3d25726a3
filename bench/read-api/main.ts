// `npm run bench:api`: the read API under 16 concurrent clients on 1M candidates / 2M applications.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pino } from 'pino';
import { migrate } from '../../src/app/bootstrap.js';
import { CursorCodec } from '../../src/ats-api/pagination/cursor.js';
import { existingDataset, generateDataset, RECENT_WINDOW_HOURS, type BenchConnection } from './dataset.js';
import { nextCursor, runScenario, type Scenario, type ScenarioResult } from './load.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'ats_bench_read_api';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PAGE_SIZE = 100;
const DEEP_PAGE = 5_000;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
// A fixed key, so cursors minted here are valid for the server started here.
const ENCRYPTION_KEY = Buffer.alloc(32, 7);
const ADMIN_KEY = `bench_admin_${randomBytes(12).toString('hex')}`;

const log = (line: string) => process.stdout.write(`${line}\n`);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const randomInt = (max: number) => 1 + Math.floor(Math.random() * max);

function databaseUrl(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function prepareDatabase(): Promise<BenchConnection[]> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE])).rowCount! > 0;
  const regenerate = process.argv.includes('--regenerate');
  if (exists && !regenerate) {
    const connections = await existingDataset(databaseUrl(DATABASE));
    if (connections) {
      await admin.end();
      log(`Reusing database ${DATABASE} (pass --regenerate to rebuild it).`);
      return connections;
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  const started = Date.now();
  log(`Generating the dataset in ${DATABASE}…`);
  await migrate(databaseUrl(DATABASE), pino({ level: 'warn' }));
  const connections = await generateDataset(databaseUrl(DATABASE), log);
  log(`Dataset ready in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  return connections;
}

async function startServer(): Promise<{ url: string; process: ChildProcess }> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [join(ROOT, 'bin/ats-sync.js'), 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl(DATABASE),
      ATS_SYNC_ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64'),
      ATS_SYNC_ADMIN_KEY: ADMIN_KEY,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ATS_SYNC_WORKERS: '0',
      ATS_SYNC_SCHEDULER: 'off',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  process.on('exit', () => child.kill('SIGTERM'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return { url, process: child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('the server did not start');
}

/** Cursors that start pages around page 5,000 of `table` in `connection`, minted as the server would. */
async function deepCursors(client: pg.Client, table: string, model: string, connection: BenchConnection): Promise<string[]> {
  const codec = new CursorCodec(ENCRYPTION_KEY);
  // The last id of each page before the wanted ones: rows (page - 1) * page_size in id order.
  const positions = Array.from({ length: 21 }, (_, i) => (DEEP_PAGE - 10 + i - 1) * PAGE_SIZE);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM ${table}
       WHERE connection_id = $1 AND remote_deleted_at IS NULL) x WHERE n = ANY($2::bigint[])`,
    [connection.id, positions],
  );
  if (rows.length !== positions.length) throw new Error(`${table} of connection ${connection.label} has fewer than ${DEEP_PAGE + 10} pages`);
  return rows.map((row) => codec.encode({ connectionId: connection.id, model, lastId: row.id, filters: { include_deleted: false } }));
}

function scenarios(connections: BenchConnection[], deep: { candidates: string[]; applications: string[] }, deltaSince: string): Scenario[] {
  const big = connections[0];
  const list = (path: string, query: Record<string, string>, connection: BenchConnection) => ({
    path: `/v1/ats/${path}?${new URLSearchParams({ ...query, page_size: String(PAGE_SIZE) })}`,
    connectionId: connection.id,
  });
  const emailLookup = () => {
    const index = Math.floor(Math.random() * connections.length);
    const c = connections[index];
    return list('candidates', { email: `CAND${randomInt(c.candidates)}.c${index}@Example.com` }, c);
  };
  return [
    // One client alone: the service time of a request, without queueing behind the others.
    { name: 'candidates, first page, 1 client', concurrency: 1, client: () => ({ next: () => list('candidates', {}, pick(connections)) }) },
    { name: 'candidates, email= lookup, 1 client', concurrency: 1, client: () => ({ next: emailLookup }) },
    { name: 'candidates, first page', client: () => ({ next: () => list('candidates', {}, pick(connections)) }) },
    { name: `candidates, page ${DEEP_PAGE}`, client: () => ({ next: () => list('candidates', { cursor: pick(deep.candidates) }, big) }) },
    { name: 'applications, first page', client: () => ({ next: () => list('applications', {}, pick(connections)) }) },
    { name: `applications, page ${DEEP_PAGE}`, client: () => ({ next: () => list('applications', { cursor: pick(deep.applications) }, big) }) },
    { name: 'candidates, email= lookup', client: () => ({ next: emailLookup }) },
    {
      name: 'candidates, updated_after delta (every page)',
      client: () => {
        let cursor: string | null = null;
        let connection = pick(connections);
        return {
          next: () => (cursor ? list('candidates', { cursor }, connection) : list('candidates', { updated_after: deltaSince }, connection)),
          seen: (body: string) => {
            cursor = nextCursor(body);
            if (!cursor) connection = pick(connections);
          },
        };
      },
    },
  ];
}

const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(1) : '–');

function table(results: ScenarioResult[]): string {
  const verdict = (r: ScenarioResult) => (r.p50 <= 10 && r.p99 <= 50 ? 'met' : `missed (p50 ${(r.p50 / 10).toFixed(1)}×, p99 ${(r.p99 / 50).toFixed(1)}× target)`);
  const lines = [
    '| scenario | requests | req/s | p50 ms | p99 ms | mean KiB | errors | p50 ≤ 10 ms, p99 ≤ 50 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...results.map(
      (r) => `| ${r.name} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.meanKiB.toFixed(0)} | ${r.errors} | ${verdict(r)} |`,
    ),
  ];
  const ratio = (deep: string, first: string) => {
    const d = results.find((r) => r.name === deep)!;
    const f = results.find((r) => r.name === first)!;
    return `${deep} vs first page: p50 ${(d.p50 / f.p50).toFixed(2)}×, p99 ${(d.p99 / f.p99).toFixed(2)}× (target ≤ 1.5×)`;
  };
  lines.push('', `- ${ratio(`candidates, page ${DEEP_PAGE}`, 'candidates, first page')}`);
  lines.push(`- ${ratio(`applications, page ${DEEP_PAGE}`, 'applications, first page')}`);
  return lines.join('\n');
}

async function machine(client: pg.Client): Promise<string> {
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  const buffers = (await client.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows[0].shared_buffers;
  return `nproc ${cpus().length} (${cpus()[0]?.model?.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, PostgreSQL ${version} (shared_buffers ${buffers}) on the same machine, Node ${process.version}; server, database and load generator share the cores`;
}

function writeDocs(section: string): void {
  const path = join(ROOT, 'docs/benchmarks.md');
  const start = '<!-- read-api:results:start -->';
  const end = '<!-- read-api:results:end -->';
  const block = `${start}\n${section}\n${end}`;
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  if (text.includes(start) && text.includes(end)) {
    text = text.slice(0, text.indexOf(start)) + block + text.slice(text.indexOf(end) + end.length);
  } else {
    text = `${text.trimEnd()}\n\n## Read API\n\n${block}\n`;
  }
  writeFileSync(path, text);
}

async function main(): Promise<void> {
  const connections = await prepareDatabase();
  const client = new pg.Client({ connectionString: databaseUrl(DATABASE) });
  await client.connect();
  const deep = {
    candidates: await deepCursors(client, 'ats_candidates', 'candidates', connections[0]),
    applications: await deepCursors(client, 'ats_applications', 'applications', connections[0]),
  };
  const deltaSince = new Date(Date.now() - RECENT_WINDOW_HOURS * 3600_000).toISOString();
  const description = await machine(client);
  await client.end();

  const loadBefore = loadavg()[0];
  const server = await startServer();
  const results: ScenarioResult[] = [];
  try {
    // BENCH_ONLY=<part of a scenario name> runs only the matching scenarios (while tuning).
    const only = process.env.BENCH_ONLY;
    for (const scenario of scenarios(connections, deep, deltaSince).filter((s) => !only || s.name.includes(only))) {
      const result = await runScenarioWithConnection(scenario, server.url);
      results.push(result);
      log(`  ${result.name}: ${result.perSecond.toFixed(0)} req/s, p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms`);
    }
  } finally {
    server.process.kill('SIGTERM');
  }

  const summary = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:api\`: ${description}. One-minute load average before the run: ${loadBefore.toFixed(1)} (other work on the machine competes for the same cores).`,
    '',
    `Dataset: ${connections.map((c) => `${c.label} ${c.candidates.toLocaleString('en')} candidates / ${(c.candidates * 2).toLocaleString('en')} applications`).join('; ')} (1M / 2M in all; 1% of rows deleted, 0.5% of candidates and 0.2% of applications changed inside the delta window; every candidate has 2 applications with job and stage, every 4th a tag). ${CONCURRENCY} concurrent keep-alive clients (rows marked "1 client": one), page_size=${PAGE_SIZE}, closed loop, ${WARMUP_SECONDS} s warm-up then ${MEASURE_SECONDS} s measured per scenario; latency is request sent → last byte received. Deep pages start from cursors around page ${DEEP_PAGE} of the largest connection; \`email=\` looks up a random candidate in mixed case; the delta walks every page of \`updated_after\`=now−${RECENT_WINDOW_HOURS} h.`,
    '',
    table(results),
  ].join('\n');
  log('');
  log(summary);
  writeDocs(summary);
  log('\nWritten to docs/benchmarks.md (section "Read API").');

  async function runScenarioWithConnection(scenario: Scenario, baseUrl: string): Promise<ScenarioResult> {
    return runScenario(scenario, {
      baseUrl,
      headers: { Authorization: `Bearer ${ADMIN_KEY}` },
      concurrency: CONCURRENCY,
      warmupSeconds: WARMUP_SECONDS,
      measureSeconds: MEASURE_SECONDS,
    });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
