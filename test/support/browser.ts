import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`.ci/run` installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Without the background-networking flags Chromium's own connections are refused on a closed
 * network and slow every start; a fresh profile keeps runs independent.
 */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** One headless Chromium per spec file, on a throw-away profile. */
export async function launchBrowser(viewport = { width: 1100, height: 800 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'ats-sync-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport, timeout: 120_000 });
  // The machine may be shared with other test runs: waits are generous, failures still fail.
  context.setDefaultTimeout(45_000);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Screenshots go to docs/ when ATS_SYNC_SCREENSHOTS=docs (to refresh the README's), else to a temp dir. */
export function screenshotPath(name: string): string {
  return process.env.ATS_SYNC_SCREENSHOTS === 'docs' ? join('docs', name) : join(tmpdir(), `ats-sync-${name}`);
}
