import type { Faker } from '@faker-js/faker';
import { activity } from './generate-data.js';
import { ControlError } from './faults.js';
import type { JazzStore } from './sandbox-store.js';
import { createApplicant, hire } from './write-routes.js';

export const MUTABLE_MODELS = ['applicants', 'applicants2jobs', 'jobs', 'users'] as const;
export type MutableModel = (typeof MUTABLE_MODELS)[number];

/** A count of applicants, or counts per model. */
type Counts = number | Partial<Record<MutableModel, number>>;

/**
 * POST /_sandbox/mutate. update: applicants (profile edit), applicants2jobs (next workflow step),
 * jobs (title), users (last name); create: new applicants on an open job; delete: applicants (gone
 * for good, with their mappings: JazzHR sends no delete signal); hire: mappings to the Hired step;
 * tag: a category added to applicants. Every applicant change leaves an activity, as in JazzHR.
 */
export interface MutationRequest {
  update?: Counts;
  create?: number;
  delete?: number;
  hire?: number;
  tag?: number;
}

export type ChangeReport = Partial<Record<MutableModel | 'hires' | 'categories2applicants', { created?: string[]; updated?: string[]; deleted?: string[] }>>;

function countsOf(value: Counts | undefined): Partial<Record<MutableModel, number>> {
  if (value === undefined) return {};
  const counts = typeof value === 'number' ? { applicants: value } : value;
  if (typeof counts !== 'object' || counts === null) throw new ControlError('update must be a number or an object of counts per model');
  for (const [model, n] of Object.entries(counts)) {
    if (!(MUTABLE_MODELS as readonly string[]).includes(model)) throw new ControlError(`update.${model}: not one of ${MUTABLE_MODELS.join(', ')}`);
    if (!Number.isInteger(n) || (n as number) < 0) throw new ControlError(`update.${model} must be a whole number`);
  }
  return counts;
}

export function mutate(store: JazzStore, f: Faker, request: MutationRequest): ChangeReport {
  for (const key of Object.keys(request)) if (!['update', 'create', 'delete', 'hire', 'tag'].includes(key)) throw new ControlError(`unknown mutation "${key}"`);
  for (const key of ['create', 'delete', 'hire', 'tag'] as const) {
    if (request[key] !== undefined && (!Number.isInteger(request[key]) || request[key]! < 0)) throw new ControlError(`${key} must be a whole number`);
  }
  const report: ChangeReport = {};
  const note = (model: keyof ChangeReport, kind: 'created' | 'updated' | 'deleted', id: string) => ((report[model] ??= {})[kind] ??= []).push(id);
  const now = Date.now();
  const updates = countsOf(request.update);

  for (const a of f.helpers.arrayElements(store.applicants, Math.min(updates.applicants ?? 0, store.applicants.length))) {
    a.phone = f.string.numeric(10);
    a.source = a.source === 'Referral' ? 'LinkedIn' : 'Referral';
    activity(store, f, a.id, 'Profile updated', now);
    note('applicants', 'updated', a.id);
  }
  const movable = store.applicants2jobs.filter((m) => ['New', 'Active'].includes(store.step(m.workflow_step_id)?.workflow_step_category ?? ''));
  for (const m of f.helpers.arrayElements(movable, Math.min(updates.applicants2jobs ?? 0, movable.length))) {
    const steps = store.stepsOf(store.job(m.job_id)!);
    const at = steps.findIndex((s) => s.workflow_step_id === m.workflow_step_id);
    const next = steps.slice(at + 1).find((s) => s.workflow_step_category === 'Active') ?? steps.find((s) => s.workflow_step_category === 'Not Hired')!;
    m.workflow_step_id = next.workflow_step_id;
    activity(store, f, m.applicant_id, `Workflow status changed to ${next.workflow_step_name}`, now);
    note('applicants2jobs', 'updated', m.id);
  }
  for (const j of f.helpers.arrayElements(store.jobs, Math.min(updates.jobs ?? 0, store.jobs.length))) {
    j.title = `${j.title.replace(/ \(updated\)$/, '')} (updated)`;
    note('jobs', 'updated', j.id);
  }
  for (const u of f.helpers.arrayElements(store.users, Math.min(updates.users ?? 0, store.users.length))) {
    u.last_name = f.person.lastName();
    note('users', 'updated', u.id);
  }
  const hireable = store.applicants2jobs.filter((m) => ['New', 'Active'].includes(store.step(m.workflow_step_id)?.workflow_step_category ?? ''));
  for (const m of f.helpers.arrayElements(hireable, Math.min(request.hire ?? 0, hireable.length))) {
    hire(store, f, m, now);
    note('applicants2jobs', 'updated', m.id);
    note('hires', 'created', store.hires.at(-1)!.id);
  }
  for (const a of f.helpers.arrayElements(store.applicants, Math.min(request.tag ?? 0, store.applicants.length))) {
    const own = new Set(store.of(a.id).categories.map((c) => c.category_id));
    const category = store.categories.find((c) => !own.has(c.id));
    if (!category) continue;
    store.categories2applicants.push({ id: store.nextId('pro2cat', now, f.string.alphanumeric({ length: 6, casing: 'upper' })), applicant_id: a.id, category_id: category.id });
    activity(store, f, a.id, 'Category added', now);
    note('categories2applicants', 'created', store.categories2applicants.at(-1)!.id);
    note('applicants', 'updated', a.id);
  }
  for (let i = 0; i < (request.create ?? 0); i++) {
    const job = f.helpers.arrayElement(store.jobs.filter((j) => j.status === 'Open' && !store.confidentialJobs.has(j.id)));
    const first = f.person.firstName();
    const last = f.person.lastName();
    const reply = createApplicant(store, f, { first_name: first, last_name: last, email: `${first}.${last}.new${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, ''), job: job.id, source: 'Careers Page' }, now);
    const id = (reply.body as { prospect_id: string }).prospect_id;
    note('applicants', 'created', id);
    note('applicants2jobs', 'created', store.applicants2jobs.at(-1)!.id);
  }
  // Deletions last, so a record is never both changed and deleted in one batch.
  const untouched = store.applicants.filter((a) => !Object.values(report).some((r) => [...(r.updated ?? []), ...(r.created ?? [])].includes(a.id)) && !store.of(a.id).jobs.some((m) => report.applicants2jobs?.updated?.includes(m.id)));
  for (const a of f.helpers.arrayElements(untouched, Math.min(request.delete ?? 0, untouched.length))) {
    for (const m of store.of(a.id).jobs) note('applicants2jobs', 'deleted', m.id);
    store.deleteApplicant(a.id);
    note('applicants', 'deleted', a.id);
  }
  store.changed();
  return report;
}
