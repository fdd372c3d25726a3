import { Router } from 'express';
import type { Faker } from '@faker-js/faker';
import { ControlError, parseFaults, SandboxStats, type FaultSettings } from './faults.js';
import { deliver, exportPayload } from './candidate-export.js';
import { mutate, type MutationRequest } from './mutations.js';
import type { JazzStore } from './sandbox-store.js';

export interface ControlState {
  store: JazzStore;
  faker: Faker;
  faults: FaultSettings;
  stats: SandboxStats;
}

/**
 * Our own control endpoints (not JazzHR's), with the Gem sandbox's names and fields: change data,
 * inject faults, read (and reset) counters. No auth, no rate limit.
 */
export function controlRoutes(state: ControlState): Router {
  const router = Router();

  router.post('/mutate', (req, res) => {
    const body = (req.body ?? {}) as MutationRequest;
    if (typeof body !== 'object' || Array.isArray(body)) throw new ControlError('body must be a JSON object');
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

  /**
   * The Candidate Export webhook, as a user's export in JazzHR fires it: {applicant_id, url, secret,
   * job_id?, uuid?} (uuid repeats a delivery id); {url, secret, verify: true} sends the set-up VERIFY.
   */
  router.post('/export', async (req, res) => {
    const body = (req.body ?? {}) as { applicant_id?: string; url?: string; secret?: string; job_id?: string; uuid?: string; verify?: boolean };
    if (typeof body.url !== 'string' || typeof body.secret !== 'string') throw new ControlError('url and secret are required');
    if (body.verify) return void res.json(await deliver(body.url, body.secret, 'VERIFY', { data: 'JazzHR Verify Event' }, { uuid: body.uuid }));
    const payload = typeof body.applicant_id === 'string' ? exportPayload(state.store, body.applicant_id) : null;
    if (!payload) throw new ControlError(`no applicant ${body.applicant_id}`);
    res.json(await deliver(body.url, body.secret, 'CANDIDATE-EXPORT', payload, { uuid: body.uuid, jobId: body.job_id, link: `https://app.jazz.co/app/v2/candidate/${body.applicant_id}` }));
  });

  /** Starts the counters afresh (before a measured run). */
  router.delete('/stats', (_req, res) => {
    state.stats = new SandboxStats();
    res.json(state.stats.toJSON());
  });

  return router;
}
