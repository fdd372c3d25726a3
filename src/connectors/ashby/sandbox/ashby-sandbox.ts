import { listenSandbox } from '../../../sandbox/listen.js';
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
  return { ...(await listenSandbox(app, options)), context };
}

export const ashbySandbox: SandboxDefinition = { provider: 'ashby', defaultPort: 4010, start: startAshbySandbox };
