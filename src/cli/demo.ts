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
  /** Sandbox ports by provider; each sandbox's default otherwise (4010, 4020, 4030). */
  sandboxPorts?: Record<string, number>;
}

/**
 * JazzHR's API allows 100 requests a minute and each applicant's email needs one detail call, so its
 * sandbox gets few applicants: the demo's FULL then takes well under a minute at the real limit.
 */
const JAZZHR_DEMO_APPLICANTS = 40;

const DEMO_PROVIDERS: readonly { provider: string; name: string; apiKey: string; maxCandidates?: number }[] = [
  { provider: 'ashby', name: 'Demo: Acme on Ashby', apiKey: 'demo-ashby-key' },
  { provider: 'gem', name: 'Demo: Globex on Gem', apiKey: 'demo-gem-key' },
  { provider: 'jazzhr', name: 'Demo: Hooli on JazzHR', apiKey: 'demo-jazzhr-key', maxCandidates: JAZZHR_DEMO_APPLICANTS },
];

interface ConnectionView {
  id: string;
  name: string | null;
  provider: string;
}

/**
 * `npm run demo`: the service on the embedded PostgreSQL, an Ashby, a Gem and a JazzHR sandbox with
 * generated data, one connection to each, a FULL sync of each with progress bars; then it keeps
 * serving and prints curl commands that work as printed.
 */
