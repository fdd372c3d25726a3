// `npm run bench`: the sync engine against a partner sandbox over HTTP. Prints a Markdown table and
// writes it into docs/benchmarks.md. Options: --provider ashby --candidates 100000 --no-write
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { pino } from 'pino';
import { migrate } from '../../src/app/bootstrap.js';
import { SecretBox } from '../../src/common/crypto/secret-box.js';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { copyBaseline } from './copy-baseline.js';
import { describeMachine } from './machine.js';
import { runJazzhrRateBench } from './jazzhr-rate.js';
import { buildRef, compareBuilds } from './compare.js';
import { createPool } from '../../src/database/pool.js';
import { JOIN_TABLES, MODEL_TABLES } from '../../src/sync/model-tables.js';

const ROOT = new URL('../../../', import.meta.url).pathname; // dist/bench/sync → repo root
const { values: args } = parseArgs({
  options: {
    provider: { type: 'string', default: 'ashby' },
    // Default 100000 (jazzhr: 2000, a FULL at its 100 requests a minute takes about 21 minutes).
    candidates: { type: 'string' },
    // The issue's measure: candidates with their applications. `all` syncs every stream.
    streams: { type: 'string', default: 'candidates,applications' },
    'no-write': { type: 'boolean', default: false },
    // Candidates the partner changes before the DELTA (default 1%): the same count at two sizes
    // tells the DELTA's cost of its work from that of the data around it.
    'delta-changed': { type: 'string' },
    // Another commit to measure against, on the same data, alternating phase by phase.
    compare: { type: 'string' },
    // With --compare: rounds of both builds (each into new databases; medians reported), and whether
    // they sync the replay partner (the sandbox's pages recorded once) instead of the sandbox.
    rounds: { type: 'string' },
    replay: { type: 'boolean', default: false },
  },
});
const provider = args.provider!;
const candidates = Number(args.candidates ?? (provider === 'jazzhr' ? 2000 : 100000));
const logger = pino({ level: 'warn' });
const loadBefore = loadavg()[0];

interface PhaseResult {
  state: string;
  seconds: number;
  counts: Record<string, Record<string, number>>;
  errors: unknown[];
  maxRssMb: number;
  streams: Record<string, { started_at: string; finished_at?: string; pages: number; mode: string }>;
}

/** Seconds per stream, slowest first: where a run spends its time. */
function streamTimes(result: PhaseResult): string {
  return Object.entries(result.streams)
    .map(([name, s]) => [name, (Date.parse(s.finished_at ?? s.started_at) - Date.parse(s.started_at)) / 1000, s.pages] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([name, secs, pages]) => `${name} ${secs.toFixed(1)} s/${pages} pages`)
    .join(', ');
}

function sum(result: PhaseResult, outcomes: string[]): number {
  return Object.values(result.counts).reduce((n, c) => n + outcomes.reduce((m, o) => m + (c[o] ?? 0), 0), 0);
}

