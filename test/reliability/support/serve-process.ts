import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

// The compiled CLI, as `npm start` runs it (`npm test` builds first).
const CLI = join(process.cwd(), 'bin/ats-sync.js');

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** `ats-sync serve` in its own process group, on the embedded PostgreSQL of dataDir. */
export function serve(dataDir: string, port: number, env: Record<string, string> = {}): ServeProcess {
  const { PATH, HOME } = process.env;
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: { PATH, HOME, ATS_SYNC_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ATS_SYNC_WORKERS: '0', ATS_SYNC_SCHEDULER: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

/** Waits until /health answers 200, or the process exits (then throws with its output). */
export async function healthy(p: ServeProcess, ms = 120_000): Promise<void> {
  let done = false;
  p.exited.then(() => (done = true));
  for (const end = Date.now() + ms; Date.now() < end; await delay(200)) {
    if (done) throw new Error(`ats-sync exited before serving: ${p.output()}`);
    try {
      if ((await fetch(`${p.url}/health`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
  }
  throw new Error(`ats-sync did not become healthy: ${p.output()}`);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster pid and port recorded in the data folder's postmaster.pid. */
export function postmaster(dataDir: string): { pid: number; port: number } {
  const lines = readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/** A URL of the folder's embedded PostgreSQL, with the password ats-sync made for that folder. */
export function embeddedUrl(dataDir: string, database = 'ats_sync'): string {
  const password = readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${password}@127.0.0.1:${postmaster(dataDir).port}/${database}`;
}

export function adminKey(dataDir: string): string {
  return (JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { adminKey: string }).adminKey;
}

export async function waitUntil(check: () => boolean, ms = 30_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await delay(100)) if (check()) return true;
  return check();
}
