import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config.js';
import { ConfigError } from '../../src/config/environment.js';
import { syncWorkerSettings, workerExecArgv } from '../../src/sync/sync-worker-process.js';

const BASE = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db', ATS_SYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ATS_SYNC_ADMIN_KEY: 'a'.repeat(32) };

describe('ATS_SYNC_WORKER_HEAP_MB', () => {
  it('defaults to 128 MB and reaches the worker settings', () => {
    const config = loadConfig(BASE);
    expect(config.syncWorkerHeapMb).toBe(128);
    expect(syncWorkerSettings(config, BASE.DATABASE_URL)).toMatchObject({ heapMb: 128, databaseUrl: BASE.DATABASE_URL, encryptionKey: BASE.ATS_SYNC_ENCRYPTION_KEY });
    expect(loadConfig({ ...BASE, ATS_SYNC_WORKER_HEAP_MB: '512' }).syncWorkerHeapMb).toBe(512);
  });

  it.each(['32', '20000', '1.5', 'big'])('refuses %s in one line naming the variable and the range', (value) => {
    expect(() => loadConfig({ ...BASE, ATS_SYNC_WORKER_HEAP_MB: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE, ATS_SYNC_WORKER_HEAP_MB: value })).toThrow(/^ATS_SYNC_WORKER_HEAP_MB must be a whole number of megabytes from 64 to 16384/);
  });

  it('is the one heap flag a worker starts with: the parent\'s other flags kept, its heap size replaced', () => {
    expect(workerExecArgv(96, ['--trace-gc', '--max-old-space-size=4096', '--max_old_space_size=2048'])).toEqual(['--trace-gc', '--max-old-space-size=96']);
    expect(workerExecArgv(128, [])).toEqual(['--max-old-space-size=128']);
  });
});
