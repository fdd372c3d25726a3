// `npm run bench:api`: the read API under 16 concurrent clients on 1M candidates / 2M applications.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { migrate } from '../../src/app/bootstrap.js';
import { CursorCodec } from '../../src/ats-api/pagination/cursor.js';
import { existingDataset, generateDataset, RECENT_WINDOW_HOURS, type BenchConnection } from './dataset.js';
import { httpTransport, nextCursor, runScenario, type Scenario, type ScenarioResult } from './load.js';
import { summarizeProfile } from './profile.js';
import { sqlOnlyTransport } from './sql-only.js';
import { buildRef } from '../sync/compare.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'ats_bench_read_api';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const PAGE_SIZE = 100;
const DEEP_PAGE = 5_000;
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const PROFILE_SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 6);
/** Scenarios profiled (node --cpu-prof, in a server of their own) after the table, and run against the floor server: the targets' two pages. */
const PROFILED = ['candidates, first page', 'candidates, email= lookup'];
const ARGS = parseArgs({
  options: { compare: { type: 'string' }, regenerate: { type: 'boolean' }, 'no-profile': { type: 'boolean' }, 'no-write': { type: 'boolean' } },
  strict: true,
}).values;
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
  const regenerate = ARGS.regenerate === true;
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

interface Server {
  url: string;
  process: ChildProcess;
  /** CPU time (user + system, every thread) the server process has used so far, in ms. */
  cpuMs(): number;
  /** SIGTERM, then waits for the exit (a --cpu-prof server writes its profile on the way out). */
  stop(): Promise<void>;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15), in ms. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

/** The service built in `root` (this worktree, or the --compare ref's), in its own process. */
async function startServer(root: string, nodeArgs: string[] = []): Promise<Server> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'bin/ats-sync.js'), 'serve'], {
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
  children.add(child);
  const server = serverOf(child, port);
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(`${server.url}/health`)).ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('the server did not start');
}

/** bench/read-api/floor-server.ts in its own process: the same statements behind a bare node:http server. */
async function startFloorServer(): Promise<Server> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/bench/read-api/floor-server.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl(DATABASE), ENCRYPTION_KEY: ENCRYPTION_KEY.toString('base64') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
    child.once('exit', () => reject(new Error('the floor server did not start')));
  });
  return serverOf(child, port);
}

/** A spawned server process on 127.0.0.1:port, tracked in `children` until stopped. */
function serverOf(child: ChildProcess, port: number): Server {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    process: child,
    cpuMs: () => processCpuMs(child.pid!),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      children.delete(child);
    },
  };
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
    // The same pages for a client that asks for compression (Accept-Encoding: br): the CPU it costs.
    { name: 'candidates, first page, br', headers: { 'Accept-Encoding': 'br' }, client: () => ({ next: () => list('candidates', {}, pick(connections)) }) },
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

const fmt = (ms: number, digits = 1) => (Number.isFinite(ms) ? ms.toFixed(digits) : '–');
const verdict = (met: boolean) => (met ? 'met' : 'missed');

interface Row {
  http: ScenarioResult;
  sql: ScenarioResult;
  concurrency: number;
}

