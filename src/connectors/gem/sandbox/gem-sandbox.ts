import { listenSandbox } from '../../../sandbox/listen.js';
import type { RunningSandbox, SandboxDefinition, SandboxOptions } from '../../../sandbox/sandbox.js';
import { createGemSandboxApp, type GemSandboxAppOptions } from './gem-sandbox-app.js';

export type GemSandboxOptions = SandboxOptions & Pick<GemSandboxAppOptions, 'rateLimit'>;

/** Starts the Gem sandbox on host:port (port 0 picks a free one). */
export async function startGemSandbox(options: GemSandboxOptions): Promise<RunningSandbox> {
  const { app } = createGemSandboxApp(options);
  return listenSandbox(app, options);
}

export const gemSandbox: SandboxDefinition = { provider: 'gem', defaultPort: 4020, start: startGemSandbox };
