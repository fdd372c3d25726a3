import { createServer, type Server } from 'node:net';
import { PassThrough } from 'node:stream';
import { startOnPort } from '../../src/cli/demo.js';
import { gemSandbox } from '../../src/connectors/gem/sandbox/gem-sandbox.js';
import { freePort } from '../support/free-port.js';

/** The demo's sandboxes start on their default port, or on a free one when it is taken. */
describe('demo sandbox ports', () => {
  const start = (port: number) => gemSandbox.start({ port, host: '127.0.0.1', seed: 1, candidates: 2, apiKey: 'k' });

  it('a taken default port gives way to a free one, and the demo says so; a port asked for is used as asked', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    let printed = '';
    const out = new PassThrough().on('data', (c) => (printed += c));
    const moved = await startOnPort('gem', start, port, undefined, out);
    expect(new URL(moved.url).port).not.toBe(String(port));
    expect(printed).toContain(`port ${port} is taken; the gem sandbox takes a free one (--gem-port N to choose)`);
    expect((await fetch(`${moved.url}/ats/v0/users`, { headers: { 'X-API-Key': 'k' } })).status).toBe(200);
    await moved.close();

    await expect(startOnPort('gem', start, 1, port, out)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    const asked = await startOnPort('gem', start, 1, port, out);
    expect(asked.url).toBe(`http://127.0.0.1:${port}`);
    await asked.close();
  });
});
