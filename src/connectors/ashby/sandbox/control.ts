import express, { type Router } from 'express';
import type { SandboxContext } from './context.js';
import { applyFaultChange, resetFaults } from './faults.js';
import { runMutation, type MutateRequest } from './mutations.js';
import { AshbyDomainError } from './responses.js';
import { createWebhook, PAYLOAD_WEBHOOK_TYPES } from './handlers/webhooks.js';
import type { RequestStats } from './stats.js';

/**
 * The sandbox's own control API (not Ashby's): mutate the data, switch faults, read counts.
 * No auth: it listens where the sandbox does, for tests, the demo and benchmarks.
 */
export function controlRouter(ctx: SandboxContext, stats: RequestStats): Router {
  const router = express.Router();

  router.post('/mutate', async (req, res) => {
    const body = (req.body ?? {}) as MutateRequest;
    for (const key of Object.keys(body))
      if (!['update', 'create', 'delete', 'hire', 'archive', 'createJob', 'updateJob', 'editPlan'].includes(key)) return void res.status(400).json({ error: `unknown mutation "${key}"` });
    for (const [key, value] of Object.entries(body)) {
      const countOnly = key === 'create' || key === 'createJob';
      const valid = (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (!countOnly && Array.isArray(value) && value.every((v) => typeof v === 'string'));
      if (!valid) return void res.status(400).json({ error: `${key} must be a count${countOnly ? '' : ' or a list of ids'}` });
    }
    let mutations;
    try {
      mutations = runMutation(ctx.world, body);
    } catch (error) {
      return void res.status(400).json({ error: (error as Error).message });
    }
    const webhooks = await ctx.publish(mutations);
    res.json({ ...mutations.report, seq: ctx.world.state.seq, webhooks });
  });

  // Ashby's admin settings page: a webhook of any type Ashby sends (jobCreate and jobUpdate, which
  // webhook.create does not take, included), pinged on save like one made through the API.
  router.post('/webhooks', async (req, res) => {
    try {
      res.json(await createWebhook(ctx, (req.body ?? {}) as Record<string, unknown>, PAYLOAD_WEBHOOK_TYPES));
    } catch (error) {
      if (!(error instanceof AshbyDomainError)) throw error;
      res.status(400).json({ error: error.message });
    }
  });

  router.post('/faults', (req, res) => {
    const problem = applyFaultChange(ctx.faults, ctx.paging, (req.body ?? {}) as Record<string, unknown>);
    if (problem) return void res.status(400).json({ error: problem });
    res.json({ faults: ctx.faults, paging: ctx.paging });
  });

  // As the Gem and JazzHR sandboxes: DELETE clears every fault.
  router.delete('/faults', (_req, res) => {
    resetFaults(ctx.faults, ctx.paging);
    res.json({ faults: ctx.faults, paging: ctx.paging });
  });

  // The Gem and JazzHR sandboxes' fields (requests, rate_limited, by_status, by_endpoint, faults,
  // records), plus Ashby's seed, change sequence and paging switches.
  router.get('/stats', (_req, res) => {
    const s = ctx.world.state;
    const live = (list: { deleted?: boolean }[]) => list.filter((x) => !x.deleted).length;
    res.json({
      ...stats.toJSON(),
      faults: ctx.faults,
      records: {
        users: s.users.length,
        departments: s.departments.length,
        locations: s.locations.length,
        tags: s.tags.length,
        jobs: s.jobs.length,
        jobPostings: live(s.postings),
        interviewPlans: s.plans.length,
        // Stages an edit removed from their plan stay in the state (ids are indexes): not counted.
        interviewStages: s.plans.reduce((n, p) => n + p.stages.length, 0),
        candidates: live(s.candidates),
        applications: live(s.applications),
        interviewSchedules: live(s.schedules),
        interviewEvents: s.schedules.reduce((n, x) => n + (x.deleted ? 0 : x.events), 0),
        offers: live(s.offers),
        webhooks: s.webhooks.length,
        notes: s.notes.length,
        files: s.files.length,
        projectMembers: s.projects.reduce((n, p) => n + p.members.length, 0),
      },
      paging: ctx.paging,
      seed: s.seed,
      seq: s.seq,
    });
  });

  // As the JazzHR sandbox: DELETE clears the request counters (not the data).
  router.delete('/stats', (_req, res) => {
    stats.reset();
    res.json(stats.toJSON());
  });

  return router;
}