function table(rows: Row[]): string {
  const lines = [
    '| scenario | requests | req/s | SQL-only req/s | ratio to SQL-only | p50 ms | p99 ms | p99 / p50 | Node CPU ms/req | mean KiB | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      ({ http: r, sql }) =>
        `| ${r.name} | ${r.requests} | ${r.perSecond.toFixed(0)} | ${sql.perSecond.toFixed(0)} | ${fmt(r.perSecond / sql.perSecond, 2)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.p99 / r.p50, 2)} | ${fmt(r.cpuMsPerRequest, 2)} | ${r.meanKiB.toFixed(0)} | ${r.errors + sql.errors} |`,
    ),
  ];
  const find = (name: string) => rows.find((r) => r.http.name === name);
  const targets: string[] = [];
  const cpuTarget = (name: string, limit: number) => {
    const row = find(name);
    if (row) targets.push(`Node CPU per request, ${name}: ${fmt(row.http.cpuMsPerRequest, 2)} ms (target ≤ ${limit} ms): **${verdict(row.http.cpuMsPerRequest <= limit)}**`);
  };
  cpuTarget('candidates, first page', 1);
  cpuTarget('candidates, email= lookup', 0.3);
  const many = rows.filter((r) => r.concurrency > 1);
  if (many.length) {
    const worst = many.reduce((a, b) => (a.http.perSecond / a.sql.perSecond <= b.http.perSecond / b.sql.perSecond ? a : b));
    const ratio = worst.http.perSecond / worst.sql.perSecond;
    targets.push(`Throughput at ${CONCURRENCY} clients ÷ the same SQL straight through \`pg\` at ${CONCURRENCY} clients, lowest: ${fmt(ratio, 2)} (${worst.http.name}; target ≥ 0.80): **${verdict(ratio >= 0.8)}**`);
    const spread = many.reduce((a, b) => (a.http.p99 / a.http.p50 >= b.http.p99 / b.http.p50 ? a : b));
    const r = spread.http.p99 / spread.http.p50;
    targets.push(`p99 ÷ p50 at ${CONCURRENCY} clients, highest: ${fmt(r, 2)} (${spread.http.name}; target ≤ 2.5): **${verdict(r <= 2.5)}**`);
  }
  for (const row of rows.filter((r) => r.concurrency === 1)) {
    targets.push(`Single-client p50, ${row.http.name}: ${fmt(row.http.p50)} ms (target ≤ 5 ms): **${verdict(row.http.p50 <= 5)}**`);
  }
  const ratio = (deep: string, first: string) => {
    const d = find(deep)?.http;
    const f = find(first)?.http;
    if (d && f) targets.push(`${deep} vs first page: p50 ${(d.p50 / f.p50).toFixed(2)}×, p99 ${(d.p99 / f.p99).toFixed(2)}× (target ≤ 1.5×): **${verdict(d.p50 / f.p50 <= 1.5 && d.p99 / f.p99 <= 1.5)}**`);
  };
  ratio(`candidates, page ${DEEP_PAGE}`, 'candidates, first page');
  ratio(`applications, page ${DEEP_PAGE}`, 'applications, first page');
  lines.push('', ...targets.map((t) => `- ${t}`));
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
  // BENCH_ONLY=<part of a scenario name> runs only the matching scenarios (while tuning).
  const only = process.env.BENCH_ONLY;
  const chosen = scenarios(connections, deep, deltaSince).filter((s) => !only || s.name.includes(only));
  if (ARGS.compare) return compare(ARGS.compare, chosen);
  if (process.env.BENCH_SQL_POOLS) return poolSweep(process.env.BENCH_SQL_POOLS.split(',').map(Number), chosen);

  const loadBefore = loadavg()[0];
  const server = await startServer(ROOT);
  const rows: Row[] = [];
  try {
    for (const scenario of chosen) {
      const http = await run(scenario, server);
      const sql = await run(scenario, null);
      rows.push({ http, sql, concurrency: scenario.concurrency ?? CONCURRENCY });
      log(`  ${http.name}: ${http.perSecond.toFixed(0)} req/s (SQL-only ${sql.perSecond.toFixed(0)}, ratio ${fmt(http.perSecond / sql.perSecond, 2)}), p50 ${fmt(http.p50)} ms, p99 ${fmt(http.p99)} ms, Node CPU ${fmt(http.cpuMsPerRequest, 2)} ms/req`);
    }
  } finally {
    await server.stop();
  }
  const floors: string[] = [];
  const floorTargets = chosen.filter((s) => PROFILED.includes(s.name));
  if (floorTargets.length) {
    const floor = await startFloorServer();
    try {
      for (const scenario of floorTargets) {
        const r = await run(scenario, floor);
        const service = rows.find((row) => row.http.name === scenario.name)!.http;
        floors.push(`${scenario.name}: ${r.perSecond.toFixed(0)} req/s, p50 ${fmt(r.p50)} ms, Node CPU ${fmt(r.cpuMsPerRequest, 2)} ms/req (the service: ${fmt(service.cpuMsPerRequest, 2)} ms/req, ${fmt(service.cpuMsPerRequest / r.cpuMsPerRequest, 1)}× the floor)`);
        log(`  floor, ${floors[floors.length - 1]}`);
      }
    } finally {
      await floor.stop();
    }
  }
  const loadAfter = loadavg()[0];

  const profiles: string[] = [];
  if (!ARGS['no-profile']) {
    for (const scenario of chosen.filter((s) => PROFILED.includes(s.name))) {
      profiles.push(await profileScenario(scenario, rows.find((r) => r.http.name === scenario.name)!.http.cpuMsPerRequest));
    }
  }

  const summary = [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:api\`: ${description}. One-minute load average before the run: ${loadBefore.toFixed(1)}, after: ${loadAfter.toFixed(1)} (other work on the machine competes for the same cores; compare the ratios inside this run).`,
    '',
    `Dataset: ${connections.map((c) => `${c.label} ${c.candidates.toLocaleString('en')} candidates / ${(c.candidates * 2).toLocaleString('en')} applications`).join('; ')} (1M / 2M in all; 1% of rows deleted, 0.5% of candidates and 0.2% of applications changed inside the delta window; every candidate has 2 applications with job and stage, every 4th a tag). ${CONCURRENCY} concurrent keep-alive clients (rows marked "1 client": one), page_size=${PAGE_SIZE}, closed loop, ${WARMUP_SECONDS} s warm-up then ${MEASURE_SECONDS} s measured per scenario; latency is request sent → last byte received. Deep pages start from cursors around page ${DEEP_PAGE} of the largest connection; \`email=\` looks up a random candidate in mixed case; the delta walks every page of \`updated_after\`=now−${RECENT_WINDOW_HOURS} h. **SQL-only**: right after each scenario, the same requests' page statements (built by the service's own code, named when the service names them) run straight through \`pg\` from the load generator, one connection per client — the limit PostgreSQL sets on this machine. **Node CPU ms/req**: user + system CPU of the server process (\`/proc/<pid>/stat\`, every thread) over the measured window ÷ the responses completed in it.`,
    '',
    table(rows),
    ...(floors.length
      ? ['', `**Floor** — the same statements behind a bare \`node:http\` server (bench/read-api/floor-server.ts: \`pg\` pool of 10, no framework, auth or logging), ${CONCURRENCY} clients: ${floors.join('; ')}.`]
      : []),
    ...profiles.flatMap((profile) => ['', profile]),
  ].join('\n');
  log('');
  log(summary);
  if (only || ARGS['no-write']) {
    log('\nNot written to docs/benchmarks.md (BENCH_ONLY or --no-write: a partial run).');
  } else {
    writeDocs(summary);
    log('\nWritten to docs/benchmarks.md (section "Read API").');
  }
}

