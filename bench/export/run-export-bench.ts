// `npm run bench:export -- --candidates 1000`: a bulk export into the Gem sandbox through the running
// service, at the connector's rate limit. Prints the time, the partner requests by endpoint, the 429s,
// and the ratio to the floor (requests ÷ Gem's 20 requests a second).
import { parseArgs } from 'node:util';
import { gemSandbox } from '../../src/connectors/gem/sandbox/gem-sandbox.js';
import { startBenchService } from '../bench-service.js';

const GEM_RPS = 20;
const { values: args } = parseArgs({ options: { candidates: { type: 'string', default: '1000' }, project: { type: 'boolean', default: false } } });
const n = Number(args.candidates);

interface Stats {
  requests: number;
  rate_limited: number;
  by_endpoint: Record<string, number>;
}

async function main(): Promise<void> {
  const sandbox = await gemSandbox.start({ port: 0, host: '127.0.0.1', seed: 7, candidates: 200, apiKey: 'bench-key' });
  const { service, api } = await startBenchService({ workers: 1, embeddedPgPort: 54339 });
  const stats = async () => (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Stats;
  try {
    const connection = (await api<{ data: { id: string } }>('POST', '/v1/connections', { provider: 'gem', name: `bench ${Date.now()}`, base_url: sandbox.url, credentials: { api_key: 'bench-key' }, verify_credentials: false })).data;
    let run = (await api<{ data: { id: string; state: string } }>('POST', `/v1/connections/${connection.id}/sync`, { type: 'FULL' })).data;
    while (!['SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED'].includes(run.state)) {
      await new Promise((r) => setTimeout(r, 300));
      run = (await api<{ data: typeof run }>('GET', `/v1/syncs/${run.id}`)).data;
    }
    const jobs = await api<{ data: { results: { id: string }[] } }>('GET', '/v1/ats/jobs?confidential=false&statuses=OPEN&page_size=1', undefined, connection.id);
    const users = await api<{ data: { results: { id: string }[] } }>('GET', '/v1/ats/users?page_size=1', undefined, connection.id);
    const job = jobs.data.results[0].id;
    const candidates = Array.from({ length: n }, (_, i) => ({
      external_id: `bench-${Date.now()}-${i}`,
      first_name: `Bench${i}`,
      last_name: 'Export',
      email_addresses: [`bench.${Date.now()}.${i}@example.com`],
      social_links: [`https://www.linkedin.com/in/bench-${Date.now()}-${i}`],
      source: 'SeekOut',
      created_by_user: users.data.results[0]?.id,
      work_history: [{ company: 'Initech', title: 'Engineer', start_date: '2019-04-01', is_current: true }],
      education: [{ school: 'State U', degree: 'BSc', end_date: '2016-06-30' }],
    }));
    const before = await stats();
    const started = Date.now();
    const created = await api<{ data: { id: string } }>('POST', '/v1/ats/exports', { candidates, job_id: job }, connection.id);
    let view: { state: string; counts: Record<string, number> };
    for (;;) {
      view = (await api<{ data: typeof view }>('GET', `/v1/ats/exports/${created.data.id}?page_size=1`, undefined, connection.id)).data;
      if (!['QUEUED', 'RUNNING'].includes(view.state)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (Date.now() - started) / 1000;
    const after = await stats();
    const requests = after.requests - before.requests;
    const limited = after.rate_limited - before.rate_limited;
    const floor = requests / GEM_RPS;
    const byEndpoint = Object.entries(after.by_endpoint)
      .map(([k, v]) => [k, v - (before.by_endpoint[k] ?? 0)] as const)
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1]);
    process.stdout.write(
      [
        `| candidates | state | seconds | partner requests | requests/candidate | 429s | floor (requests ÷ ${GEM_RPS} rps) | floor ÷ time |`,
        '|---:|---|---:|---:|---:|---:|---:|---:|',
        `| ${n} | ${view.state} ${JSON.stringify(view.counts)} | ${seconds.toFixed(1)} | ${requests} | ${(requests / n).toFixed(2)} | ${limited} (${((100 * limited) / Math.max(1, requests)).toFixed(2)}%) | ${floor.toFixed(1)} s | ${(floor / seconds).toFixed(2)} |`,
        '',
        'requests by endpoint: ' + byEndpoint.map(([k, v]) => `${k} ×${v}`).join(', '),
        '',
      ].join('\n'),
    );
  } finally {
    await service.close();
    await sandbox.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
