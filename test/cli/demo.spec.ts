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
      sandboxPorts: { ashby: await freePort(), gem: await freePort() },
    });
  });
  afterAll(async () => {
    await stop?.();
    await db.drop();
  });

  it('syncs both providers in full and shows the progress', () => {
    expect(printed).toMatch(/FULL sync of "Demo: Acme on Ashby" \(ashby\)/);
    expect(printed).toMatch(/FULL sync of "Demo: Globex on Gem" \(gem\)/);
    expect(printed.match(/: SUCCEEDED in /g)).toHaveLength(2);
    expect(printed).toMatch(/candidates\s+\[[█░]+\] 60\/60 records/);
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
});
