// The floor for "Node moves bytes, nothing more": a bare node:http server that answers the bench's
// paths with the same page statements through `pg` (pool of 10, as the service's) and writes the
// envelope — no framework, no auth, no logging. Its CPU per request is what Node cannot go below
// on this machine for these pages. Started by bench/read-api/main.ts in its own process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sqlOnlyTransport } from './sql-only.js';

const { send } = sqlOnlyTransport(process.env.DATABASE_URL!, Buffer.from(process.env.ENCRYPTION_KEY!, 'base64'), 10);
const server = createServer((req, res) => {
  send(req.url!, String(req.headers['x-connection-id']), {}).then(
    ({ status, body }) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    },
    (error: unknown) => {
      res.writeHead(500).end(String(error));
    },
  );
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
