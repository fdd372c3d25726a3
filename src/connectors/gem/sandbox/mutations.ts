import type { Faker } from '@faker-js/faker';
import type { GemApplication } from '../gem.types.js';
import { GemHttpError } from './gem-errors.js';
import { MODEL_CODE, newCandidate, type GemStore } from './sandbox-store.js';

export const MUTABLE_MODELS = ['candidates', 'applications', 'jobs', 'job_posts', 'job_stages', 'users', 'scheduled_interviews'] as const;
export type MutableModel = (typeof MUTABLE_MODELS)[number];

/** A count of candidates, or counts per model. */
type Counts = number | Partial<Record<MutableModel, number>>;

export interface MutationRequest {
  update?: Counts;
  create?: number;
  delete?: Counts;
  hire?: number;
}

export type ChangeReport = Partial<Record<MutableModel, { created?: string[]; updated?: string[]; deleted?: string[] }>>;

type Record_ = { id: string; deleted_at: string | null };

function countsOf(value: Counts | undefined, field: string): Partial<Record<MutableModel, number>> {
  if (value === undefined) return {};
  const counts = typeof value === 'number' ? { candidates: value } : value;
  if (typeof counts !== 'object' || counts === null) throw new GemHttpError(400, `${field} must be a number or an object of counts per model`);
  for (const [model, n] of Object.entries(counts)) {
    if (!(MUTABLE_MODELS as readonly string[]).includes(model)) throw new GemHttpError(400, `${field}.${model}: not one of ${MUTABLE_MODELS.join(', ')}`);
    if (!Number.isInteger(n) || (n as number) < 0) throw new GemHttpError(400, `${field}.${model} must be a whole number`);
  }
  return counts;
}

/**
 * Changes the data the way users of Gem would, and reports exactly which records changed. Every
 * change stamps `updated_at` (applications: `last_activity_at`); deletes are soft: `deleted_at` is
 * set and the record stays listed under include_deleted=true. Choices come from the seeded faker,
 * so the same seed and the same calls change the same records.
 */
export function mutate(store: GemStore, f: Faker, request: MutationRequest): ChangeReport {
  const report: ChangeReport = {};
  const note = (model: MutableModel, kind: 'created' | 'updated' | 'deleted', id: string) => {
    const entry = (report[model] ??= {});
    (entry[kind] ??= []).push(id);
  };
  const pick = <T extends Record_>(items: T[], n: number, eligible: (t: T) => boolean = () => true): T[] =>
    n === 0 ? [] : f.helpers.arrayElements(items.filter((t) => t.deleted_at === null && eligible(t)), n);
  const lists = {
    candidates: store.candidates.items,
    applications: store.applications.items,
    jobs: store.jobs.items,
    job_posts: store.jobPosts.items,
    job_stages: store.jobStages.items,
    users: store.users.items,
    scheduled_interviews: store.interviews.items,
  } satisfies Record<MutableModel, Record_[]>;

  for (const [model, n] of Object.entries(countsOf(request.update, 'update')) as [MutableModel, number][]) {
    // Job posts: prefer live ones, whose content is a job's description.
    for (const record of pick<Record_>(lists[model], n, model === 'job_posts' ? (p) => (p as { live?: boolean }).live === true : undefined)) {
      update(store, f, model, record);
      note(model, 'updated', record.id);
    }
  }
  for (const [model, n] of Object.entries(countsOf(request.delete, 'delete')) as [MutableModel, number][]) {
    for (const record of pick<Record_>(lists[model], n)) {
      const now = store.stamp();
      record.deleted_at = now;
      if (model === 'applications') (record as GemApplication).last_activity_at = now;
      else (record as unknown as { updated_at: string | null }).updated_at = now;
      note(model, 'deleted', record.id);
    }
  }
  for (let i = 0; i < (request.create ?? 0); i++) {
    const { candidate, application } = createCandidate(store, f);
    note('candidates', 'created', candidate);
    note('applications', 'created', application);
  }
  for (const application of pick(store.applications.items, request.hire ?? 0, (a) => a.status === 'active')) {
    const stages = store.stagesByJob.get(application.jobs[0].id) ?? [];
    const last = stages[stages.length - 1];
    application.status = 'hired';
    if (last) application.current_stage = { id: last.id, name: last.name };
    application.last_activity_at = store.stamp();
    note('applications', 'updated', application.id);
  }
  return report;
}

