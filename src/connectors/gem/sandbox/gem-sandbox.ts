import type { AddressInfo } from 'node:net';
import type { RunningSandbox, SandboxDefinition, SandboxOptions } from '../../../sandbox/sandbox.js';
import { createGemSandboxApp, type GemSandboxAppOptions } from './gem-sandbox-app.js';

export type GemSandboxOptions = SandboxOptions & Pick<GemSandboxAppOptions, 'rateLimit'>;

/** Starts the Gem sandbox on host:port (port 0 picks a free one). */
export async function startGemSandbox(options: GemSandboxOptions): Promise<RunningSandbox> {
  const { app } = createGemSandboxApp(options);
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

export const gemSandbox: SandboxDefinition = { provider: 'gem', defaultPort: 4020, start: startGemSandbox };
