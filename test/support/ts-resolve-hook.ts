import { existsSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';

// On Jest's CommonJS path (globalSetup), `./x.js` imports of the sources resolve to `./x.ts`.
const resolving = Module as unknown as { _resolveFilename(request: string, parent: { filename?: string } | undefined, ...rest: unknown[]): string };
const resolveFilename = resolving._resolveFilename;
resolving._resolveFilename = function (request, parent, ...rest) {
  if (request.startsWith('.') && request.endsWith('.js') && parent?.filename && !existsSync(join(parent.filename, '..', request))) {
    return resolveFilename.call(this, `${request.slice(0, -3)}.ts`, parent, ...rest);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
