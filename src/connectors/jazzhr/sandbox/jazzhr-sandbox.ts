import { listenSandbox } from '../../../sandbox/listen.js';
import type { RunningSandbox, SandboxDefinition, SandboxOptions } from '../../../sandbox/sandbox.js';
import { createJazzSandboxApp, type JazzSandboxAppOptions } from './jazzhr-sandbox-app.js';

export type JazzSandboxOptions = SandboxOptions & Pick<JazzSandboxAppOptions, 'rateLimit' | 'timeZoneOffsetHours'>;

/** Starts the JazzHR sandbox on host:port (port 0 picks a free one). */
export async function startJazzSandbox(options: JazzSandboxOptions): Promise<RunningSandbox> {
  const { app } = createJazzSandboxApp(options);
  return listenSandbox(app, options);
}

export const jazzhrSandbox: SandboxDefinition = { provider: 'jazzhr', defaultPort: 4030, start: startJazzSandbox };
