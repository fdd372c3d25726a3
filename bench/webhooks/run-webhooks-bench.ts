// `npx nest build && node dist/bench/webhooks/run-webhooks-bench.js --events 200`: freshness of
// webhook-driven changes. The Ashby sandbox fires signed webhooks at a running ats-sync; for each
// change it measures partner webhook → record visible in the read API, and → outbound data-changed
// received by a downstream endpoint; then the receiver's own response time over direct signed
// deliveries. Prints p50/p95/p99 as JSON (recorded in docs/benchmarks.md).
import { createHmac, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startAshbySandbox } from '../../src/connectors/ashby/sandbox/ashby-sandbox.js';
import { startBenchService } from '../bench-service.js';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '200' }, candidates: { type: 'string', default: '2000' }, deliveries: { type: 'string', default: '1000' } },
});
const EVENTS = Number(args.events);
const KEY = 'bench-ashby-key';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, p50_ms: r(pct(s, 50)), p95_ms: r(pct(s, 95)), p99_ms: r(pct(s, 99)), max_ms: r(s[s.length - 1]) };
};

async function main(): Promise<void> {
  const sandbox = await startAshbySandbox({ port: 0, host: '127.0.0.1', seed: 3, candidates: Number(args.candidates), apiKey: KEY });
  const { service, api } = await startBenchService({ workers: 2, embeddedPgPort: 54349 });

  // The downstream app: records when each data-changed that names applications arrives.
  const arrivals: number[] = [];
  const downstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body.type === 'data-changed' && body.data.changed_models.some((m: { name: string }) => m.name === 'ats_applications')) arrivals.push(performance.now());
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => downstream.listen(0, '127.0.0.1', resolve));
  const downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/hooks`;

  try {
    const connection = (await api<{ data: { id: string } }>('POST', '/v1/connections', { provider: 'ashby', name: `bench ${Date.now()}`, base_url: sandbox.url, credentials: { api_key: KEY } })).data;
    let run = (await api<{ data: { id: string; state: string } }>('POST', `/v1/connections/${connection.id}/sync`, { type: 'FULL' })).data;
    while (!['SUCCEEDED', 'PARTIALLY_FAILED', 'FAILED'].includes(run.state)) {
      await new Promise((r) => setTimeout(r, 300));
      run = (await api<{ data: typeof run }>('GET', `/v1/syncs/${run.id}`)).data;
    }
    if (run.state !== 'SUCCEEDED') throw new Error(`FULL sync ${run.state}`);
    await api('POST', '/v1/webhooks', { url: downstreamUrl, event_types: ['data-changed'] });
    const setup = await api<{ data: { url: string; secret: string; registered: string[] } }>('POST', `/v1/connections/${connection.id}/inbound-webhook`, { register: true, public_url: service.url });

    const { state, ids } = sandbox.context.world;
    const active = state.applications.map((a, i) => (a.status === 'Active' && !a.deleted ? i : -1)).filter((i) => i >= 0);
    if (active.length < EVENTS) throw new Error(`only ${active.length} active applications; use more --candidates`);
    const visible: number[] = [];
    const outbound: number[] = [];
    for (let k = 0; k < EVENTS; k++) {
      const remoteId = ids.id('application', active[k]);
      const before = arrivals.length;
      const t0 = performance.now();
      // Archiving fires candidateStageChange and applicationUpdate, signed, at ats-sync.
      const res = await fetch(`${sandbox.url}/_sandbox/mutate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ archive: [remoteId] }) });
      const report = (await res.json()) as { webhooks: { status: number }[] };
      if (!report.webhooks.every((w) => w.status === 200)) throw new Error(`a delivery was refused: ${JSON.stringify(report.webhooks)}`);
      for (;;) {
        const list = await api<{ data: { results: { outcome: string }[] } }>('GET', `/v1/ats/applications?remote_ids=${remoteId}`, undefined, connection.id);
        if (list.data.results[0]?.outcome === 'DECLINED') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      visible.push(performance.now() - t0);
      const deadline = Date.now() + 30_000;
      while (arrivals.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      if (arrivals.length === before) throw new Error('no data-changed within 30 s');
      outbound.push(arrivals[before] - t0);
      // Let the second delivery's (unchanged) re-read settle before the next change.
      await new Promise((r) => setTimeout(r, 50));
    }

    // The receiver alone: signed deliveries answered (they are queued; re-reads happen behind).
    const receive: number[] = [];
    const [sample] = (await api<{ data: { results: { remote_data: unknown }[] } }>('GET', '/v1/ats/applications?page_size=1', undefined, connection.id)).data.results;
    for (let k = 0; k < Number(args.deliveries); k++) {
      const raw = JSON.stringify({ webhookActionId: randomUUID(), action: 'applicationUpdate', data: { application: sample.remote_data } });
      const t0 = performance.now();
      const r = await fetch(setup.data.url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Ashby-Signature': `sha256=${createHmac('sha256', setup.data.secret).update(raw).digest('hex')}` }, body: raw });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`receiver answered ${r.status}`);
      receive.push(performance.now() - t0);
    }
    process.stdout.write(
      `${JSON.stringify(
        {
          machine: { cpus: cpus().length, model: cpus()[0]?.model },
          sandbox_candidates: Number(args.candidates),
          registered: setup.data.registered,
          webhook_to_read_api: summary(visible),
          webhook_to_outbound_data_changed: summary(outbound),
          receiver_response: summary(receive),
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    downstream.closeAllConnections();
    downstream.close();
    await service.close();
    await sandbox.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
