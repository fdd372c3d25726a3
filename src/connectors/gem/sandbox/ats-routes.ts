import { Router, type Request } from 'express';
import { GemHttpError } from './gem-errors.js';
import type { GemApplication, GemJob, GemJobPost, GemScheduledInterview, GemUser } from '../gem.types.js';
import { atsPage, boolParam, deletedFilter, isoParam, pageOf, stringParam, timeWindow, type Predicate } from './list-query.js';
import type { GemStore, StoredCandidate } from './sandbox-store.js';
import { atsCandidate } from './views.js';

type Stamped = { deleted_at: string | null; created_at: string; updated_at: string | null };

/** created_* / updated_* windows and include_deleted, the filters most ATS lists share. */
function common<T extends Stamped>(query: Request['query']): Predicate<T>[] {
  return [
    ...deletedFilter<T>(query),
    ...timeWindow<T>(query, 'created', (x) => x.created_at),
    ...timeWindow<T>(query, 'updated', (x) => x.updated_at),
  ];
}

function equals<T>(query: Request['query'], name: string, field: (item: T) => unknown): Predicate<T>[] {
  const value = stringParam(query, name);
  return value === undefined ? [] : [(item) => field(item) === value];
}

/**
 * The Gem ATS API (/ats/v0): page/per_page paging (≤ 500), bare JSON arrays, ISO timestamps.
 * Unknown query parameters are ignored, as a real API does: a client filtering applications by
 * `updated_after` (they only know `last_activity_after`) silently gets everything.
 */
export function atsRoutes(store: GemStore): Router {
  const router = Router();

  router.get('/users', (req, res) => {
    const email = stringParam(req.query, 'email')?.toLowerCase();
    const filters = common<GemUser>(req.query);
    if (email) filters.push((u) => u.emails.includes(email));
    res.json(pageOf(store.users.items, filters, atsPage(req.query)).rows);
  });

  router.get('/jobs', (req, res) => {
    const filters: Predicate<GemJob>[] = [
      ...common<GemJob>(req.query),
      ...equals<GemJob>(req.query, 'requisition_id', (j) => j.requisition_id),
      ...equals<GemJob>(req.query, 'status', (j) => j.status),
    ];
    const department = stringParam(req.query, 'department_id');
    const office = stringParam(req.query, 'office_id');
    if (department) filters.push((j) => j.departments.some((d) => d.id === department));
    if (office) filters.push((j) => j.offices.some((o) => o.id === office));
    res.json(pageOf(store.jobs.items, filters, atsPage(req.query)).rows);
  });

  router.get('/jobs/:id/stages', (req, res) => {
    const job = store.jobs.get(req.params.id);
    if (!job) throw new GemHttpError(404, `Job ${req.params.id} not found`);
    const stages = store.stagesByJob.get(job.id) ?? [];
    res.json(pageOf(stages, [...common(req.query)], atsPage(req.query)).rows);
  });

  router.get('/job_posts', (req, res) => {
    const live = boolParam(req.query, 'live');
    const active = boolParam(req.query, 'active');
    const filters = common<GemJobPost>(req.query);
    if (live !== undefined) filters.push((p) => p.live === live);
    if (active !== undefined) filters.push((p) => p.active === active);
    res.json(pageOf(store.jobPosts.items, filters, atsPage(req.query)).rows);
  });

  router.get('/job_stages', (req, res) => {
    res.json(pageOf(store.jobStages.items, common(req.query), atsPage(req.query)).rows);
  });

  router.get('/candidates', (req, res) => {
    const filters = common<StoredCandidate>(req.query);
    const email = stringParam(req.query, 'email')?.toLowerCase();
    if (email) filters.push((c) => c.email_addresses.some((e) => e.value.toLowerCase() === email));
    const jobId = stringParam(req.query, 'job_id');
    if (jobId) filters.push((c) => (store.applicationsByCandidate.get(c.id) ?? []).some((a) => a.jobs.some((j) => j.id === jobId)));
    const ids = req.query.candidate_ids;
    if (ids !== undefined) {
      const wanted = new Set((Array.isArray(ids) ? ids : [ids]).flatMap((v) => String(v).split(',')));
      filters.push((c) => wanted.has(c.id));
    }
    const { rows } = pageOf(store.candidates.items, filters, atsPage(req.query));
    res.json(rows.map((c) => atsCandidate(store, c)));
  });

  router.get('/candidates/:id', (req, res) => {
    const candidate = store.candidates.get(req.params.id);
    if (!candidate) throw new GemHttpError(404, `Candidate ${req.params.id} not found`);
    res.json(atsCandidate(store, candidate));
  });

  // Applications have no updated_at: created_* filter on applied_at, deltas use last_activity_after.
  router.get('/applications', (req, res) => {
    type A = GemApplication;
    const filters: Predicate<A>[] = [
      ...deletedFilter<A>(req.query),
      ...timeWindow<A>(req.query, 'created', (a) => a.applied_at),
      ...equals<A>(req.query, 'status', (a) => a.status),
    ];
    const activeAfter = isoParam(req.query, 'last_activity_after');
    if (activeAfter !== undefined) filters.push((a) => Date.parse(a.last_activity_at) > activeAfter);
    const jobId = stringParam(req.query, 'job_id');
    if (jobId) filters.push((a) => a.jobs.some((j) => j.id === jobId));
    res.json(pageOf(store.applications.items, filters, atsPage(req.query)).rows);
  });

  router.get('/scheduled_interviews', (req, res) => {
    type I = GemScheduledInterview;
    const filters: Predicate<I>[] = [
      ...common<I>(req.query),
      ...timeWindow<I>(req.query, 'starts', (i) => i.start?.date_time),
      ...timeWindow<I>(req.query, 'ends', (i) => i.end?.date_time),
      ...equals<I>(req.query, 'application_id', (i) => i.application_id),
      ...equals<I>(req.query, 'external_event_id', (i) => i.external_event_id),
    ];
    res.json(pageOf(store.interviews.items, filters, atsPage(req.query)).rows);
  });

  router.get('/offices', (req, res) => {
    res.json(pageOf(store.offices.items, deletedFilter(req.query), atsPage(req.query)).rows.map(({ created_at, updated_at, ...o }) => o));
  });

  router.get('/departments', (req, res) => {
    res.json(pageOf(store.departments.items, deletedFilter(req.query), atsPage(req.query)).rows.map(({ created_at, updated_at, ...d }) => d));
  });

  return router;
}