/** BENCH_SQL_POOLS=2,4,8,16: the SQL-only limit of each scenario with the clients sharing pools of these sizes. */
async function poolSweep(sizes: number[], chosen: Scenario[]): Promise<void> {
  log(`| scenario | ${sizes.map((n) => `pool ${n}: req/s, p50, p99`).join(' | ')} |`);
  log(`|---|${sizes.map(() => '---:').join('|')}|`);
  for (const scenario of chosen) {
    const cells: string[] = [];
    for (const size of sizes) {
      const r = await run(scenario, null, MEASURE_SECONDS, size);
      cells.push(`${r.perSecond.toFixed(0)}, ${fmt(r.p50)} ms, ${fmt(r.p99)} ms`);
    }
    log(`| ${scenario.name} | ${cells.join(' | ')} |`);
  }
}

/** One scenario against `server` (Node CPU measured), or with `null` the SQL-only limit. */
async function run(scenario: Scenario, server: Server | null, measureSeconds = MEASURE_SECONDS, sqlPool?: number): Promise<ScenarioResult> {
  return runScenario(scenario, {
    transport: (concurrency) => {
      if (!server) return sqlOnlyTransport(databaseUrl(DATABASE), ENCRYPTION_KEY, concurrency, sqlPool);
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      return { send: httpTransport(server.url, agent), close: () => agent.destroy() };
    },
    headers: { Authorization: `Bearer ${ADMIN_KEY}` },
    concurrency: CONCURRENCY,
    warmupSeconds: WARMUP_SECONDS,
    measureSeconds,
    cpu: server ? server.cpuMs : undefined,
  });
}

/**
 * The scenario against a server of its own under `node --cpu-prof`: where the JS thread's samples
 * fall, by package and by function. The profiler samples wall time while the thread runs (a thread
 * preempted by other work still collects samples), so shares are what it shows; µs/req apportions the
 * table's Node CPU per request (measured without the profiler) by those shares.
 */
