import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../support/free-port.js';
import { adminKey, alive, embeddedUrl, healthy, postmaster, serve, waitUntil, type ServeProcess } from './support/serve-process.js';

/**
 * The embedded PostgreSQL start-up, for real: `ats-sync serve` processes on their own data folders,
 * killed with SIGKILL and started again with the same command.
 */
describe('embedded PostgreSQL start-up', () => {
  const folders: string[] = [];
  const running: ServeProcess[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'ats-sync-startup-'));
    // mkdtemp makes 0700 folders; a root run's server user must be able to pass through.
    chmodSync(dir, 0o755);
    folders.push(dir);
    return join(dir, 'data');
  };
  const start = (dataDir: string, port: number, env?: Record<string, string>) => {
    const p = serve(dataDir, port, env);
    running.push(p);
    return p;
  };
  const stop = async (p: ServeProcess) => {
    p.child.kill('SIGTERM');
    return p.exited;
  };

  afterAll(async () => {
    for (const p of running) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await Promise.all(running.map((p) => p.exited));
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });

  it('after SIGKILL of the server alone (its PostgreSQL left running), the same command starts again and keeps the data', async () => {
    const dataDir = folder();
    const port = await freePort();
    const first = start(dataDir, port);
    await healthy(first);
    const key = adminKey(dataDir);
    const created = await fetch(`${first.url}/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'ashby', name: 'survives', credentials: { api_key: 'k' }, verify_credentials: false }),
    });
    expect(created.status).toBe(201);
    const orphan = postmaster(dataDir);

    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    // As after an out-of-memory kill: the node process is gone, its PostgreSQL is not.
    expect(alive(orphan.pid)).toBe(true);

    const second = start(dataDir, port);
    await healthy(second);
    expect(alive(orphan.pid)).toBe(false);
    expect(postmaster(dataDir).pid).not.toBe(orphan.pid);
    const list = ((await (await fetch(`${second.url}/v1/connections`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { results: { name: string }[] } }).data.results;
    expect(list.map((c) => c.name)).toEqual(['survives']);

    // SIGKILL of the whole process group (server and PostgreSQL together): the next start recovers.
    const { pid } = postmaster(dataDir);
    process.kill(-second.child.pid!, 'SIGKILL');
    await second.exited;
    expect(await waitUntil(() => !alive(pid))).toBe(true);
    const third = start(dataDir, port);
    await healthy(third);
    const again = ((await (await fetch(`${third.url}/v1/connections`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { results: { name: string }[] } }).data.results;
    expect(again.map((c) => c.name)).toEqual(['survives']);

    const last = postmaster(dataDir).pid;
    expect(await stop(third)).toBe(0);
    // A clean stop takes the server with it.
    expect(await waitUntil(() => !alive(last))).toBe(true);
  }, 240_000);

  /** Whether the folder's embedded PostgreSQL lets in postgres with this password. */
  const accepts = async (dataDir: string, password: string) => {
    const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${postmaster(dataDir).port}/postgres` });
    try {
      await client.connect();
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '28P01') return false;
      throw error;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const passwordOf = (dataDir: string) => readFileSync(join(dataDir, 'pg-password'), 'utf8').trim();
  const LEGACY = 'ats-sync-embedded';

  it('each data folder gets its own random PostgreSQL password, kept 0600 beside secrets.json; the old shared one is refused', async () => {
    const [a, b] = [folder(), folder()];
    const one = start(a, await freePort());
    const two = start(b, await freePort());
    await Promise.all([healthy(one), healthy(two)]);
    const [pa, pb] = [passwordOf(a), passwordOf(b)];
    expect(pa).toMatch(/^[0-9a-f]{48}$/);
    expect(pb).not.toBe(pa);
    expect(statSync(join(a, 'pg-password')).mode & 0o777).toBe(0o600);
    expect(await accepts(a, pa)).toBe(true);
    expect(await accepts(a, pb)).toBe(false);
    expect(await accepts(a, LEGACY)).toBe(false);
    expect(one.output()).not.toContain(pa);
    // The same folder started again keeps its password.
    expect(await stop(one)).toBe(0);
    const again = start(a, await freePort());
    await healthy(again);
    expect(passwordOf(a)).toBe(pa);
    expect(await accepts(a, pa)).toBe(true);
    expect(await stop(again)).toBe(0);
    expect(await stop(two)).toBe(0);
  }, 240_000);

  it('a folder made with the old shared password starts, keeps its data, and has the password replaced by its own', async () => {
    const dataDir = folder();
    const first = start(dataDir, await freePort());
    await healthy(first);
    const key = adminKey(dataDir);
    const created = await fetch(`${first.url}/v1/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'ashby', name: 'from-before', credentials: { api_key: 'k' }, verify_credentials: false }),
    });
    expect(created.status).toBe(201);
    // Make it a folder from before: the shared password on the server, no password file.
    const admin = new pg.Client({ connectionString: embeddedUrl(dataDir, 'postgres') });
    await admin.connect();
    await admin.query(`ALTER ROLE postgres PASSWORD '${LEGACY}'`);
    await admin.end();
    rmSync(join(dataDir, 'pg-password'));
    expect(await stop(first)).toBe(0);

    const second = start(dataDir, await freePort());
    await healthy(second);
    const own = passwordOf(dataDir);
    expect(own).toMatch(/^[0-9a-f]{48}$/);
    expect(await accepts(dataDir, own)).toBe(true);
    expect(await accepts(dataDir, LEGACY)).toBe(false);
    const list = ((await (await fetch(`${second.url}/v1/connections`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { results: { name: string }[] } }).data.results;
    expect(list.map((c) => c.name)).toEqual(['from-before']);
    expect(await stop(second)).toBe(0);
  }, 240_000);

  it('a password file that no longer matches the server: one line naming the file and what to do, exit 1', async () => {
    const dataDir = folder();
    const first = start(dataDir, await freePort());
    await healthy(first);
    expect(await stop(first)).toBe(0);
    const file = join(dataDir, 'pg-password');
    rmSync(file);
    const second = start(dataDir, await freePort());
    expect(await second.exited).toBe(1);
    const lines = second.output().trim().split('\n');
    expect(lines).toEqual([expect.stringContaining(`refused the password kept in ${file}; restore that file from a backup, or move`)]);
  }, 240_000);

  it('two instances in two folders both start, each on its own PostgreSQL port', async () => {
    const [a, b] = [folder(), folder()];
    const one = start(a, await freePort());
    const two = start(b, await freePort());
    await Promise.all([healthy(one), healthy(two)]);
    expect(postmaster(a).port).not.toBe(postmaster(b).port);
    expect(await stop(one)).toBe(0);
    expect(await stop(two)).toBe(0);
  }, 240_000);

  it('a second instance on the same folder stops with one line naming the live one, and leaves it running', async () => {
    const dataDir = folder();
    const one = start(dataDir, await freePort());
    await healthy(one);
    const two = start(dataDir, await freePort());
    expect(await two.exited).toBe(1);
    const lines = two.output().trim().split('\n');
    expect(lines).toEqual([expect.stringContaining(`another ats-sync (pid ${one.child.pid}) is using the embedded PostgreSQL in`)]);
    expect((await fetch(`${one.url}/health`)).status).toBe(200);
    expect(await stop(one)).toBe(0);
  }, 240_000);

  it('a configured PostgreSQL port that is taken: one line naming it, exit 1', async () => {
    const dataDir = folder();
    const one = start(dataDir, await freePort());
    await healthy(one);
    const taken = postmaster(dataDir).port;
    const two = start(folder(), await freePort(), { ATS_SYNC_EMBEDDED_PG_PORT: String(taken) });
    expect(await two.exited).toBe(1);
    expect(two.output().trim().split('\n')).toEqual([`ats-sync: ATS_SYNC_EMBEDDED_PG_PORT ${taken} is in use on 127.0.0.1; choose a free port, or leave it unset to pick one`]);
    expect(await stop(one)).toBe(0);
  }, 240_000);

  it('a data folder under a private (0700) parent: as root one line saying why and what to do; otherwise it starts', async () => {
    const parent = join(folder(), 'private');
    mkdirSync(parent, { recursive: true });
    chmodSync(parent, 0o700);
    const p = start(join(parent, 'data'), await freePort());
    if (process.getuid?.() === 0) {
      expect(await p.exited).toBe(1);
      const lines = p.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`cannot enter ${parent} (mode 0700)`);
      expect(lines[0]).toContain('ATS_SYNC_DATA_DIR');
      expect(lines[0]).not.toMatch(/undefined|EACCES|\s+at\s/);
    } else {
      await healthy(p);
      expect(await stop(p)).toBe(0);
    }
  }, 240_000);
});