function update(store: GemStore, f: Faker, model: MutableModel, record: Record_): void {
  const now = store.stamp();
  const stamped = record as unknown as { updated_at: string | null };
  switch (model) {
    case 'candidates': {
      const c = store.candidates.get(record.id)!;
      c.title = f.person.jobTitle();
      c.company = f.company.name();
      c.last_activity = now;
      break;
    }
    case 'applications': {
      const a = store.applications.get(record.id)!;
      const stages = store.stagesByJob.get(a.jobs[0].id) ?? [];
      const at = stages.findIndex((s) => s.id === a.current_stage?.id);
      const next = stages[Math.min(at + 1, stages.length - 1)];
      if (next) a.current_stage = { id: next.id, name: next.name };
      a.last_activity_at = now;
      return;
    }
    case 'jobs':
      store.jobs.get(record.id)!.name = f.person.jobTitle();
      break;
    case 'job_posts':
      store.jobPosts.get(record.id)!.content = `<p>${f.lorem.paragraph()}</p>`;
      break;
    case 'job_stages': {
      const stage = store.jobStages.get(record.id)!;
      stage.name = `${stage.name?.replace(/ \(renamed\)$/, '')} (renamed)`;
      break;
    }
    case 'users': {
      const u = store.users.get(record.id)!;
      u.disabled = !u.disabled;
      break;
    }
    case 'scheduled_interviews': {
      const i = store.interviews.get(record.id)!;
      const shift = (d: { date_time: string } | null) => (d ? { date_time: new Date(Date.parse(d.date_time) + 86_400_000).toISOString() } : d);
      i.start = shift(i.start);
      i.end = shift(i.end);
      break;
    }
  }
  stamped.updated_at = now;
}

function createCandidate(store: GemStore, f: Faker): { candidate: string; application: string } {
  const now = store.stamp();
  const ms = Date.parse(now);
  const first = f.person.firstName();
  const last = f.person.lastName();
  const id = store.nextId(MODEL_CODE.candidate, ms);
  const handle = `${first}-${last}-${id.slice(-6)}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
  const job = f.helpers.arrayElement(store.jobs.items.filter((j) => j.status === 'open' && j.deleted_at === null));
  const stages = store.stagesByJob.get(job.id)!;
  const source = store.applications.items.find((a) => a.source)?.source ?? null;
  const application: GemApplication = {
    id: store.nextId(MODEL_CODE.application, ms),
    candidate_id: id,
    applied_at: now,
    rejected_at: null,
    last_activity_at: now,
    source,
    credited_to: null,
    rejection_reason: null,
    jobs: [{ id: job.id, name: job.name }],
    job_post_id: store.jobPosts.items.find((p) => p.job_id === job.id)?.id ?? null,
    status: 'active',
    current_stage: { id: stages[0].id, name: stages[0].name },
    deleted_at: null,
  };
  store.candidates.add(
    newCandidate(
      {
        id,
        first_name: first,
        last_name: last,
        company: f.company.name(),
        title: f.person.jobTitle(),
        phone_numbers: [{ type: 'mobile', value: f.phone.number({ style: 'international' }) }],
        email_addresses: [{ type: 'personal', value: `${handle}@example.com`, is_primary: true }],
        social_media_addresses: [{ value: `https://www.linkedin.com/in/${handle}` }],
        created_by: store.users.items[0].id,
        linked_in_handle: handle,
      },
      now,
    ),
  );
  store.addApplication(application);
  return { candidate: id, application: application.id };
}
