import { buildApplication, buildOffer } from './data/build-applications.js';
import { buildJob } from './data/build-jobs.js';
import { EmailIndex } from './data/email-index.js';
import { hash32, pick, pickSome, prng, type Rand } from './random.js';
import { nextTime, touch, type CandidateOverride, type SandboxState } from './data/state.js';
import type { World } from './data/world.js';
import type { WebhookEvent } from './webhooks.js';
import { ARCHIVE_REASONS, ARCHIVED_REASONS, ARCHIVED_SOURCES, JOB_TITLES, SOURCES } from './data/catalog.js';

/** What one mutation changed, by model, as remote ids: the control endpoint reports it verbatim. */
export interface ChangeReport {
  created: Record<string, string[]>;
  updated: Record<string, string[]>;
  deleted: Record<string, string[]>;
}

export class Mutations {
  readonly report: ChangeReport = { created: {}, updated: {}, deleted: {} };
  readonly events: WebhookEvent[] = [];

  constructor(private readonly world: World) {}

  private get state(): SandboxState {
    return this.world.state;
  }

  private note(kind: keyof ChangeReport, model: string, id: string): void {
    const list = (this.report[kind][model] ??= []);
    if (!list.includes(id)) list.push(id);
  }

  /** A generated update: a new company, title and school (the profile moves with `version`). */
  updateCandidate(c: number, override?: CandidateOverride): void {
    const s = this.state.candidates[c];
    if (override) {
      s.override = { ...s.override, ...override };
      EmailIndex.of(this.world).touched(c);
    } else s.version++;
    touch(this.state, s);
    this.note('updated', 'candidates', this.world.ids.id('candidate', c));
  }

  /** A new candidate with one new application (to an open job), as if they applied. */
  createCandidate(options: { sparse?: boolean; override?: CandidateOverride; sourceId?: number; creditedTo?: number; withApplication?: boolean } = {}): number {
    const c = this.state.candidates.length;
    const rand = prng(hash32('create', this.state.seed, c));
    const createdAt = nextTime(this.state);
    this.state.candidates.push({
      version: 0,
      createdAt,
      apps: [],
      tags: [],
      source: options.sourceId ?? -1,
      creditedTo: options.creditedTo ?? -1,
      sparse: options.sparse,
      override: options.override,
      seq: 0,
      updatedAt: createdAt,
    });
    touch(this.state, this.state.candidates[c]);
    this.note('created', 'candidates', this.world.ids.id('candidate', c));
    if (options.withApplication) {
      const open = this.state.jobs.map((j, i) => (j.status === 'Open' ? i : -1)).filter((i) => i >= 0);
      const source = Math.floor(rand() * (SOURCES.length - ARCHIVED_SOURCES.size));
      this.createApplication(c, open[Math.floor(rand() * open.length)], { source });
      this.state.candidates[c].source = source;
    }
    return c;
  }

  createApplication(c: number, j: number, options: { source?: number; stage?: number; creditedTo?: number } = {}): number {
    const plan = this.state.plans[this.state.jobs[j].plan];
    const lead = plan.stages.find((g) => this.state.stages[g].type === 'Lead')!;
    const stage = options.stage ?? lead;
    const a = this.state.applications.length;
    this.state.applications.push({
      candidate: c,
      job: j,
      status: this.state.stages[stage].type === 'Lead' ? 'Lead' : 'Active',
      stage,
      archiveReason: -1,
      archivedAt: null,
      source: options.source ?? -1,
      createdAt: nextTime(this.state),
      offer: -1,
      seq: 0,
      updatedAt: 0,
    });
    touch(this.state, this.state.applications[a]);
    this.state.candidates[c].apps.push(a);
    touch(this.state, this.state.candidates[c]);
    const candidateId = this.world.ids.id('candidate', c);
    if (!this.report.created.candidates?.includes(candidateId)) this.note('updated', 'candidates', candidateId);
    this.note('created', 'applications', this.world.ids.id('application', a));
    this.events.push({ action: 'applicationSubmit', data: { application: buildApplication(this.world, a) } });
    return a;
  }

  /** Moves an application; the Archived stage archives it (with a reason), Hired hires it. */
  changeStage(a: number, stage: number, archiveReason = -1): void {
    const s = this.state.applications[a];
    const type = this.state.stages[stage].type;
    s.stage = stage;
    s.status = type === 'Archived' ? 'Archived' : type === 'Hired' ? 'Hired' : type === 'Lead' ? 'Lead' : 'Active';
    s.archiveReason = type === 'Archived' ? Math.max(0, archiveReason) : -1;
    s.archivedAt = type === 'Archived' ? nextTime(this.state) : null;
    touch(this.state, s);
    this.note('updated', 'applications', this.world.ids.id('application', a));
    const application = buildApplication(this.world, a);
    this.events.push({ action: 'candidateStageChange', data: { application } }, { action: 'applicationUpdate', data: { application } });
  }