function firstLine(child: ChildProcess, match: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => match.test(line) && resolve(line));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${match}`)));
  });
}

const streamsEnv: Record<string, string> = args.streams === 'all' ? {} : { STREAMS: args.streams! };

/** The partner-side processes of a run (sandbox, recorder, replay partner, fetch-only passes), killed when it ends. */
class Children {
  private readonly all: ChildProcess[] = [];

  /** A script of this build (path from the repo root) in its own Node process. */
  start(script: string, args: string[] = [], env: Record<string, string> = {}): ChildProcess {
    const c = spawn(process.execPath, [join(ROOT, script), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    this.all.push(c);
    return c;
  }

  /** A server script, once it says where it listens. */
  async serve(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<{ url: string; process: ChildProcess }> {
    const c = this.start(script, args, env);
    return { url: (await firstLine(c, /listening at /)).split('listening at ')[1].trim(), process: c };
  }

  /** The partner sandbox with the bench's candidates, unthrottled. */
  async sandbox(apiKey: string): Promise<string> {
    return (await this.serve('bin/ats-sync.js', ['sandbox', provider, '--port', '0', '--candidates', String(candidates), '--seed', '42', '--api-key', apiKey])).url;
  }

  /** Fetches and parses every page of the streams, writing nothing. */
  async fetchOnly(baseUrl: string, apiKey: string): Promise<{ seconds: number; records: number }> {
    return JSON.parse(await firstLine(this.start('dist/bench/sync/fetch-only.js', [], { PROVIDER: provider, BASE_URL: baseUrl, API_KEY: apiKey, ...streamsEnv }), /^\{/));
  }

  /**
   * The replay partner: one fetch-only pass through a recording proxy in front of the sandbox, the
   * answers written to `dir`, then served from memory by its own process.
   */
  async replay(sandboxUrl: string, apiKey: string, dir: string): Promise<{ url: string; process: ChildProcess }> {
    const recorder = await this.serve('dist/bench/sync/replay-partner.js', [], { REPLAY_MODE: 'record', REPLAY_UPSTREAM: sandboxUrl, REPLAY_DIR: dir });
    await this.fetchOnly(recorder.url, apiKey);
    await fetch(`${recorder.url}/_replay/save`, { method: 'POST' });
    recorder.process.kill('SIGTERM');
    return this.serve('dist/bench/sync/replay-partner.js', [], { REPLAY_MODE: 'serve', REPLAY_DIR: dir });
  }

  killAll(): void {
    for (const c of this.all) c.kill('SIGTERM');
  }
}

/** What the replay partner answered: its requests by endpoint; one it had not recorded fails the bench. */
async function replayStats(url: string): Promise<Record<string, number>> {
  const stats = (await (await fetch(`${url}/_replay/stats`)).json()) as { misses: number; by_endpoint: Record<string, number> };
  if (stats.misses > 0) throw new Error(`the replay partner was asked ${stats.misses} requests it had not recorded`);
  return stats.by_endpoint;
}

// BENCH_PHASE_NODE_OPTIONS (e.g. --trace-gc) applies to the sync processes only; their other output
// lines go to BENCH_PHASE_LOG when set.
let phaseNumber = 0;
async function phase(env: Record<string, string>): Promise<PhaseResult> {
  const child = spawn(process.execPath, [...(process.env.BENCH_PHASE_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), join(ROOT, 'dist/bench/sync/phase.js')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const label = `${++phaseNumber} ${env.SYNC_TYPE} ${env.DATABASE_URL?.split('/').pop()}`;
  if (process.env.BENCH_PHASE_LOG) createInterface({ input: child.stdout! }).on('line', (line) => appendFileSync(process.env.BENCH_PHASE_LOG!, `${label}: ${line}\n`));
  const result = JSON.parse(await firstLine(child, /^\{/)) as PhaseResult;
  if (result.state !== 'SUCCEEDED') throw new Error(`sync ${env.SYNC_TYPE} ended ${result.state}: ${JSON.stringify(result.errors)}`);
  return result;
}

async function main(): Promise<void> {
  // Database: DATABASE_URL's server, else a throw-away embedded one.
  let serverUrl = process.env.DATABASE_URL;
  const embedded = serverUrl ? undefined : await startEmbeddedPostgres(mkdtempSync(join(tmpdir(), 'ats-bench-pg-')), 54399, logger);
  serverUrl ??= embedded!.url;
  if (provider === 'jazzhr') {
    // JazzHR's measure is the rate limit, not throughput: its own run (bench/sync/jazzhr-rate.ts).
    const { title, table } = await runJazzhrRateBench(serverUrl, candidates, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`\n${table}\n`);
    if (!args['no-write']) writeSection(title, table);
    await embedded?.stop();
    return;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  if (args.compare) {
    await runCompare(admin, serverUrl, args.compare);
    await admin.end();
    await embedded?.stop();
    return;
  }
  const databases: string[] = [];
  const newDatabase = async (label: string) => {
    const name = `ats_bench_${label}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    databases.push(name);
    const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
    await migrate(url, logger);
    return url;
  };
  const key = randomBytes(32);
  const addConnection = async (pool: pg.Pool, baseUrl: string, apiKey: string) => {
    const id = randomUUID();
    await pool.query(`INSERT INTO connections (id, provider, base_url, credentials_encrypted) VALUES ($1, $2, $3, $4)`, [
      id,
      provider,
      baseUrl,
      new SecretBox(key).seal(JSON.stringify({ api_key: apiKey }), id),
    ]);
    return id;
  };
  const dbUrl = await newDatabase('sandbox');
  const pool = createPool(dbUrl, { max: 4 });
  const replayDbUrl = await newDatabase('replay');
  const replayPool = createPool(replayDbUrl, { max: 2 });
  const children = new Children();

  // The partner: its sandbox in its own process, unthrottled.
  const apiKey = `bench-${randomBytes(6).toString('hex')}`;
  process.stdout.write(`starting the ${provider} sandbox with ${candidates} candidates…\n`);
  const sandboxUrl = await children.sandbox(apiKey);
  const connectionId = await addConnection(pool, sandboxUrl, apiKey);
  const env = { DATABASE_URL: dbUrl, ENCRYPTION_KEY: key.toString('base64'), CONNECTION_ID: connectionId, ...streamsEnv };
  const stats = async () => ((await (await fetch(`${sandboxUrl}/_sandbox/stats`)).json()) as { by_endpoint: Record<string, number> }).by_endpoint;
  const resetStats = () => fetch(`${sandboxUrl}/_sandbox/stats`, { method: 'DELETE' }).catch(() => undefined);

  try {
    process.stdout.write('fetch only (the partner side alone)…\n');
    const fetchSandbox = await children.fetchOnly(sandboxUrl, apiKey);

    // The replay partner: the same pages recorded once, then served from memory by its own process.
    process.stdout.write('recording the pages for the replay partner…\n');
    const replayDir = mkdtempSync(join(tmpdir(), 'ats-bench-replay-'));
    const replay = await children.replay(sandboxUrl, apiKey, replayDir);
    const replayUrl = replay.url;
    const fetchReplay = await children.fetchOnly(replayUrl, apiKey);

    process.stdout.write('FULL #1…\n');
    await resetStats();
    const full = await phase({ ...env, SYNC_TYPE: 'FULL' });
    const written = sum(full, ['created', 'updated', 'deleted']);
    const requestsFull = await stats();

    process.stdout.write('COPY baseline…\n');
    // The tables a sync writes (not the write API's or the exports' own).
    const tables = [...Object.values(MODEL_TABLES), ...Object.values(JOIN_TABLES)].map((t) => t.table).sort();
    const client = await pool.connect();
    const copy = await copyBaseline(client, connectionId, tables);
    client.release();

    process.stdout.write('FULL #2 (nothing changed)…\n');
    await resetStats();
    const second = await phase({ ...env, SYNC_TYPE: 'FULL' });
    const requestsSecond = await stats();

    process.stdout.write('FULL #1 and #2 against the replay partner…\n');
    const replayConnection = await addConnection(replayPool, replayUrl, apiKey);
    const replayEnv = { ...env, DATABASE_URL: replayDbUrl, CONNECTION_ID: replayConnection };
    const replayFull = await phase({ ...replayEnv, SYNC_TYPE: 'FULL' });
    const replaySecond = await phase({ ...replayEnv, SYNC_TYPE: 'FULL' });
    await replayStats(replayUrl);
    const replayWritten = sum(replayFull, ['created', 'updated', 'deleted']);
    replay.process.kill('SIGTERM');
    rmSync(replayDir, { recursive: true, force: true });

    const changedAtBefore = new Map(
      (await pool.query<{ remote_id: string; changed_at: Date }>('SELECT remote_id, changed_at FROM ats_candidates WHERE connection_id = $1', [connectionId])).rows.map(
        (r) => [r.remote_id, r.changed_at.getTime()],
      ),
    );
    const onePercent = Math.max(1, Number(args['delta-changed'] ?? Math.round(candidates / 100)));
    const deltaShare = `${Number(((onePercent / candidates) * 100).toPrecision(2))}%`;
    const mutation = (await (await fetch(`${sandboxUrl}/_sandbox/mutate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ update: onePercent }) })).json()) as {
      updated: Record<string, string[]>;
    };
    process.stdout.write(`DELTA after updating ${onePercent} candidates…\n`);
    const delta = await phase({ ...env, SYNC_TYPE: 'DELTA' });
    const moved = (await pool.query<{ remote_id: string; changed_at: Date }>('SELECT remote_id, changed_at FROM ats_candidates WHERE connection_id = $1', [connectionId])).rows
      .filter((r) => changedAtBefore.get(r.remote_id) !== r.changed_at.getTime())
      .map((r) => r.remote_id)
      .sort();
    const expected = [...(mutation.updated.candidates ?? [])].sort();
    const exact = JSON.stringify(moved) === JSON.stringify(expected);

    const syncRate = written / full.seconds;
    const replayRate = replayWritten / replayFull.seconds;
    const copyRate = copy.rows / copy.seconds;
    const machine = await describeMachine(admin);
    const check = (ok: boolean) => (ok ? 'met' : '**missed**');
    const peak = Math.max(full.maxRssMb, second.maxRssMb, delta.maxRssMb, replayFull.maxRssMb, replaySecond.maxRssMb);
    const table = [
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --provider ${provider} --candidates ${candidates} --streams ${args.streams}\` on ${machine}. One-minute load average before the run: ${loadBefore.toFixed(1)}.`,
      '',
      '| measure | result | target | |',
      '|---|---|---|---|',
      `| the partner side alone, sandbox: fetching and parsing every page, one stream after the other | ${fetchSandbox.records} records in ${fetchSandbox.seconds.toFixed(1)} s | | |`,
      `| the partner side alone, replay partner (recorded pages served from memory) | ${fetchReplay.records} records in ${fetchReplay.seconds.toFixed(1)} s | | |`,
      `| raw COPY of the same rows into same-shaped tables | ${copy.rows} rows in ${copy.seconds.toFixed(1)} s = ${copyRate.toFixed(0)} rows/s | | |`,
      `| FULL #1, sandbox: rows written | ${written} rows in ${full.seconds.toFixed(1)} s = ${syncRate.toFixed(0)} rows/s | | |`,
      `| FULL #1, sandbox: rate / COPY rate | ${(syncRate / copyRate).toFixed(2)} | ≥ 0.50 | ${check(syncRate / copyRate >= 0.5)} |`,
      `| FULL #1, replay: rows written | ${replayWritten} rows in ${replayFull.seconds.toFixed(1)} s = ${replayRate.toFixed(0)} rows/s | | |`,
      `| FULL #1, replay: rate / COPY rate | ${(replayRate / copyRate).toFixed(2)} | ≥ 0.60 | ${check(replayRate / copyRate >= 0.6)} |`,
      `| FULL #2 over unchanged data: rows written (sandbox / replay) | ${sum(second, ['created', 'updated', 'deleted'])} / ${sum(replaySecond, ['created', 'updated', 'deleted'])} | 0 | ${check(sum(second, ['created', 'updated', 'deleted']) + sum(replaySecond, ['created', 'updated', 'deleted']) === 0)} |`,
      `| FULL #2 time / FULL #1 time, sandbox | ${second.seconds.toFixed(1)} s / ${full.seconds.toFixed(1)} s = ${(second.seconds / full.seconds).toFixed(2)} | ≤ 0.50 | ${check(second.seconds / full.seconds <= 0.5)} |`,
      `| FULL #2 time / FULL #1 time, replay | ${replaySecond.seconds.toFixed(1)} s / ${replayFull.seconds.toFixed(1)} s = ${(replaySecond.seconds / replayFull.seconds).toFixed(2)} | ≤ 0.30 | ${check(replaySecond.seconds / replayFull.seconds <= 0.3)} |`,
      `| DELTA after ${onePercent} candidates (${deltaShare}) changed: time / FULL #1 time | ${delta.seconds.toFixed(2)} s / ${full.seconds.toFixed(1)} s = ${(delta.seconds / full.seconds).toFixed(3)} | ≤ 0.05 | ${check(delta.seconds / full.seconds <= 0.05)} |`,
      `| DELTA: candidates with a new changed_at = the changed ones | ${moved.length} moved, ${expected.length} changed, ${exact ? 'same set' : 'different sets'} | exactly | ${check(exact)} |`,
      `| peak RSS of the sync process, sandbox (FULL #1 / FULL #2 / DELTA) | ${full.maxRssMb.toFixed(0)} / ${second.maxRssMb.toFixed(0)} / ${delta.maxRssMb.toFixed(0)} MB | ≤ 250 MB | ${check(Math.max(full.maxRssMb, second.maxRssMb, delta.maxRssMb) <= 250)} |`,
      `| peak RSS of the sync process, replay (FULL #1 / FULL #2) | ${replayFull.maxRssMb.toFixed(0)} / ${replaySecond.maxRssMb.toFixed(0)} MB | ≤ 250 MB | ${check(peak <= 250)} |`,
      '',
      `Requests per FULL by endpoint (sandbox; FULL #1 / FULL #2): ${requestTable(requestsFull, requestsSecond)}.`,
      '',
      `Rows per model in FULL #1: ${Object.entries(full.counts).map(([m, c]) => `${m} ${c.created}`).join(', ')}.`,
      '',
      `Time per stream, FULL #1: ${streamTimes(full)}. Replay: ${streamTimes(replayFull)}.`,
      '',
      `Time per stream, FULL #2: ${streamTimes(second)}. Replay: ${streamTimes(replaySecond)}.`,
    ].join('\n');
    process.stdout.write(`\n${table}\n`);
    if (!args['no-write']) writeSection(`Sync engine: ${provider}, ${candidates} candidates, streams ${args.streams}`, table);
  } finally {
    children.killAll();
    await pool.end();
    await replayPool.end();
    for (const name of databases) await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
  }
}

async function runCompare(admin: pg.Client, serverUrl: string, ref: string): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const other = buildRef(ROOT, ref, log);
  const apiKey = `bench-${randomBytes(6).toString('hex')}`;
  const children = new Children();
  const replayDir = args.replay ? mkdtempSync(join(tmpdir(), 'ats-bench-replay-')) : undefined;
  try {
    const sandboxUrl = await children.sandbox(apiKey);
    let partnerUrl = sandboxUrl;
    let requests = async () => ((await (await fetch(`${sandboxUrl}/_sandbox/stats`)).json()) as { requests?: number }).requests ?? 0;
    if (replayDir) {
      log('recording the pages for the replay partner…');
      const replayUrl = (partnerUrl = (await children.replay(sandboxUrl, apiKey, replayDir)).url);
      requests = async () => Object.values(await replayStats(replayUrl)).reduce((a, b) => a + b, 0);
    }
    const head = execSync(`git -C ${ROOT} rev-parse --short HEAD`, { encoding: 'utf8' }).trim();
    const rounds = Number(args.rounds ?? 1);
    const table = await compareBuilds({
      admin,
      serverUrl,
      provider,
      partnerUrl,
      requests,
      apiKey,
      streams: args.streams === 'all' ? undefined : args.streams,
      builds: [{ label: `this build (${head})`, root: ROOT }, other],
      rounds,
      log,
    });
    const flags = `${args.replay ? ' --replay' : ''}${rounds > 1 ? ` --rounds ${rounds}` : ''}`;
    const partner = args.replay ? 'the replay partner (the sandbox’s pages recorded once, served from memory by its own process)' : 'the same sandbox (in its own process)';
    const body = [
      `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench -- --provider ${provider} --candidates ${candidates} --streams ${args.streams} --compare ${ref}${flags}\` on ${await describeMachine(admin)}; both builds sync ${partner}, each into its own database, phases alternating. One-minute load average before the run: ${loadBefore.toFixed(1)}.`,
      '',
      table,
    ].join('\n');
    log(`\n${body}`);
    if (!args['no-write']) writeSection(`Sync engine compared with ${ref}: ${provider}, ${candidates} candidates, streams ${args.streams}${args.replay ? ', replay partner' : ''}`, body);
  } finally {
    children.killAll();
    if (replayDir) rmSync(replayDir, { recursive: true, force: true });
    other.remove();
  }
}

