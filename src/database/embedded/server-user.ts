import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import type { Logger } from 'pino';
import { EmbeddedPostgresError } from './embedded-error.js';
import { binariesIn, type PostgresBinaries } from './postgres-binaries.js';

/** Whom the server runs as: PostgreSQL refuses to run as root, so root hands it to user "postgres". */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

const SERVER_USER = 'postgres';
/** Root-owned home for a copy of the binaries when the installed ones sit behind a private folder. */
const SHARED_BINARIES = '/var/lib/ats-sync';

function idOf(flag: '-u' | '-g', name: string): number | undefined {
  try {
    return Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/** The unprivileged user the server runs as when ats-sync runs as root; created once if missing. */
export function serverUserForRoot(logger: Logger): ServerUser {
  if (idOf('-u', SERVER_USER) === undefined) {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SERVER_USER], { stdio: 'ignore' });
      logger.info({ user: SERVER_USER }, 'created the system user the embedded PostgreSQL runs as');
    } catch {
      throw new EmbeddedPostgresError(
        `running as root, the embedded PostgreSQL needs a system user "${SERVER_USER}" to run as, and creating it failed; create it (useradd --system ${SERVER_USER}), run ats-sync as a non-root user, or set DATABASE_URL`,
      );
    }
  }
  return { name: SERVER_USER, uid: idOf('-u', SERVER_USER)!, gid: idOf('-g', SERVER_USER)! };
}

/** The first folder on the way to `path` (itself included) that `user` may not enter; undefined if none. */
export function firstBlockedFolder(path: string, user: ServerUser): { folder: string; mode: string } | undefined {
  const folders: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    folders.unshift(p);
    if (p === parse(p).root) break;
  }
  for (const folder of folders) {
    if (!existsSync(folder)) break;
    const s = statSync(folder);
    const bit = s.uid === user.uid ? 0o100 : s.gid === user.gid ? 0o010 : 0o001;
    if ((s.mode & bit) === 0) return { folder, mode: `0${(s.mode & 0o777).toString(8)}` };
  }
  return undefined;
}

/**
 * Binaries the server user can execute: the installed ones when reachable, otherwise a copy in a
 * root-owned folder outside the private one (a clone under /root puts node_modules behind 0700).
 */
export function reachableBinaries(binaries: PostgresBinaries, user: ServerUser, logger: Logger): PostgresBinaries {
  if (!firstBlockedFolder(binaries.postgres, user)) return binaries;
  const target = join(SHARED_BINARIES, `postgres-${binaries.version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    mkdirSync(SHARED_BINARIES, { recursive: true, mode: 0o755 });
    chmodSync(SHARED_BINARIES, 0o755);
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(binaries.root, partial, { recursive: true, dereference: true });
    renameSync(partial, target);
    logger.info({ from: binaries.root, to: target }, 'copied the PostgreSQL binaries where the server user can run them');
  }
  const blocked = firstBlockedFolder(join(target, 'bin', 'postgres'), user);
  if (blocked) {
    throw new EmbeddedPostgresError(`user "${user.name}" cannot reach the PostgreSQL binaries in ${target} (${blocked.folder} is mode ${blocked.mode}); set DATABASE_URL or run ats-sync as a non-root user`);
  }
  return binariesIn(target, binaries.version);
}
