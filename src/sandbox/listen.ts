import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSandbox, SandboxOptions } from './sandbox.js';

/** Serves a sandbox's app on host:port (port 0 picks a free one); close() also ends kept-alive connections. */
export async function listenSandbox(app: RequestListener & { listen: (port: number, host: string) => Server }, options: Pick<SandboxOptions, 'port' | 'host'>): Promise<RunningSandbox> {
  const server = app.listen(options.port, options.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
