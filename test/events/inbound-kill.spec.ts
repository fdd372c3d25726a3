import { findConnector } from '../../src/connectors/connector-registry.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { pino } from 'pino';
import { createApp } from '../../src/app/bootstrap.js';
import { freePort } from '../support/free-port.js';
import { testConfig } from '../support/test-app.js';
import type { INestApplication } from '@nestjs/common';
import { EventsHarness, waitFor } from './support/events-harness.js';

// The compiled service, as `npx ats-sync serve` runs it (`npm test` builds first).
const CLI = new URL('../../bin/ats-sync.js', import.meta.url).pathname;

/** Starts `ats-sync serve` on the harness's database (an API-only process: no workers); resolves with its URL. */
async function startServer(h: EventsHarness): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const { PATH, HOME } = process.env;
  const child = spawn(process.execPath, [CLI, 'serve'], {
    env: {
      PATH,
      HOME,
      DATABASE_URL: h.t.db.url,
      ATS_SYNC_ENCRYPTION_KEY: h.t.config.encryptionKey.toString('base64'),
      ATS_SYNC_ADMIN_KEY: h.t.adminKey,
      PORT: String(port),
      HOST: '127.0.0.1',
      ATS_SYNC_WORKERS: '0',
      ATS_SYNC_SCHEDULER: 'off',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ats-sync is serving')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${out.slice(-500)}`)));
  });
  return { child, url };
}

/**
 * "Answered means kept": a server that answered Ashby 200 and is then killed with SIGKILL before
 * applying anything loses no event; another process applies them all.
 */
describe('inbound events survive a SIGKILL between receiving and processing', () => {
  const h = new EventsHarness();
  let other: INestApplication | undefined;
  // The harness app only receives (no workers): the child server does the receiving under test.
  beforeAll(() => h.start({ candidates: 80, register: false, config: { workers: 0 } }), 120_000);
  afterAll(async () => {
    await other?.close();
    await h.close();
  });

  it('every delivery answered 200 by the killed server is applied by the next one', async () => {
    const { child, url } = await startServer(h);
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
    // Ashby points at the child server (as if it were the only instance).
    for (const webhookType of ['applicationUpdate', 'candidateStageChange']) {
      const res = await fetch(`${h.sandbox.url}/webhook.create`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from('events-test-ashby-key:').toString('base64')}` },
        body: JSON.stringify({ webhookType, requestUrl: `${url}/v1/inbound/${h.connectionId}`, secretToken: h.secret }),
      });
      expect(res.status).toBe(200);
    }
    const { state, ids } = h.sandbox.context.world;
    const archived = state.applications
      .map((x, i) => (x.status === 'Active' && !x.deleted ? i : -1))
      .filter((i) => i >= 0)
      .slice(0, 5)
      .map((i) => ids.id('application', i));
    const report = await h.mutate({ archive: archived });
    expect(report.webhooks).toHaveLength(10);
    expect(report.webhooks.every((w: { status: number }) => w.status === 200)).toBe(true);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The deliveries under test: not the pings Ashby sends when each webhook is saved.
    const deliveries = () => h.query(`SELECT state FROM inbound_events WHERE connection_id = $1 AND verification = 'VERIFIED' AND state <> 'PING'`, [h.connectionId]);
    const queued = await deliveries();
    expect(queued.map((e) => e.state)).toEqual(Array(10).fill('QUEUED'));
    for (const id of archived) expect((await h.row('ats_applications', id))!.outcome).toBe('PENDING');

    // Another process with workers: its sweep finds the events whose queue messages nobody will handle.
    other = await createApp(testConfig({ databaseUrl: h.t.db.url, encryptionKey: h.t.config.encryptionKey, adminKey: h.t.adminKey, workers: 1, logLevel: 'silent' }), h.t.db.url, pino({ level: 'silent' }), {
      resolveConnector: findConnector,
    });
    await waitFor(async () => {
      const events = await deliveries();
      return events.length === 10 && events.every((e) => e.state === 'APPLIED') ? events : null;
    }, 30_000);
    for (const id of archived) expect((await h.row('ats_applications', id))!.outcome).toBe('DECLINED');
  });
});
