import { existsSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { EmbeddedPostgresError } from './embedded-error.js';

/** Which process owns the embedded server of a data folder: written at start, removed at stop. */
export const OWNER_FILE = 'embedded-pg.owner';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/** The pid of a running ats-sync that owns this folder's server (not this process), if any. */
function liveOwner(dataDir: string): number | undefined {
  const file = join(dataDir, OWNER_FILE);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !alive(pid)) return undefined;
  // A pid reused by an unrelated process after a reboot is not an owner.
  return /node|ats-sync/.test(commandLine(pid)) ? pid : undefined;
}

/** A PostgreSQL process named by this folder's postmaster.pid that still runs, and whether it serves this folder. */
function runningPostmaster(databaseDir: string): { pid: number; ours: boolean } | undefined {
  const file = join(databaseDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const [pidLine] = readFileSync(file, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !commandLine(pid).includes('postgres')) return undefined;
  // A postmaster works in its data directory; a pid reused by another PostgreSQL works elsewhere.
  let cwd = '';
  try {
    cwd = realpathSync(`/proc/${pid}/cwd`);
  } catch {
    /* not readable: treated as not ours */
  }
  return { pid, ours: cwd === realpathSync(databaseDir) };
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await delay(100)) if (!alive(pid)) return true;
  return !alive(pid);
}

/**
 * Makes the data folder free for a new server. A server left running by an ats-sync that was killed
 * (kill -9, out of memory) is stopped: a fast shutdown rolls back what was in flight and checkpoints,
 * so the next start needs no recovery; the sync engine resumes from its last committed batch. A
 * folder in use by a live ats-sync is refused. A postmaster.pid whose process is gone (or is now
 * another program) is removed, since PostgreSQL would refuse to start over a pid it sees alive.
 */
export async function clearStaleServer(dataDir: string, databaseDir: string, logger: Logger): Promise<void> {
  const owner = liveOwner(dataDir);
  const postmaster = runningPostmaster(databaseDir);
  if (owner !== undefined) {
    throw new EmbeddedPostgresError(
      `another ats-sync (pid ${owner}) is using the embedded PostgreSQL in ${dataDir}; stop it first, or give this one its own folder with ATS_SYNC_DATA_DIR`,
    );
  }
  if (postmaster && !postmaster.ours) {
    throw new EmbeddedPostgresError(
      `${databaseDir}/postmaster.pid names a running PostgreSQL (pid ${postmaster.pid}) that does not serve this folder; if it is not needed stop it, otherwise remove the stale postmaster.pid by hand`,
    );
  }
  if (postmaster) {
    const { pid } = postmaster;
    logger.warn({ pid, databaseDir }, 'stopping the embedded PostgreSQL left running by an ats-sync that died');
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 60_000))) {
      // Immediate shutdown: the next start replays the WAL, as after a crash.
      process.kill(pid, 'SIGQUIT');
      if (!(await waitForExit(pid, 15_000))) {
        throw new EmbeddedPostgresError(`the embedded PostgreSQL left running on ${databaseDir} (pid ${pid}) does not stop; stop it (kill ${pid}) and start again`);
      }
    }
    logger.info({ pid }, 'stale embedded PostgreSQL stopped');
    return;
  }
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    logger.info({ pidFile }, 'removing the postmaster.pid of a server that is no longer running');
    rmSync(pidFile, { force: true });
  }
}
