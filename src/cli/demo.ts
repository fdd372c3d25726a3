import type { Logger } from 'pino';
import { startService } from '../app/bootstrap.js';
import type { AppConfig } from '../config/app-config.js';
import { findSandbox } from '../sandbox/sandbox-registry.js';
import type { RunningSandbox } from '../sandbox/sandbox.js';
import { runSyncCommand } from './sync-command.js';

export interface DemoOptions {
  candidates: number;
  seed: number;
  out: NodeJS.WritableStream;
  /** Sandbox ports by provider; each sandbox's default otherwise (4010, 4020). */
  sandboxPorts?: Record<string, number>;
}

const DEMO_PROVIDERS = [
  { provider: 'ashby', name: 'Demo: Acme on Ashby', apiKey: 'demo-ashby-key' },
  { provider: 'gem', name: 'Demo: Globex on Gem', apiKey: 'demo-gem-key' },
] as const;

interface ConnectionView {
  id: string;
  name: string | null;
  provider: string;
}

/**
 * `npm run demo`: the service on the embedded PostgreSQL, an Ashby and a Gem sandbox with generated
 * data, one connection to each, a FULL sync of both with progress bars; then it keeps serving and
 * prints curl commands that work as printed.
 */
export async function runDemo(config: AppConfig, logger: Logger, options: DemoOptions): Promise<() => Promise<void>> {
  const sandboxes: RunningSandbox[] = [];
  for (const { provider, apiKey } of DEMO_PROVIDERS) {
    const definition = findSandbox(provider)!;
    options.out.write(`starting the ${provider} sandbox (${options.candidates} candidates, seed ${options.seed})…\n`);
    const port = options.sandboxPorts?.[provider] ?? definition.defaultPort;
    sandboxes.push(await definition.start({ port, host: '127.0.0.1', seed: options.seed, candidates: options.candidates, apiKey }));
  }
  const service = await startService(config, logger);
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${config.adminKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  // Reuse the demo connections of an earlier run (the embedded database keeps them); the sandboxes
  // regenerate the same data from the seed.
  const existing = await api<ConnectionView[]>('GET', '/v1/connections');
  const connections: ConnectionView[] = [];
  for (const [i, demo] of DEMO_PROVIDERS.entries()) {
    const body = { base_url: sandboxes[i].url, credentials: { api_key: demo.apiKey } };
    const found = existing.find((c) => c.name === demo.name);
    connections.push(
      found
        ? await api<ConnectionView>('PATCH', `/v1/connections/${found.id}`, { ...body, enabled: true })
        : await api<ConnectionView>('POST', '/v1/connections', { provider: demo.provider, name: demo.name, ...body }),
    );
  }

  for (const connection of connections) {
    options.out.write(`\nFULL sync of "${connection.name}" (${connection.provider}):\n`);
    await runSyncCommand({ url: service.url, apiKey: config.adminKey, connectionId: connection.id, type: 'FULL', out: options.out });
  }

  const [ashby, gem] = connections;
  const auth = `-H "Authorization: Bearer ${config.adminKey}"`;
  const email = await firstCandidateEmail(service.url, config.adminKey, ashby.id);
  options.out.write(
    [
      '',
      `ats-sync is serving at ${service.url} (docs: ${service.url}/docs). Try:`,
      '',
      `  curl -s ${service.url}/v1/connections ${auth}`,
      `  curl -s "${service.url}/v1/ats/candidates?page_size=2" ${auth} -H "X-Connection-Id: ${ashby.id}"`,
      `  curl -s "${service.url}/v1/ats/jobs?page_size=1" ${auth} -H "X-Connection-Id: ${gem.id}"`,
      ...(email ? [`  curl -s "${service.url}/v1/ats/candidates?email=${encodeURIComponent(email)}" ${auth} -H "X-Connection-Id: ${ashby.id}"`] : []),
      `  curl -s "${service.url}/v1/ats/applications?updated_after=2020-01-01T00:00:00Z&include_deleted=true&page_size=2" ${auth} -H "X-Connection-Id: ${ashby.id}"`,
      `  curl -s "${service.url}/v1/connections/${ashby.id}/syncs?limit=1" ${auth}`,
      `  curl -s -X POST ${sandboxes[0].url}/_sandbox/mutate -H "Content-Type: application/json" -d '{"update":5,"create":3,"delete":2,"hire":1}'`,
      `  npx ats-sync sync ${ashby.id} --delta`,
      '',
      'Ctrl-C stops the service, the sandboxes and the embedded PostgreSQL.',
      '',
    ].join('\n'),
  );

  return async () => {
    await service.close();
    for (const sandbox of sandboxes) await sandbox.close();
  };
}

async function firstCandidateEmail(url: string, key: string, connectionId: string): Promise<string | undefined> {
  const response = await fetch(`${url}/v1/ats/candidates?page_size=1`, {
    headers: { Authorization: `Bearer ${key}`, 'X-Connection-Id': connectionId },
  });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { data: { results: { email_addresses: { email_address: string }[] }[] } };
  return body.data.results[0]?.email_addresses[0]?.email_address;
}
