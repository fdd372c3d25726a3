import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runExportCommand } from '../../src/cli/export-command.js';
import { WriteHarness } from '../ats-writes/support/write-harness.js';

describe('ats-sync export <connection> file.jsonl', () => {
  const h = new WriteHarness();
  let file: string;
  beforeAll(async () => {
    await h.start();
    file = join(mkdtempSync(join(tmpdir(), 'ats-export-')), 'candidates.jsonl');
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({ external_id: `cli-${i}`, first_name: `Cli${i}`, last_name: 'Export', email_addresses: [`cli.${i}@example.com`] }));
    writeFileSync(file, lines.join('\n') + '\n\n' + JSON.stringify({ external_id: 'cli-noemail', first_name: 'No', last_name: 'Mail' }) + '\n');
  });
  afterAll(() => h.close());

  const run = async (extra: Partial<Parameters<typeof runExportCommand>[0]> = {}) => {
    let printed = '';
    const out = new PassThrough();
    out.on('data', (c) => (printed += c));
    const result = await runExportCommand({ url: h.baseUrl.replace(/\/v1$/, ''), apiKey: h.t.adminKey, connectionId: h.connectionId, file, projectIds: ['proj-2'], includePreviouslyExported: false, placeholderDomain: 'cli.example.com', out, pollMs: 50, ...extra });
    return { result, printed };
  };

  it('exports the file with a progress bar and a summary, and a second run exports nothing twice', async () => {
    const before = h.ats.candidates.size;
    const first = await run({ jobId: 'remote:job-open' });
    expect(first.result).toEqual({ state: 'COMPLETED', counts: { created: 13, updated: 0, skipped_already_exported: 0, failed: 0, pending: 0 } });
    expect(first.printed).toContain('Export complete');
    expect(first.printed).toMatch(/\| 13 \| 0 \| 0 \| 0 \|/);
    expect(h.ats.candidates.size).toBe(before + 13);
    expect(h.ats.projects.get('proj-2')!.size).toBe(13);
    expect([...h.ats.candidates.values()].find((c) => c.first_name === 'No')!.emails).toEqual(['no-email-cli-noemail@cli.example.com']);
    // The same command again: the same export (Idempotency-Key from the content), nothing new.
    const again = await run({ jobId: 'remote:job-open' });
    expect(again.printed.split('\n')[0]).toBe(first.printed.split('\n')[0]);
    expect(h.ats.candidates.size).toBe(before + 13);
  });

  it('names a bad line and the service it could not reach', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'ats-export-')), 'bad.jsonl');
    writeFileSync(bad, '{"external_id":"ok"}\n{not json\n');
    await expect(run({ file: bad })).rejects.toThrow(/bad\.jsonl:2 is not JSON/);
    await expect(run({ url: 'http://127.0.0.1:9' })).rejects.toThrow(/could not reach ats-sync at http:\/\/127\.0\.0\.1:9/);
  });
});
