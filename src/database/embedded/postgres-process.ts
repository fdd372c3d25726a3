import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from 'pino';
import { EmbeddedPostgresError } from './embedded-error.js';
import type { PostgresBinaries } from './postgres-binaries.js';
import type { ServerUser } from './server-user.js';

export interface ServerProcess {
  child: ChildProcess;
  /** The probe URL the server accepted. */
  url: string;
  stop(): Promise<void>;
}

/** The line of PostgreSQL's output that says why it stopped (FATAL/PANIC), else its last line. */
function cause(output: string[]): string {
  const fatal = output.find((line) => /\b(FATAL|PANIC):/.test(line));
  return (fatal ?? output.at(-1) ?? 'no output').replace(/^.*?\b(FATAL|PANIC|ERROR|LOG):\s*/, '').trim();
}

/** Runs a PostgreSQL program to completion; its output is logged at debug and returned. */
export function runProgram(file: string, args: string[], user: ServerUser | undefined, logger: Logger): Promise<{ code: number | null; output: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        output.push(line);
        logger.debug({ embeddedPostgres: line });
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(new EmbeddedPostgresError(`could not run ${file}: ${error.message}`)));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const REFUSED = Symbol('password refused');

/** The data directory of the server answering at url, REFUSED when it refuses the password, or undefined while it does not answer yet. */
async function servedDirectory(url: string): Promise<string | typeof REFUSED | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.query<{ data_directory: string }>('SHOW data_directory')).rows[0].data_directory;
  } catch (error) {
    return (error as { code?: string }).code === '28P01' ? REFUSED : undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts the server on 127.0.0.1:port (no Unix socket: two instances never share a socket path) and
 * resolves once it accepts connections, which after a crash includes replaying the WAL.
 */
export async function startServer(options: {
  binaries: PostgresBinaries;
  databaseDir: string;
  port: number;
  user: ServerUser | undefined;
  /** URLs of the "postgres" database, one per password the server may hold, to know when it is ready. */
  probeUrls: string[];
  /** What to say when the server refuses every one of them. */
  refusedMessage: string;
  logger: Logger;
}): Promise<ServerProcess> {
  const { binaries, databaseDir, port, user, logger } = options;
  const args = ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const child = spawn(binaries.postgres, args, { ...(user ? { uid: user.uid, gid: user.gid } : {}), env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  let exited = false;
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 200) output.shift();
      logger.debug({ embeddedPostgres: line });
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), resolve())));
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));

  const stop = async () => {
    if (exited) return;
    child.kill('SIGINT'); // fast shutdown: in-flight transactions roll back, then a checkpoint
    const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
    await exit;
    clearTimeout(timer);
  };

  for (const end = Date.now() + 180_000; ; ) {
    if (spawnError) throw new EmbeddedPostgresError(`could not run ${binaries.postgres}: ${spawnError.message}`);
    if (exited) throw new EmbeddedPostgresError(`the embedded PostgreSQL stopped during start-up: ${cause(output)}`);
    let refused = 0;
    for (const url of options.probeUrls) {
      const served = await servedDirectory(url);
      if (served === REFUSED) {
        refused++;
        continue;
      }
      // Another server on the port (it bound first) is never mistaken for this one.
      if (served !== undefined && served !== databaseDir) {
        await stop();
        throw new EmbeddedPostgresError(`port ${port} is served by another PostgreSQL (data in ${served}); set ATS_SYNC_EMBEDDED_PG_PORT to a free port, or leave it unset to pick one`);
      }
      if (served !== undefined) return { child, url, stop };
    }
    if (refused === options.probeUrls.length) {
      // A server that lost the port to another one exits at once; only a refusal by our own counts.
      await delay(1000);
      if (!exited) {
        await stop();
        throw new EmbeddedPostgresError(options.refusedMessage);
      }
      continue;
    }
    if (Date.now() > end) {
      await stop();
      throw new EmbeddedPostgresError(`the embedded PostgreSQL did not accept connections within 3 minutes: ${cause(output)}`);
    }
    await delay(150);
  }
}
