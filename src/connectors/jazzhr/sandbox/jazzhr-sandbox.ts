import type { AddressInfo } from 'node:net';
import type { RunningSandbox, SandboxDefinition, SandboxOptions } from '../../../sandbox/sandbox.js';
import { createJazzSandboxApp, type JazzSandboxAppOptions } from './jazzhr-sandbox-app.js';

export type JazzSandboxOptions = SandboxOptions & Pick<JazzSandboxAppOptions, 'rateLimit' | 'timeZoneOffsetHours'>;

/** Starts the JazzHR sandbox on host:port (port 0 picks a free one). */
export async function startJazzSandbox(options: JazzSandboxOptions): Promise<RunningSandbox> {
  const { app } = createJazzSandboxApp(options);
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export const jazzhrSandbox: SandboxDefinition = { provider: 'jazzhr', defaultPort: 4030, start: startJazzSandbox };
