import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startService } from '../../src/app/bootstrap.js';
import { loadConfig } from '../../src/config/app-config.js';
import { freePort } from '../support/free-port.js';

// The compiled CLI, as `npx ats-sync` runs it (`npm test` builds first).
const CLI = join(process.cwd(), 'bin/ats-sync.js');

function runCli(env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  return spawnSync(process.execPath, [CLI, 'serve'], { env: { PATH, HOME, ...env }, encoding: 'utf8', timeout: 30_000 });
}

describe('start-up', () => {
  it('fails with one clear line when the encryption key is missing', () => {
    const result = runCli({ DATABASE_URL: 'postgres://u@127.0.0.1:1/db', ATS_SYNC_ADMIN_KEY: 'x'.repeat(32) });
    expect(result.status).toBe(78);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ATS_SYNC_ENCRYPTION_KEY is required');
    expect(result.stdout).toBe('');
  });

  it('fails with one clear line when a value is malformed', () => {
    const result = runCli({ PORT: 'abc' });
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe('ats-sync: configuration error: PORT must be a whole number from 1 to 65535');
  });

  it('serves /health on the embedded PostgreSQL with no DATABASE_URL, and stops it on close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ats-sync-embedded-'));
    const config = loadConfig({
      ATS_SYNC_DATA_DIR: dataDir,
      ATS_SYNC_EMBEDDED_PG_PORT: String(await freePort()),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
    });
    const service = await startService(config, pino({ level: 'silent' }));
    try {
      const health = await fetch(`${service.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
      const docs = await fetch(`${service.url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger');
    } finally {
      await service.close();
    }
    // The embedded server is gone: its port no longer accepts connections.
    await expect(fetch(`http://127.0.0.1:${config.embeddedPgPort}`)).rejects.toThrow();
  });
});
