// `npm run bench -- --compare <git-ref>`: this build and <git-ref>'s, on the same sandbox data,
// phase by phase alternating (A, B, A, B…), so a change's effect is a ratio measured under the same
// machine load. <git-ref> is built in a temporary worktree (node_modules linked, not installed).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { pino } from 'pino';
import { pathToFileURL } from 'node:url';
import { SecretBox } from '../../src/common/crypto/secret-box.js';

export interface Build {
  label: string;
  root: string;
}

interface Phase {
  cpu?: { node: number; postgres: number };
  state: string;
  seconds: number;
  maxRssMb: number;
  counts: Record<string, Record<string, number>>;
}

function firstLine(child: ChildProcess, match: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => match.test(line) && resolve(line));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before printing ${match}`)));
  });
}

/** Each process's parent and CPU seconds (user + system), from /proc (Linux). */
function processes(): Map<number, { ppid: number; cpu: number; cmdline: string }> {
  const out = new Map<number, { ppid: number; cpu: number; cmdline: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      out.set(Number(entry), { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / 100, cmdline }); // USER_HZ = 100
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * CPU used while a phase runs: its process and their children (the sync worker process), and the
 * PostgreSQL backends serving its database (polled; each process's last reading counts). Less
 * sensitive to the machine's other load than time.
 */
function cpuMeter(pid: number, database: string): { stop(): { node: number; postgres: number } } {
  const node = new Map<number, number>();
  const backends = new Map<number, number>();
  const poll = () => {
    const all = processes();
    const ours = new Set([pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [p, info] of all) {
        if (ours.has(p) || !ours.has(info.ppid)) continue;
        ours.add(p);
        grew = true;
      }
    }
    for (const [p, info] of all) {
      if (ours.has(p)) node.set(p, info.cpu);
      else if (info.cmdline.startsWith('postgres: ') && info.cmdline.includes(` ${database} `)) backends.set(p, info.cpu);
    }
  };
  const timer = setInterval(poll, 100);
  const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    stop() {
      clearInterval(timer);
      return { node: sum(node), postgres: sum(backends) };
    },
  };
}

/**
 * Lets the server finish what the last phase left it (dirty buffers, autovacuum of the tables it
 * filled) before the next phase starts: otherwise that work lands on whichever build runs next,
 * always the same one (A's FULL #2 follows B's FULL #1).
 */
async function settle(admin: pg.Client): Promise<void> {
  // A role without the right to CHECKPOINT still waits for autovacuum.
  await admin.query('CHECKPOINT').catch(() => undefined);
  for (let waited = 0; waited < 60_000; waited += 500) {
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'`);
    if (rows[0].n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Checks out and builds `ref` in a temporary worktree; `remove()` deletes it. */
export function buildRef(root: string, ref: string, log: (line: string) => void): Build & { remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ats-bench-compare-'));
  const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', ref], { encoding: 'utf8' }).trim();
  log(`building ${ref} (${sha}) in ${dir}…`);
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', dir, sha], { stdio: 'ignore' });
  symlinkSync(realpathSync(join(root, 'node_modules')), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(dir, 'node_modules/@nestjs/cli/bin/nest.js'), 'build'], { cwd: dir, stdio: 'inherit' });
  return {
    label: `${ref} (${sha})`,
    root: dir,
    remove: () => {
      execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CompareOptions {
  admin: pg.Client;
  serverUrl: string;
  provider: string;
  /** The partner both builds sync: the sandbox, or the replay partner serving its recorded pages. */
  partnerUrl: string;
  /** Requests the partner answered so far (the sandbox's or the replay partner's own count). */
  requests: () => Promise<number>;
  apiKey: string;
  streams?: string;
  builds: [Build, Build];
  /** FULL #1 and #2 of both builds, each round into new databases (default 1); the first build goes first in odd rounds. */
  rounds?: number;
  log: (line: string) => void;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * FULL #1, then FULL #2 over unchanged data, each build in its own database, alternating; with
 * several rounds, each into new databases, the order of the builds swapped every round, and the
 * ratios' medians reported beside each round's.
 */
export async function compareBuilds(o: CompareOptions): Promise<string> {
  const key = randomBytes(32);
  const dbs: string[] = [];
  const setUp = async (build: Build) => {
    const name = `ats_bench_cmp_${dbs.length}_${Date.now()}`;
    await o.admin.query(`CREATE DATABASE ${name}`);
    dbs.push(name);
    const url = Object.assign(new URL(o.serverUrl), { pathname: `/${name}` }).toString();
    // Each build migrates with its own migrations.
    const { migrate } = (await import(pathToFileURL(join(build.root, 'dist/src/app/bootstrap.js')).href)) as { migrate: (url: string, logger: unknown) => Promise<void> };
    await migrate(url, pino({ level: 'warn' }));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const id = randomUUID();
    await client.query(`INSERT INTO connections (id, provider, base_url, credentials_encrypted) VALUES ($1, $2, $3, $4)`, [
      id,
      o.provider,
      o.partnerUrl,
      new SecretBox(key).seal(JSON.stringify({ api_key: o.apiKey }), id),
    ]);
    await client.end();
    return { build, url, id, name };
  };
  type Setup = Awaited<ReturnType<typeof setUp>>;
  type Result = Phase & { requests: number };
  const phase = async (setup: Setup, type: 'FULL'): Promise<Result> => {
    const before = await o.requests();
    const child = spawn(process.execPath, [join(setup.build.root, 'dist/bench/sync/phase.js')], {
      env: { ...process.env, DATABASE_URL: setup.url, ENCRYPTION_KEY: key.toString('base64'), CONNECTION_ID: setup.id, SYNC_TYPE: type, ...(o.streams ? { STREAMS: o.streams } : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const meter = cpuMeter(child.pid!, new URL(setup.url).pathname.slice(1));
    const result = JSON.parse(await firstLine(child, /^\{/)) as Phase;
    result.cpu = meter.stop();
    if (result.state !== 'SUCCEEDED') throw new Error(`${setup.build.label}: ${type} ended ${result.state}`);
    return { ...result, requests: (await o.requests()) - before };
  };
  const labels = ['FULL #1', 'FULL #2 (unchanged)'];
  const cpu = (r: Phase) => (r.cpu ? r.cpu.node + r.cpu.postgres : Number.NaN);
  const describe = (r: Result) =>
    `${r.seconds.toFixed(1)} s, CPU ${r.cpu ? `${r.cpu.node.toFixed(1)} + ${r.cpu.postgres.toFixed(1)} s` : '?'}, ${r.requests} requests, ${r.maxRssMb.toFixed(0)} MB`;
  const rounds = Math.max(1, o.rounds ?? 1);
  try {
    const rows: string[] = [];
    const ratios = labels.map(() => ({ time: [] as number[], cpu: [] as number[] }));
    for (let round = 1; round <= rounds; round++) {
      const setups = [await setUp(o.builds[0]), await setUp(o.builds[1])];
      for (const [i, label] of labels.entries()) {
        const results: Result[] = [];
        // Which build goes first alternates with the round (the one after the other's FULL #1 inherits its leftovers).
        for (const j of round % 2 === 1 ? [0, 1] : [1, 0]) {
          await settle(o.admin);
          o.log(`${rounds > 1 ? `round ${round}, ` : ''}${label}: ${setups[j].build.label}…`);
          results[j] = await phase(setups[j], 'FULL');
        }
        const [ra, rb] = results;
        ratios[i].time.push(ra.seconds / rb.seconds);
        ratios[i].cpu.push(cpu(ra) / cpu(rb));
        const name = rounds > 1 ? `${label}, round ${round}${round % 2 === 0 ? ' (B first)' : ''}` : label;
        rows.push(`| ${name} | ${describe(ra)} | ${describe(rb)} | ${(ra.seconds / rb.seconds).toFixed(2)} | ${(cpu(ra) / cpu(rb)).toFixed(2)} | ${(ra.requests / Math.max(1, rb.requests)).toFixed(2)} |`);
      }
      // The next round starts from empty databases; these would only fill the disk.
      for (const s of setups) {
        await o.admin.query(`DROP DATABASE ${s.name} WITH (FORCE)`);
        dbs.splice(dbs.indexOf(s.name), 1);
      }
    }
    if (rounds > 1) {
      for (const [i, label] of labels.entries()) rows.push(`| ${label}, median of ${rounds} | | | **${median(ratios[i].time).toFixed(2)}** | **${median(ratios[i].cpu).toFixed(2)}** | |`);
    }
    return [
      `| phase | A: ${o.builds[0].label} | B: ${o.builds[1].label} | time A/B | CPU A/B | requests A/B |`,
      '|---|---|---|---:|---:|---:|',
      ...rows,
      '',
      'CPU: the sync processes (the phase and its worker) + the PostgreSQL backends of its database (user + system, from /proc), which the other work on the machine changes less than the time.',
    ].join('\n');
  } finally {
    for (const name of dbs) await o.admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  }
}
