import { Counter, Histogram, type Registry } from 'prom-client';
import type { ModelCounts, RunCounts } from './record-writer.js';

/** Prometheus metrics of the sync engine: run durations, records by outcome, partner requests by status. */
export class SyncMetrics {
  private readonly runs: Histogram<'provider' | 'type' | 'state'>;
  private readonly records: Counter<'provider' | 'model' | 'outcome'>;
  private readonly requests: Counter<'provider' | 'status'>;

  constructor(registry: Registry) {
    this.runs = new Histogram({
      name: 'ats_sync_run_duration_seconds',
      help: 'Duration of sync runs',
      labelNames: ['provider', 'type', 'state'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    });
    this.records = new Counter({
      name: 'ats_sync_records_total',
      help: 'Records processed by sync runs, by outcome',
      labelNames: ['provider', 'model', 'outcome'],
      registers: [registry],
    });
    this.requests = new Counter({
      name: 'ats_sync_partner_requests_total',
      help: 'Requests to partner APIs, by HTTP status (or "network")',
      labelNames: ['provider', 'status'],
      registers: [registry],
    });
  }

  run(provider: string, type: string, state: string, seconds: number): void {
    this.runs.observe({ provider, type, state }, seconds);
  }

  counts(provider: string, counts: RunCounts): void {
    for (const [model, byOutcome] of Object.entries(counts)) {
      for (const [outcome, n] of Object.entries(byOutcome as ModelCounts)) {
        if (n > 0) this.records.inc({ provider, model, outcome }, n);
      }
    }
  }

  /** `n` requests answered with `status` (a worker process reports sums, see RequestTally). */
  request(provider: string, status: number | 'network', n = 1): void {
    this.requests.inc({ provider, status: String(status) }, n);
  }
}
