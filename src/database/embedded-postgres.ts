import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { EmbeddedPostgresError } from './embedded/embedded-error.js';
import { findBinaries } from './embedded/postgres-binaries.js';
import { runProgram, startServer } from './embedded/postgres-process.js';
import { firstBlockedFolder, reachableBinaries, serverUserForRoot, type ServerUser } from './embedded/server-user.js';
import { folderPassword, LEGACY_PASSWORD } from './embedded/server-password.js';
import { clearStaleServer, OWNER_FILE } from './embedded/stale-server.js';

export { EmbeddedPostgresError } from './embedded/embedded-error.js';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const DATABASE = 'ats_sync';
const USER = 'postgres';
/** Tried first when no port is configured, so a single instance keeps a stable port. */
const PREFERRED_PORT = 54329;

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The configured port (which must be free), else 54329 when free, else any free port. */
async function choosePort(configured: number | undefined): Promise<number> {
  if (configured) {
    if (!(await portIsFree(configured))) {
      throw new EmbeddedPostgresError(`ATS_SYNC_EMBEDDED_PG_PORT ${configured} is in use on 127.0.0.1; choose a free port, or leave it unset to pick one`);
    }
    return configured;
  }
  return (await portIsFree(PREFERRED_PORT)) ? PREFERRED_PORT : anyFreePort();
}

/**
 * A new data directory, created next to its final place and renamed into it when initdb has
 * finished: an initdb killed half-way leaves no directory that looks initialised.
 */
async function initialise(databaseDir: string, password: string, user: ServerUser | undefined, initdb: string, logger: Logger): Promise<void> {
  const partial = `${databaseDir}.init-${randomBytes(4).toString('hex')}`;
  mkdirSync(partial, { mode: 0o700 });
  if (user) chownSync(partial, user.uid, user.gid);
  const passwordFile = join(tmpdir(), `ats-sync-pg-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  try {
    const { code, output } = await runProgram(
      initdb,
      [`--pgdata=${partial}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      user,
      logger,
    );
    if (code !== 0) {
      throw new EmbeddedPostgresError(`initdb failed for ${databaseDir}: ${output.filter((l) => /error|fatal|could not/i.test(l)).at(-1) ?? output.at(-1) ?? `exit code ${code}`}`);
    }
    renameSync(partial, databaseDir);
  } finally {
    unlinkSync(passwordFile);
    rmSync(partial, { recursive: true, force: true });
  }
}

/**
 * Starts the PostgreSQL server shipped for this platform, with its data under <dataDir>/pg, kept
 * between runs. Used when DATABASE_URL is unset. Safe after a crash (a server left running by a
 * killed ats-sync is stopped first), beside other instances (each folder gets a free port), and as
 * root (the server runs as user "postgres"). Every failure is an EmbeddedPostgresError whose message
 * is one line naming the cause and the fix.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number | undefined, logger: Logger): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const folder = realpathSync(dataDir);
  const databaseDir = join(folder, 'pg');
  let binaries = await findBinaries();
  let user: ServerUser | undefined;
  if (process.getuid?.() === 0) {
    user = serverUserForRoot(logger);
    // The server user must pass through dataDir (search only; secrets.json stays 0600)…
    chmodSync(folder, statSync(folder).mode | 0o111);
    // …and every folder above it, which ats-sync will not loosen on its own.
    const blocked = firstBlockedFolder(folder, user);
    if (blocked) {
      throw new EmbeddedPostgresError(
        `running as root, the embedded PostgreSQL runs as user "${user.name}", who cannot enter ${blocked.folder} (mode ${blocked.mode}) to reach ${databaseDir}; set ATS_SYNC_DATA_DIR to a folder that user can reach (e.g. /var/lib/ats-sync/data), run ats-sync as a non-root user, or set DATABASE_URL`,
      );
    }
    binaries = reachableBinaries(binaries, user, logger);
  }

  await clearStaleServer(folder, databaseDir, logger);
  // Bound to loopback only; the folder's own password keeps other local users out.
  const { password, file: passwordFile } = folderPassword(folder);
  const existed = existsSync(join(databaseDir, 'PG_VERSION'));
  if (!existed) {
    if (existsSync(databaseDir)) {
      throw new EmbeddedPostgresError(`${databaseDir} exists but is not a PostgreSQL data directory; move it away and start again`);
    }
    logger.info({ databaseDir }, 'initialising the embedded PostgreSQL data directory');
    await initialise(databaseDir, password, user, binaries.initdb, logger);
  }

  let chosen = await choosePort(port);
  const url = (database: string, secret = password) => `postgres://${USER}:${encodeURIComponent(secret)}@127.0.0.1:${chosen}/${database}`;
  // A folder initialised before passwords went per folder still holds the old shared one until it is replaced below.
  const probeUrls = () => (existed ? [url('postgres'), url('postgres', LEGACY_PASSWORD)] : [url('postgres')]);
  const refusedMessage = `the embedded PostgreSQL in ${databaseDir} refused the password kept in ${passwordFile}; restore that file from a backup, or move ${databaseDir} away to start with a new database`;
  let server: Awaited<ReturnType<typeof startServer>>;
  for (let attempt = 1; ; attempt++) {
    try {
      server = await startServer({ binaries, databaseDir, port: chosen, user, probeUrls: probeUrls(), refusedMessage, logger });
      break;
    } catch (error) {
      // Two instances starting at once can both find a port free; the one that loses it takes
      // another (only when no port was configured).
      const lostPort = error instanceof EmbeddedPostgresError && /could not create any TCP\/IP sockets|address already in use/i.test(error.message);
      if (port !== undefined || !lostPort || attempt >= 5) throw error;
      logger.info({ port: chosen }, 'the embedded PostgreSQL port was taken meanwhile; trying another');
      chosen = await anyFreePort();
    }
  }
  const ownerFile = join(folder, OWNER_FILE);
  writeFileSync(ownerFile, `${process.pid}\n`);
  // If this process ends without stop() (an uncaught error), the server is asked to stop too.
  const onExit = () => server.child.kill('SIGINT');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    await server.stop();
    rmSync(ownerFile, { force: true });
  };
  try {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      if (server.url !== url('postgres')) {
        // The password file is written before this, so a crash here only means replacing it again next start.
        await client.query(`ALTER ROLE ${USER} PASSWORD '${password}'`);
        logger.info({ passwordFile }, 'the embedded PostgreSQL password was replaced by one made for this folder');
      }
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await stop();
    throw new EmbeddedPostgresError(`the embedded PostgreSQL started but refused the set-up: ${(error as Error).message}`);
  }
  logger.info({ port: chosen, databaseDir }, 'embedded PostgreSQL started');
  return { url: url(DATABASE), port: chosen, stop };
}
