import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/config/environment.js';

const KEY = randomBytes(32).toString('base64');
const ADMIN = 'a'.repeat(32);
const DB = 'postgres://u:p@127.0.0.1:5432/db';

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('requires the encryption key when DATABASE_URL is set, saying what it must look like', () => {
    const message = configError({ DATABASE_URL: DB, ATS_SYNC_ADMIN_KEY: ADMIN });
    expect(message).toContain('ATS_SYNC_ENCRYPTION_KEY');
    expect(message).toContain('openssl rand -base64 32');
    expect(message).not.toContain('\n');
  });

  it('requires the admin key when DATABASE_URL is set', () => {
    expect(configError({ DATABASE_URL: DB, ATS_SYNC_ENCRYPTION_KEY: KEY })).toContain('ATS_SYNC_ADMIN_KEY');
  });

  it.each([
    [{ ATS_SYNC_ENCRYPTION_KEY: 'too-short' }, 'ATS_SYNC_ENCRYPTION_KEY'],
    [{ ATS_SYNC_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, 'ATS_SYNC_ENCRYPTION_KEY'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ ATS_SYNC_ADMIN_KEY: 'short' }, 'ATS_SYNC_ADMIN_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects a malformed value %j naming the variable', (env, variable) => {
    const message = configError({ DATABASE_URL: DB, ATS_SYNC_ENCRYPTION_KEY: KEY, ATS_SYNC_ADMIN_KEY: ADMIN, ...env });
    expect(message.startsWith(variable)).toBe(true);
    expect(message).toMatch(/must/);
  });

  it('accepts a complete external configuration with defaults', () => {
    const config = loadConfig({ DATABASE_URL: DB, ATS_SYNC_ENCRYPTION_KEY: KEY, ATS_SYNC_ADMIN_KEY: ADMIN });
    expect(config).toMatchObject({ databaseUrl: DB, port: 3000, adminKey: ADMIN, adminKeyGenerated: false });
    expect(config.encryptionKey.length).toBe(32);
  });

  it('on the embedded default generates missing keys once, privately, and reuses them', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ats-sync-config-'));
    const first = loadConfig({ ATS_SYNC_DATA_DIR: dataDir });
    const second = loadConfig({ ATS_SYNC_DATA_DIR: dataDir });
    expect(first.adminKeyGenerated).toBe(true);
    // Printed once: only the start that created it says so.
    expect([first.adminKeyCreated, second.adminKeyCreated, second.adminKeyGenerated]).toEqual([true, false, true]);
    expect(second.adminKey).toBe(first.adminKey);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    const file = join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).adminKey).toBe(first.adminKey);
  });

  it('prefers keys from the environment over generated ones', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ats-sync-config-'));
    const config = loadConfig({ ATS_SYNC_DATA_DIR: dataDir, ATS_SYNC_ADMIN_KEY: ADMIN });
    expect(config.adminKey).toBe(ADMIN);
    expect(config.adminKeyGenerated).toBe(false);
  });
});