async function profileScenario(scenario: Scenario, cpuMsPerRequest: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ats-bench-prof-'));
  const server = await startServer(ROOT, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const from = Number(process.hrtime.bigint() / 1000n) + WARMUP_SECONDS * 1e6;
  let result: ScenarioResult;
  try {
    result = await run(scenario, server, PROFILE_SECONDS);
  } finally {
    await server.stop();
  }
  const to = from + PROFILE_SECONDS * 1e6;
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return `Profile of "${scenario.name}": no .cpuprofile written.`;
  const profile = summarizeProfile(join(dir, file), from, to);
  rmSync(dir, { recursive: true, force: true });
  const share = (ms: number) => ms / Math.max(1e-9, profile.busyMs);
  const perRequest = (ms: number) => (Number.isFinite(cpuMsPerRequest) ? (share(ms) * cpuMsPerRequest * 1000).toFixed(0) : '–');
  const shown = profile.byCategory.filter((c) => share(c.ms) >= 0.02);
  const rest = profile.byCategory.filter((c) => share(c.ms) < 0.02).reduce((sum, c) => sum + c.ms, 0);
  const lines = [
    `Profile of "${scenario.name}" (node --cpu-prof in the server, ${PROFILE_SECONDS} s, ${result.requests} requests at ${result.perSecond.toFixed(0)} req/s under the profiler): share of the JS thread's busy samples, and that share of the ${fmt(cpuMsPerRequest, 2)} ms Node CPU per request measured above.`,
    '',
    `| where | share | ≈ µs/req |`,
    '|---|---:|---:|',
    ...shown.map((c) => `| ${c.name} | ${(100 * share(c.ms)).toFixed(0)}% | ${perRequest(c.ms)} |`),
    `| everything else (each < 2%) | ${(100 * share(rest)).toFixed(0)}% | ${perRequest(rest)} |`,
    '',
    `Top functions (self time): ${profile.topFunctions.slice(0, 10).map((f) => `\`${f.name}\` ${(100 * share(f.ms)).toFixed(1)}%`).join(', ')}.`,
  ];
  log(`  profiled ${scenario.name}`);
  return lines.join('\n');
}

/** `--compare <ref>`: this build (A) and <ref>'s (B), two servers on the same data, scenario by scenario alternating. */
async function compare(ref: string, chosen: Scenario[]): Promise<void> {
  const build = buildRef(ROOT, ref, log);
  const loadBefore = loadavg()[0];
  const a = await startServer(ROOT);
  const b = await startServer(build.root);
  const lines = [
    `| scenario | A req/s | B req/s | req/s A/B | A p50 ms | B p50 ms | A p99 ms | B p99 ms | A Node CPU ms/req | B Node CPU ms/req | CPU A/B | SQL-only req/s | A ÷ SQL-only | B ÷ SQL-only |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  try {
    for (const [i, scenario] of chosen.entries()) {
      // Alternate which build goes first, so neither always runs on the warmer (or busier) machine.
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      const r1 = await run(scenario, first);
      const r2 = await run(scenario, second);
      const sql = await run(scenario, null);
      const [ra, rb] = first === a ? [r1, r2] : [r2, r1];
      lines.push(
        `| ${scenario.name} | ${ra.perSecond.toFixed(0)} | ${rb.perSecond.toFixed(0)} | ${fmt(ra.perSecond / rb.perSecond, 2)} | ${fmt(ra.p50)} | ${fmt(rb.p50)} | ${fmt(ra.p99)} | ${fmt(rb.p99)} | ${fmt(ra.cpuMsPerRequest, 2)} | ${fmt(rb.cpuMsPerRequest, 2)} | ${fmt(ra.cpuMsPerRequest / rb.cpuMsPerRequest, 2)} | ${sql.perSecond.toFixed(0)} | ${fmt(ra.perSecond / sql.perSecond, 2)} | ${fmt(rb.perSecond / sql.perSecond, 2)} |`,
      );
      log(`  ${scenario.name}: A ${ra.perSecond.toFixed(0)} req/s ${fmt(ra.cpuMsPerRequest, 2)} ms CPU, B ${rb.perSecond.toFixed(0)} req/s ${fmt(rb.cpuMsPerRequest, 2)} ms CPU, SQL-only ${sql.perSecond.toFixed(0)}`);
    }
  } finally {
    await a.stop();
    await b.stop();
    build.remove();
  }
  log('');
  log(`Read API compared with ${build.label}, measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:api -- --compare ${ref}\`; A = this build, B = ${build.label}, both serving the same database, scenario by scenario alternating (which build goes first alternates too), ${WARMUP_SECONDS} s warm-up + ${MEASURE_SECONDS} s each. One-minute load average before the run: ${loadBefore.toFixed(1)}, after: ${loadavg()[0].toFixed(1)}.`);
  log('');
  log(lines.join('\n'));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