  /** Hires an application: an accepted offer, then the Hired stage. */
  hire(a: number): void {
    const s = this.state.applications[a];
    const created = nextTime(this.state);
    const isNew = s.offer < 0;
    if (isNew) {
      s.offer = this.state.offers.length;
      this.state.offers.push({ application: a, acceptance: 'Accepted', offerStatus: 'CandidateAccepted', createdAt: created, decidedAt: created, seq: 0, updatedAt: 0 });
      this.note('created', 'offers', this.world.ids.id('offer', s.offer));
    } else {
      Object.assign(this.state.offers[s.offer], { acceptance: 'Accepted', offerStatus: 'CandidateAccepted', decidedAt: created });
      this.note('updated', 'offers', this.world.ids.id('offer', s.offer));
    }
    touch(this.state, this.state.offers[s.offer]);
    const hired = this.state.plans[this.state.jobs[s.job].plan].stages.find((g) => this.state.stages[g].type === 'Hired')!;
    this.changeStage(a, hired);
    const application = buildApplication(this.world, a);
    const offer = buildOffer(this.world, s.offer);
    this.events.push({ action: isNew ? 'offerCreate' : 'offerUpdate', data: { offer } }, { action: 'candidateHire', data: { application, offer } });
  }

  /** Archives (rejects) an application with a reason: the Archived stage of its plan. */
  archive(a: number, reason: number): void {
    const s = this.state.applications[a];
    const archived = this.state.plans[this.state.jobs[s.job].plan].stages.find((g) => this.state.stages[g].type === 'Archived')!;
    this.changeStage(a, archived, reason);
  }

  /**
   * A new job, as Ashby creates one: a Draft with its own interview plan (Lead … Hired, Archived)
   * and no posting yet. Fires jobCreate.
   */
  createJob(rand: Rand): number {
    const state = this.state;
    const createdAt = nextTime(state);
    const j = state.jobs.length;
    const plan = state.plans.length;
    const template = state.jobs[0];
    state.jobs.push({
      status: 'Draft',
      confidential: false,
      department: template.department,
      location: template.location,
      extraLocations: [],
      employmentType: 'FullTime',
      title: pick(rand, JOB_TITLES),
      team: template.team.slice(0, 1),
      author: template.author,
      createdAt,
      openedAt: null,
      closedAt: null,
      postings: [],
      plan,
      seq: 0,
      updatedAt: createdAt,
    });
    const types = [['Lead', 'New Lead'], ['PreInterviewScreen', 'Application Review'], ['Active', 'Onsite'], ['Offer', 'Offer'], ['Hired', 'Hired'], ['Archived', 'Archived']] as const;
    const stages = types.map(([type, title], order) => {
      state.stages.push({ plan, order, type, title });
      return state.stages.length - 1;
    });
    state.plans.push({ job: j, archived: false, createdAt, stages, seq: 0, updatedAt: createdAt });
    touch(state, state.plans[plan]);
    touch(state, state.jobs[j]);
    this.note('created', 'jobs', this.world.ids.id('job', j));
    this.events.push({ action: 'jobCreate', data: { job: buildJob(this.world, j) } });
    return j;
  }

  /** A job edited (a new title; Open when it was a Draft). Fires jobUpdate. */
  updateJob(j: number, rand: Rand): void {
    const s = this.state.jobs[j];
    const titles = JOB_TITLES.filter((t) => t !== s.title);
    s.title = pick(rand, titles);
    if (s.status === 'Draft') {
      s.status = 'Open';
      s.openedAt = nextTime(this.state);
    }
    touch(this.state, s);
    this.note('updated', 'jobs', this.world.ids.id('job', j));
    this.events.push({ action: 'jobUpdate', data: { job: buildJob(this.world, j) } });
  }

  /**
   * An interview plan edited in Ashby's plan editor: its first Active stage renamed, a new Active
   * stage added before Offer, and the Active stages nobody is in (no live application or schedule)
   * removed — the one added by an earlier edit, say; Ashby refuses to remove a stage in use. The
   * plan's updatedAt moves (its stages are part of it); the job's does not.
   */
  editPlan(p: number): void {
    const { state } = this;
    const plan = state.plans[p];
    const used = new Set([...state.applications.filter((a) => !a.deleted).map((a) => a.stage), ...state.schedules.filter((x) => !x.deleted).map((x) => x.stage)]);
    const active = plan.stages.filter((g) => state.stages[g].type === 'Active');
    const removed = active.filter((g, i) => i > 0 && !used.has(g));
    const kept = plan.stages.filter((g) => !removed.includes(g));
    const first = kept.find((g) => state.stages[g].type === 'Active');
    if (first !== undefined) state.stages[first].title = `${state.stages[first].title.replace(/ \(rev \d+\)$/, '')} (rev ${state.mutations})`;
    const offer = kept.findIndex((g) => state.stages[g].type === 'Offer');
    state.stages.push({ plan: p, order: 0, type: 'Active', title: `Work Sample ${state.stages.length}` });
    kept.splice(offer < 0 ? kept.length : offer, 0, state.stages.length - 1);
    kept.forEach((g, order) => (state.stages[g].order = order));
    plan.stages = kept;
    touch(state, plan);
    this.note('updated', 'interviewPlans', this.world.ids.id('plan', p));
    this.note('created', 'interviewStages', this.world.ids.id('stage', state.stages.length - 1));
    for (const g of removed) this.note('deleted', 'interviewStages', this.world.ids.id('stage', g));
  }