export async function runDemo(config: AppConfig, logger: Logger, options: DemoOptions): Promise<() => Promise<void>> {
  const sandboxes: RunningSandbox[] = [];
  for (const { provider, apiKey, maxCandidates } of DEMO_PROVIDERS) {
    const definition = findSandbox(provider)!;
    const candidates = Math.min(options.candidates, maxCandidates ?? options.candidates);
    const why = candidates < options.candidates ? ` — ${provider}'s API allows 100 requests a minute` : '';
    options.out.write(`starting the ${provider} sandbox (${candidates} candidates, seed ${options.seed}${why})…\n`);
    const start = (port: number) => definition.start({ port, host: '127.0.0.1', seed: options.seed, candidates, apiKey });
    sandboxes.push(await startOnPort(provider, start, definition.defaultPort, options.sandboxPorts?.[provider], options.out));
  }
  const service = await startService(config, logger);
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${config.adminKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: T }).data;
  };

  // Reuse the demo connections of an earlier run (the embedded database keeps them); the sandboxes
  // regenerate the same data from the seed.
  const existing = (await api<{ results: ConnectionView[] }>('GET', '/v1/connections')).results;
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

  const [ashby, gem, jazzhr] = connections;
  const auth = `-H "Authorization: Bearer ${config.adminKey}"`;
  const first = await firstCandidate(service.url, config.adminKey, ashby.id);
  const email = first?.email;
  const writes = await demoWrites(service.url, config.adminKey, ashby.id, first, options.out);
  await demoHireByWebhook(service.url, config.adminKey, ashby.id, sandboxes[0].url, options.out);
  // A Connect link as a partner's backend would create it, for a customer connecting their Gem account.
  const gemDemo = DEMO_PROVIDERS[1];
  const connect = await api<{ link: string }>('POST', '/v1/connect/create-link', {
    end_user_email: 'it@initech.example', end_user_organization_name: 'Initech', integration_category: 'ATS', integration_tool: gemDemo.provider, base_url: sandboxes[1].url,
  });
  options.out.write(
    [
      '',
      `ats-sync is serving at ${service.url} (docs: ${service.url}/docs). Try:`,
      '',
      `  curl -s ${service.url}/v1/connections ${auth}`,
      `  curl -s "${service.url}/v1/ats/candidates?page_size=2" ${auth} -H "X-Connection-Id: ${ashby.id}"`,
      `  curl -s "${service.url}/v1/ats/jobs?page_size=1" ${auth} -H "X-Connection-Id: ${gem.id}"`,
      `  curl -s "${service.url}/v1/ats/candidates?page_size=1" ${auth} -H "X-Connection-Id: ${jazzhr.id}"`,
      ...(email ? [`  curl -s "${service.url}/v1/ats/candidates?email=${encodeURIComponent(email)}" ${auth} -H "X-Connection-Id: ${ashby.id}"`] : []),
      `  curl -s "${service.url}/v1/ats/applications?updated_after=2020-01-01T00:00:00Z&include_deleted=true&page_size=2" ${auth} -H "X-Connection-Id: ${ashby.id}"`,
      `  curl -s "${service.url}/v1/connections/${ashby.id}/syncs?limit=1" ${auth}`,
      `  curl -s "${service.url}/v1/ats/hires?page_size=2" ${auth} -H "X-Connection-Id: ${ashby.id}"`,
      ...writes.map((w) => `  curl -s -X POST ${service.url}${w.path} ${auth} -H "X-Connection-Id: ${ashby.id}" -H "Content-Type: application/json"${w.key ? ` -H "Idempotency-Key: ${w.key}"` : ''} -d ${shellQuote(JSON.stringify(w.body))}`),
      `  curl -s -X POST ${sandboxes[0].url}/_sandbox/mutate -H "Content-Type: application/json" -d '{"update":5,"create":3,"delete":2,"hire":1}'`,
      `  npx ats-sync sync ${ashby.id} --delta`,
      '',
      `Operator dashboard (sign in with the admin key): ${service.url}/dashboard`,
      `Connect page, as a customer of a partner app sees it (paste the Gem sandbox key ${gemDemo.apiKey}; single use, valid one hour):`,
      `  ${connect.link}`,
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

/**
 * A port asked for must be free (the start fails otherwise); the default one, when taken (another
 * demo, another service), gives way to a free one, and the demo says so.
 */
export async function startOnPort(
  provider: string,
  start: (port: number) => Promise<RunningSandbox>,
  defaultPort: number,
  asked: number | undefined,
  out: NodeJS.WritableStream,
): Promise<RunningSandbox> {
  if (asked !== undefined) return start(asked);
  try {
    return await start(defaultPort);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    out.write(`port ${defaultPort} is taken; the ${provider} sandbox takes a free one (--${provider}-port N to choose)\n`);
    return start(0);
  }
}

/** One shell word, whatever the text holds (names like O'Connell). */
function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

interface DemoCandidate {
  first_name: string | null;
  last_name: string | null;
  email: string | undefined;
}

async function firstCandidate(url: string, key: string, connectionId: string): Promise<DemoCandidate | undefined> {
  const response = await fetch(`${url}/v1/ats/candidates?page_size=1`, {
    headers: { Authorization: `Bearer ${key}`, 'X-Connection-Id': connectionId },
  });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { data: { results: { first_name: string | null; last_name: string | null; email_addresses: { email_address: string }[] }[] } };
  const c = body.data.results[0];
  return c && { first_name: c.first_name, last_name: c.last_name, email: c.email_addresses[0]?.email_address };
}

/**
 * The Humaans seed's flow on the Ashby sandbox: ats-sync registers its webhooks in Ashby (as a
 * customer would paste the Request URL and Secret Token), a candidate is hired in the sandbox, and
 * the hire shows up in GET /v1/ats/hires within seconds, without a sync.
 */
async function demoHireByWebhook(url: string, key: string, connectionId: string, sandboxUrl: string, out: NodeJS.WritableStream): Promise<void> {
  const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'X-Connection-Id': connectionId };
  const setup = await fetch(`${url}/v1/connections/${connectionId}/inbound-webhook`, { method: 'POST', headers, body: JSON.stringify({ register: true, public_url: url }) });
  if (!setup.ok) return void out.write(`Registering the Ashby webhook failed: ${await setup.text()}\n`);
  const since = new Date().toISOString();
  const started = Date.now();
  const mutated = await fetch(`${sandboxUrl}/_sandbox/mutate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ hire: 1 }) });
  if (!mutated.ok) return void out.write(`The sandbox could not hire anyone: ${await mutated.text()}\n`);
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${url}/v1/ats/hires?updated_after=${encodeURIComponent(since)}&page_size=1`, { headers });
    const hire = res.ok ? ((await res.json()) as { data: { results: Record<string, unknown>[] } }).data.results[0] : undefined;
    if (hire) {
      const name = [hire.first_name, hire.middle_name, hire.last_name].filter(Boolean).join(' ');
      const salary = hire.salary_amount != null ? `, salary ${hire.salary_amount} ${hire.salary_currency ?? ''}`.trimEnd() : '';
      const start = hire.start_date ? `, starts ${String(hire.start_date).slice(0, 10)}` : '';
      out.write(`A hire arrived by Ashby webhook in ${((Date.now() - started) / 1000).toFixed(1)} s: ${name} as ${hire.job_title ?? 'an unnamed job'}${start}${salary} (GET /v1/ats/hires)\n`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  out.write('No hire arrived by webhook within 10 s; GET /v1/connections/<id>/inbound-events says why.\n');
}

interface DemoWrite {
  path: string;
  key?: string;
  body: unknown;
}

/**
 * The seeds' upload flow, done once against the Ashby sandbox and printed: a duplicate check for a
 * synced candidate, and an upload into an open job's first stage ("New Lead"). The upload carries an
 * Idempotency-Key, so its printed curl replays the stored answer instead of uploading again.
 */
async function demoWrites(url: string, key: string, connectionId: string, known: DemoCandidate | undefined, out: NodeJS.WritableStream): Promise<DemoWrite[]> {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'X-Connection-Id': connectionId, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { ok: response.ok, body: (await response.json()) as any };
  };
  const writes: DemoWrite[] = [];
  if (known?.email && known.first_name && known.last_name) {
    const check = { path: '/v1/ats/candidates/duplicate-check', body: { first_name: known.first_name, last_name: known.last_name, email_addresses: [known.email] } };
    const found = await call('POST', check.path, check.body);
    if (found.ok) {
      const best = found.body.data.results[0];
      out.write(`\nDuplicate check for ${known.first_name} ${known.last_name} <${known.email}>: ${found.body.data.results.length} match(es)` + (best ? `, best ${best.candidate.id} on ${best.matched_on.join(' + ')} (score ${best.score})` : '') + '\n');
      writes.push(check);
    }
  }
  const jobs = await call('GET', '/v1/ats/jobs?confidential=false&statuses=OPEN&page_size=1');
  const job = jobs.ok ? jobs.body.data.results[0] : undefined;
  if (job) {
    const upload = {
      path: `/v1/ats/jobs/${job.id}/applications`,
      key: 'demo-upload-1',
      body: { candidate: { first_name: 'Dana', last_name: 'Demo', email_address: 'dana.demo@example.com' }, source: { name: 'ats-sync demo' } },
    };
    const done = await call('POST', upload.path, upload.body, { 'Idempotency-Key': upload.key });
    if (done.ok) {
      const stage = done.body.data.current_stage?.name ?? done.body.data.current_stage_id;
      out.write(`Uploaded Dana Demo to "${job.name}": application ${done.body.data.id} in stage "${stage}", candidate ${done.body.data.candidate?.id}\n`);
      writes.push(upload);
    } else {
      out.write(`The demo upload failed: ${JSON.stringify(done.body.error)}\n`);
    }
  }
  return writes;
}
