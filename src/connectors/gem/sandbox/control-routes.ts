import { Router } from 'express';
import type { Faker } from '@faker-js/faker';
import { parseFaults, type FaultSettings, type SandboxStats } from './faults.js';
import { GemHttpError } from './gem-errors.js';
import { mutate, type MutationRequest } from './mutations.js';
import type { GemStore } from './sandbox-store.js';

export interface ControlState {
  store: GemStore;
  faker: Faker;
  faults: FaultSettings;
  stats: SandboxStats;
}

/** Our own control endpoints (not Gem's): change data, inject faults, read counters. No auth, no limits. */
export function controlRoutes(state: ControlState): Router {
  const router = Router();

  router.post('/mutate', (req, res) => {
    const body = (req.body ?? {}) as MutationRequest;
    if (typeof body !== 'object' || Array.isArray(body)) throw new GemHttpError(400, 'body must be a JSON object');
    for (const key of ['create', 'hire'] as const) {
      if (body[key] !== undefined && (!Number.isInteger(body[key]) || body[key]! < 0)) throw new GemHttpError(400, `${key} must be a whole number`);
    }
    res.json({ changed: mutate(state.store, state.faker, body) });
  });

  router.post('/faults', (req, res) => {
    state.faults = parseFaults(req.body ?? {});
    res.json({ faults: state.faults });
  });

  router.delete('/faults', (_req, res) => {
    state.faults = parseFaults({});
    res.json({ faults: state.faults });
  });

  router.get('/stats', (_req, res) => {
    res.json({ ...state.stats.toJSON(), faults: state.faults, records: state.store.counts() });
  });

  return router;
}