  /** Deletes a candidate with their applications, interview schedules and offers (Ashby removes them too). */
  deleteCandidate(c: number): void {
    const s = this.state.candidates[c];
    s.deleted = true;
    touch(this.state, s);
    this.note('deleted', 'candidates', this.world.ids.id('candidate', c));
    for (const a of s.apps) {
      const app = this.state.applications[a];
      if (app.deleted) continue;
      app.deleted = true;
      touch(this.state, app);
      this.note('deleted', 'applications', this.world.ids.id('application', a));
      if (app.offer >= 0 && !this.state.offers[app.offer].deleted) {
        this.state.offers[app.offer].deleted = true;
        touch(this.state, this.state.offers[app.offer]);
        this.note('deleted', 'offers', this.world.ids.id('offer', app.offer));
      }
    }
    this.state.schedules.forEach((sc, i) => {
      if (!sc.deleted && this.state.applications[sc.application].candidate === c) {
        sc.deleted = true;
        touch(this.state, sc);
        this.note('deleted', 'interviewSchedules', this.world.ids.id('schedule', i));
        // Each event is one normalized interview.
        for (let k = 0; k < sc.events; k++) this.note('deleted', 'interviewEvents', this.world.ids.id('event', i * 4 + k));
      }
    });
    // The payload names the deleted candidate by id only.
    this.events.push({ action: 'candidateDelete', data: { candidate: { id: this.world.ids.id('candidate', c) } } });
  }
}

export interface MutateRequest {
  update?: number | string[];
  create?: number;
  delete?: number | string[];
  hire?: number | string[];
  archive?: number | string[];
  /** New (Draft) jobs. */
  createJob?: number;
  /** Jobs edited: a count (picked) or job ids. */
  updateJob?: number | string[];
  /** Interview plans edited (their stages changed): a count (picked) or plan ids. */
  editPlan?: number | string[];
}

/**
 * `POST /_sandbox/mutate`: counts pick records deterministically from (seed, batch number); ids
 * name them. update/delete take candidates, hire and archive take active applications.
 */
export function runMutation(world: World, request: MutateRequest): Mutations {
  const state = world.state;
  const m = new Mutations(world);
  const rand = prng(hash32('mutate', state.seed, state.mutations++));
  const live = (list: { deleted?: boolean }[]) => list.map((x, i) => (x.deleted ? -1 : i)).filter((i) => i >= 0);
  const resolve = (kind: 'candidate' | 'application' | 'job' | 'plan', ids: string[]) =>
    ids.map((id) => {
      const i = world.ids.index(kind, id);
      const list: { deleted?: boolean }[] = kind === 'candidate' ? state.candidates : kind === 'application' ? state.applications : kind === 'job' ? state.jobs : state.plans;
      if (i === undefined || i >= list.length || list[i].deleted) throw new Error(`no ${kind} with id ${id}`);
      return i;
    });
  const choose = (pool: number[], n: number, exclude: Set<number>) => pickSome(rand, pool.filter((i) => !exclude.has(i)), n);

  const liveCandidates = live(state.candidates);
  const toUpdate = Array.isArray(request.update) ? resolve('candidate', request.update) : choose(liveCandidates, request.update ?? 0, new Set());
  const toDelete = Array.isArray(request.delete) ? resolve('candidate', request.delete) : choose(liveCandidates, request.delete ?? 0, new Set(toUpdate));
  const hireable = live(state.applications).filter((a) => state.applications[a].status === 'Active' && !toDelete.includes(state.applications[a].candidate));
  const toHire = Array.isArray(request.hire) ? resolve('application', request.hire) : choose(hireable, request.hire ?? 0, new Set());
  const toArchive = Array.isArray(request.archive) ? resolve('application', request.archive) : choose(hireable, request.archive ?? 0, new Set(toHire));

  for (const c of toUpdate) m.updateCandidate(c);
  for (let k = 0; k < (request.create ?? 0); k++) m.createCandidate({ withApplication: true });
  for (const a of toHire) m.hire(a);
  const reasons = ARCHIVE_REASONS.map((_, i) => i).filter((i) => !ARCHIVED_REASONS.has(i));
  for (const a of toArchive) m.archive(a, reasons[Math.floor(rand() * reasons.length)]);
  for (const c of toDelete) m.deleteCandidate(c);
  const toUpdateJob = Array.isArray(request.updateJob) ? resolve('job', request.updateJob) : choose(state.jobs.map((_, i) => i), request.updateJob ?? 0, new Set());
  for (const j of toUpdateJob) m.updateJob(j, rand);
  for (let k = 0; k < (request.createJob ?? 0); k++) m.createJob(rand);
  const toEditPlan = Array.isArray(request.editPlan) ? resolve('plan', request.editPlan) : choose(state.plans.map((_, i) => i), request.editPlan ?? 0, new Set());
  for (const p of toEditPlan) m.editPlan(p);
  return m;
}
