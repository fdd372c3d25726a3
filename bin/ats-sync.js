#!/usr/bin/env node
// The `ats-sync` command. Runs the compiled service (npm ci builds it through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/src/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('ats-sync: not built yet; run `npm run build` in the ats-sync folder first.\n');
  process.exit(1);
}
await import(entry);
