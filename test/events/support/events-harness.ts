import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { pino } from 'pino';
import { stableId } from '../../../src/ats/stable-id.js';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { startAshbySandbox, type RunningAshbySandbox } from '../../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { findConnector } from '../../../src/connectors/connector-registry.js';
import { createPool } from '../../../src/database/pool.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import { SyncRuns } from '../../../src/sync/sync-runs.repository.js';
import type { AppConfig } from '../../../src/config/app-config.js';
import { freePort } from '../../support/free-port.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

export const ASHBY_KEY = 'events-test-ashby-key';
const FAST = { retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 50 }, limits: { requestsPerSecond: 10_000, concurrency: 8 } };


/**
 * The real app listening on a port (the sandbox posts to it), an Ashby sandbox, one Ashby
 * connection created through the API and synced FULL once, and its inbound webhook registered
 * through the API (Ashby webhook.create on the sandbox).
 */
export class EventsHarness {
  sandbox!: RunningAshbySandbox;
  t!: TestApp;
  appUrl!: string;
  pool!: pg.Pool;
  connectionId!: string;
  secret!: string;
  inboundUrl!: string;

  async start(options: { candidates?: number; config?: Partial<AppConfig>; register?: boolean } = {}): Promise<this> {
    this.sandbox = await startAshbySandbox({ port: await freePort(), host: '127.0.0.1', seed: 11, candidates: options.candidates ?? 150, apiKey: ASHBY_KEY });
    this.t = await startTestApp({ workers: 1, ...options.config }, { resolveConnector: findConnector, connectorHttp: { ...FAST, timeoutMs: 5_000 } });
    await this.t.app.listen(0, '127.0.0.1');
    this.appUrl = `http://127.0.0.1:${(this.t.app.getHttpServer().address() as AddressInfo).port}`;
    this.pool = createPool(this.t.db.url, { max: 4 });
    const created = await this.t
      .http()
      .post('/v1/connections')
      .set(this.t.admin)
      .send({ provider: 'ashby', name: 'Acme', base_url: this.sandbox.url, credentials: { api_key: ASHBY_KEY } });
    if (created.status !== 201) throw new Error(`connection not created: ${created.status} ${JSON.stringify(created.body)}`);
    this.connectionId = created.body.data.id;
    await this.fullSync();
    const setup = await this.t
      .http()
      .post(`/v1/connections/${this.connectionId}/inbound-webhook`)
      .set(this.t.admin)
      .send({ register: options.register ?? true, public_url: this.appUrl });
    if (setup.status !== 200) throw new Error(`inbound webhook not set up: ${setup.status} ${JSON.stringify(setup.body)}`);
    this.secret = setup.body.data.secret;
    this.inboundUrl = setup.body.data.url;
    return this;
  }

  async fullSync(): Promise<void> {
    const runner = new SyncRunner({ pool: this.pool, secrets: new SecretBox(this.t.config.encryptionKey), logger: pino({ level: 'silent' }), resolveConnector: findConnector, http: FAST });
    const run = await SyncRuns.create(this.pool, this.connectionId, 'FULL', 'MANUAL');
    if ((await runner.execute(run.id)) !== 'FINISHED') throw new Error('FULL sync did not finish');
    const done = (await SyncRuns.get(this.pool, run.id))!;
    if (done.state !== 'SUCCEEDED') throw new Error(`FULL sync ${done.state}: ${JSON.stringify(done.errors)}`);
  }

  id(model: string, remoteId: string): string {
    return stableId(this.connectionId, model, remoteId);
  }

  async query<T extends pg.QueryResultRow = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  async row(table: string, remoteId: string): Promise<Record<string, any> | undefined> {
    return (await this.query(`SELECT * FROM ${table} WHERE connection_id = $1 AND remote_id = $2`, [this.connectionId, remoteId]))[0];
  }

  /** The sandbox's control API (`/_sandbox/mutate` fires the signed webhooks and awaits our answers). */
  async mutate(body: Record<string, unknown>): Promise<any> {
    const res = await fetch(`${this.sandbox.url}/_sandbox/mutate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`mutate answered ${res.status}: ${await res.text()}`);
    return res.json();
  }

  /** POSTs a body to the inbound URL as the partner would (signature given or computed by the caller). */
  async deliver(raw: string | Buffer, headers: Record<string, string>): Promise<{ status: number; body: any; ms: number }> {
    const started = performance.now();
    const res = await fetch(this.inboundUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: raw });
    const text = await res.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* keep the text */
    }
    return { status: res.status, body, ms };
  }

  async inboundEvents(): Promise<any[]> {
    const res = await this.t.http().get(`/v1/connections/${this.connectionId}/inbound-events?limit=250`).set(this.t.admin);
    if (res.status !== 200) throw new Error(`inbound-events answered ${res.status}`);
    return res.body.data.results;
  }

  /** Waits until every verified event has reached a final state; returns them. */
  async settled(timeoutMs = 20_000): Promise<any[]> {
    return waitFor(async () => {
      const events = await this.inboundEvents();
      return events.some((e) => ['QUEUED', 'PROCESSING'].includes(e.state)) ? null : events;
    }, timeoutMs);
  }

  async close(): Promise<void> {
    await this.pool?.end();
    await this.t?.close();
    await this.sandbox?.close();
  }
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
