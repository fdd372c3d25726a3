import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Kombo's front-end library exactly as published (its ES module build). */
const CONNECT_LIB = readFileSync(require.resolve('@kombo-api/connect').replace(/index\.cjs$/, 'index.mjs'), 'utf8');

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Partner app</title></head><body>
<h1>Partner app</h1><p id="out">idle</p>
<script type="module">
import { showKomboConnect } from '/kombo-connect.mjs';
window.openConnect = async (tool, language) => {
  const { link } = await (await fetch('/api/connect-link?tool=' + encodeURIComponent(tool) + '&language=' + encodeURIComponent(language || 'en'))).json();
  document.getElementById('out').textContent = 'open';
  try {
    const token = await showKomboConnect(link);
    document.getElementById('out').textContent = 'token:' + token;
  } catch (error) {
    document.getElementById('out').textContent = 'error:' + error.name;
  }
};
</script></body></html>`;

export interface PartnerApp {
  url: string;
  close(): Promise<void>;
}

/**
 * A partner's app on its own origin: its page imports @kombo-api/connect, and its backend asks
 * ats-sync for a link with the admin key (which never reaches the browser).
 */
export async function startPartnerApp(createLink: (tool: string, language: string) => Promise<string>): Promise<PartnerApp> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://partner');
    if (url.pathname === '/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    if (url.pathname === '/kombo-connect.mjs') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(CONNECT_LIB);
    if (url.pathname === '/api/connect-link') {
      createLink(url.searchParams.get('tool') ?? '', url.searchParams.get('language') ?? 'en').then(
        (link) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ link })),
        (error: Error) => res.writeHead(500).end(error.message),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
