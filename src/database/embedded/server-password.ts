import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgresError } from './embedded-error.js';

/** Every data folder made before the password went per folder was initialised with this one. */
export const LEGACY_PASSWORD = 'ats-sync-embedded';
export const PASSWORD_FILE = 'pg-password';

/**
 * The embedded server's password for this data folder: random, made once, kept beside secrets.json
 * (mode 0600, the ats-sync user's), so no two folders share one and none is written in the code.
 */
export function folderPassword(folder: string): { password: string; file: string } {
  const file = join(folder, PASSWORD_FILE);
  try {
    writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const password = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{32,}$/.test(password)) {
    throw new EmbeddedPostgresError(`${file} does not hold a password ats-sync made; restore it from a backup, or move the data folder away to start with a new database`);
  }
  return { password, file };
}
