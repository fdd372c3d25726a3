import { exec } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { runDemo } from '../../src/cli/demo.js';
import { freePort } from '../support/free-port.js';
import { testConfig } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const sh = promisify(exec);

describe('the demo', () => {
  let db: TestDatabase;
  let stop: (() => Promise<void>) | undefined;
  let printed = '';

  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
    const config = testConfig({ databaseUrl: db.url, port: await freePort(), workers: 1 });
    const out = new PassThrough();
    out.on('data', (chunk) => (printed += chunk));
    stop = await runDemo(config, pino({ level: 'silent' }), {
      candidates: 60,
      seed: 3,
      out,
      sandboxPorts: { ashby: await freePort(), gem: await freePort(), jazzhr: await freePort() },
    });
  });
  afterAll(async () => {
    await stop?.();
    await db.drop();
  });

  it('syncs all three providers in full and shows the progress', () => {
    expect(printed).toMatch(/FULL sync of "Demo: Acme on Ashby" \(ashby\)/);
    expect(printed).toMatch(/FULL sync of "Demo: Globex on Gem" \(gem\)/);
    expect(printed).toMatch(/FULL sync of "Demo: Hooli on JazzHR" \(jazzhr\)/);
    expect(printed).toMatch(/starting the jazzhr sandbox \(40 candidates, seed 3 — jazzhr's API allows 100 requests a minute\)/);
    expect(printed.match(/: SUCCEEDED in /g)).toHaveLength(3);
    expect(printed).toMatch(/candidates\s+\[[█░]+\] 60\/60 records/);
    // No TTY here: one line per model when it moved, never the whole block again.
    for (const section of printed.split('FULL sync of ').slice(1)) {
      const candidateLines = section.split('\n').filter((l) => /^ candidates\s+\[/.test(l));
      expect(candidateLines.length).toBeGreaterThan(0);
      expect(new Set(candidateLines).size).toBe(candidateLines.length);
    }
  });

  it('registers its webhook in the Ashby sandbox and shows a hire arriving by it', () => {
    expect(printed).toMatch(/A hire arrived by Ashby webhook in \d+\.\d s: \S.+ as .+ \(GET \/v1\/ats\/hires\)/);
  });

  it('uploads one candidate into "New Lead" and runs one duplicate check', () => {
    expect(printed).toMatch(/Duplicate check for .+ <.+@.+>: [1-9]\d* match\(es\), best \S+ on email/);
    expect(printed).toMatch(/Uploaded Dana Demo to ".+": application \S+ in stage "New Lead", candidate \S+/);
  });

  it('prints curl commands that work as printed', async () => {
    const commands = printed.split('\n').filter((line) => line.startsWith('  curl '));
    expect(commands.length).toBeGreaterThanOrEqual(7);
    for (const command of commands) {
      const { stdout } = await sh(command.trim().replace(/^curl -s/, 'curl -s -f'));
      const body = JSON.parse(stdout);
      if (command.includes('/applications ')) {
        // The upload, replayed by its Idempotency-Key: the same application, no second upload.
        expect(body).toMatchObject({ status: 'success', data: { candidate: { first_name: 'Dana' } } });
      } else if (command.includes('/v1/ats/')) {
        expect(body.status).toBe('success');
        expect(body.data.results.length).toBeGreaterThan(0);
      }
    }
    // The email lookup finds its candidate.
    const lookup = commands.find((c) => c.includes('email='))!;
    const { stdout } = await sh(lookup.trim());
    expect(JSON.parse(stdout).data.results).toHaveLength(1);
  });

  it('prints the dashboard URL and a Connect link that work', async () => {
    const dashboard = /Operator dashboard \(sign in with the admin key\): (\S+)/.exec(printed)![1];
    const page = await fetch(dashboard);
    expect([page.status, (await page.text()).includes('Admin API key')]).toEqual([200, true]);
    const link = /^  (http\S+\/connect#cl_\S+)$/m.exec(printed)![1];
    const url = new URL(link);
    const shown = await fetch(`${url.origin}/v1/connect/page`, { headers: { 'X-Connect-Link': url.hash.slice(1) } });
    const body = (await shown.json()) as { data: { state: string; tools: { id: string }[] } };
    expect([shown.status, body.data.state, body.data.tools.map((t) => t.id)]).toEqual([200, 'OPEN', ['gem']]);
    const key = /paste the Gem sandbox key (\S+);/.exec(printed)![1];
    const made = await fetch(`${url.origin}/v1/connect/page/connect`, { method: 'POST', headers: { 'X-Connect-Link': url.hash.slice(1), 'Content-Type': 'application/json' }, body: JSON.stringify({ tool: 'gem', credentials: { api_key: key } }) });
    expect(made.status).toBe(200);
  });
});
