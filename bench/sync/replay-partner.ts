// A partner that costs ~nothing to ask, so the bench measures the engine and not the simulator.
//
//   REPLAY_MODE=record REPLAY_UPSTREAM=<sandbox url> REPLAY_DIR=<dir>: a proxy that forwards every
//     request to the sandbox and keeps each answer; `POST /_replay/save` writes them to REPLAY_DIR.
//   REPLAY_MODE=serve REPLAY_DIR=<dir>: loads the answers into memory and serves each request the
//     recorded bytes for the same method, URL and body. A request nobody recorded answers 404.
//
// The sync sends the same requests as the recording pass (same connector code, and every cursor it
// sends is one a recorded answer gave it), so a FULL replays exactly. Prints "listening at <url>".
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';

const { REPLAY_MODE, REPLAY_UPSTREAM, REPLAY_DIR } = process.env;
interface Answer {
  status: number;
  body: Buffer;
}
const answers = new Map<string, Answer>();
const byEndpoint: Record<string, number> = {};
let misses = 0;

const keyOf = (req: IncomingMessage, body: Buffer) => `${req.method} ${req.url}\n${body.toString('utf8')}`;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
  res.end(bytes);
}

function save(): number {
  mkdirSync(REPLAY_DIR!, { recursive: true });
  const index: { key: string; status: number; file: string }[] = [];
  let n = 0;
  for (const [key, answer] of answers) {
    const file = `${n++}.json`;
    writeFileSync(join(REPLAY_DIR!, file), answer.body);
    index.push({ key, status: answer.status, file });
  }
  writeFileSync(join(REPLAY_DIR!, 'index.json'), JSON.stringify(index));
  return index.length;
}

function load(): void {
  const index = JSON.parse(readFileSync(join(REPLAY_DIR!, 'index.json'), 'utf8')) as { key: string; status: number; file: string }[];
  for (const { key, status, file } of index) answers.set(key, { status, body: readFileSync(join(REPLAY_DIR!, file)) });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (req.url === '/_replay/save' && req.method === 'POST') return send(res, 200, JSON.stringify({ saved: save() }));
  if (req.url === '/_replay/stats') return send(res, 200, JSON.stringify({ answers: answers.size, misses, by_endpoint: byEndpoint }));
  const endpoint = `${req.method} ${(req.url ?? '').split('?')[0]}`;
  byEndpoint[endpoint] = (byEndpoint[endpoint] ?? 0) + 1;
  const key = keyOf(req, body);
  if (REPLAY_MODE === 'serve') {
    const answer = answers.get(key);
    if (!answer) {
      misses++;
      return send(res, 404, JSON.stringify({ error: 'not recorded', request: key.slice(0, 300) }));
    }
    return send(res, answer.status, answer.body);
  }
  // Record: forward as it came (auth included), keep the answer.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
  const upstream = await fetch(`${REPLAY_UPSTREAM}${req.url}`, { method: req.method, headers, body: ['GET', 'HEAD'].includes(req.method!) ? undefined : body });
  const bytes = Buffer.from(await upstream.arrayBuffer());
  if (upstream.status === 200) answers.set(key, { status: 200, body: bytes });
  send(res, upstream.status, bytes);
}

if (REPLAY_MODE === 'serve') load();
const server = createServer((req, res) => {
  handle(req, res).catch((error: Error) => send(res, 502, JSON.stringify({ error: error.message })));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`replay partner (${REPLAY_MODE}, ${answers.size} answers) listening at http://127.0.0.1:${address.port}\n`);
});
