import { collectDefaultMetrics, Registry } from 'prom-client';

/** One Prometheus registry per app instance, so tests that start several apps don't collide. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'ats-sync' });
  collectDefaultMetrics({ register: registry, prefix: 'ats_sync_' });
  return registry;
}
