import type { Server } from 'node:http';
import type { RunningSandbox, SandboxDefinition, SandboxOptions } from '../../../sandbox/sandbox.js';
import type { SandboxContext } from './context.js';
import { generateState } from './data/generate.js';
import { World } from './data/world.js';
import { defaultFaults, defaultPaging } from './faults.js';
import { createSandboxApp } from './server.js';
import { deliver } from './webhooks.js';

export interface RunningAshbySandbox extends RunningSandbox {
  /** In-process access for tests: the data and the switches the control endpoint also reaches. */
  context: SandboxContext;
}

export function createSandboxContext(seed: number, candidates: number): SandboxContext {
  const world = new World(generateState(seed, candidates));
  return { world, faults: defaultFaults(), paging: defaultPaging(), publish: (m) => deliver(world, m.events) };
}

export async function startAshbySandbox(options: SandboxOptions): Promise<RunningAshbySandbox> {
  const context = createSandboxContext(options.seed, options.candidates);
  const app = createSandboxApp(context, options.apiKey);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, options.host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  server.keepAliveTimeout = 5_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    context,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export const ashbySandbox: SandboxDefinition = { provider: 'ashby', defaultPort: 4010, start: startAshbySandbox };