/** "candidate.list 1000/1000, application.list 1689/1689 (list pages 2689/2689; other calls 0/0)". */
function requestTable(first: Record<string, number>, second: Record<string, number>): string {
  const isList = (endpoint: string) => /\.list$/.test(endpoint) || !/[:{]|\/\d/.test(endpoint);
  const endpoints = [...new Set([...Object.keys(first), ...Object.keys(second)])].filter((e) => !e.includes('_sandbox')).sort();
  const total = (counts: Record<string, number>, list: boolean) => endpoints.filter((e) => isList(e) === list).reduce((n, e) => n + (counts[e] ?? 0), 0);
  const each = endpoints.map((e) => `${e} ${first[e] ?? 0}/${second[e] ?? 0}`).join(', ');
  return `${each} (list pages ${total(first, true)}/${total(second, true)}; other calls ${total(first, false)}/${total(second, false)})`;
}

/** Replaces (or appends) this run's section of docs/benchmarks.md, leaving the other sections alone. */
function writeSection(title: string, body: string): void {
  const file = join(ROOT, 'docs/benchmarks.md');
  const start = `<!-- bench:${title} -->`;
  const end = `<!-- /bench:${title} -->`;
  const block = `${start}\n## ${title}\n\n${body}\n${end}`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nFigures are single runs on a shared machine: compare the ratios inside one run, not absolute numbers.\n';
  const at = doc.indexOf(start);
  doc = at >= 0 ? doc.slice(0, at) + block + doc.slice(doc.indexOf(end) + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
  process.stdout.write(`\nwritten to docs/benchmarks.md\n`);
}

await main();
