import { hash32, int, pick, pickSome, prng, type Rand } from '../random.js';
import {
  ACTIVE_STAGE_TITLES,
  DEPARTMENTS,
  EMPLOYMENT_TYPES,
  HIRING_TEAM_ROLES,
  JOB_TITLES,
  LOCATIONS,
  SCHEDULE_STATUSES_DONE,
  SCHEDULE_STATUSES_OPEN,
  SOURCES,
  ARCHIVE_REASONS,
  ARCHIVED_REASONS,
  ARCHIVED_SOURCES,
  ARCHIVED_TAGS,
  TAGS,
} from './catalog.js';
import {
  BASE_TIME,
  DAY,
  type ApplicationState,
  type ApplicationStatus,
  type CandidateState,
  type JobState,
  type JobStatus,
  type SandboxState,
  type StageType,
} from './state.js';

/** Sizes of everything else, derived from the candidate count. */
/** The sandbox's sourcing projects (title, description). */
const PROJECTS: [string, string][] = [
  ['Backend sourcing Q3', 'Engineers sourced for the platform team'],
  ['Design talent pool', 'Product designers to keep warm'],
  ['Stealth search', 'A confidential leadership search'],
];

export function sizes(candidates: number) {
  return {
    users: Math.max(12, Math.min(500, Math.ceil(candidates / 200))),
    jobs: Math.max(10, Math.ceil(candidates / 100)),
  };
}

/**
 * Builds the compact state of a whole organisation from the seed. Only small numbers are drawn
 * here (from a fast PRNG); names and texts come later from faker, per record, in build-*.ts.
 */
export function generateState(seed: number, candidateCount: number): SandboxState {
  const rand = prng(hash32('state', seed));
  const n = sizes(candidateCount);
  const ago = (maxDays: number, minDays = 0) => Math.round(BASE_TIME - (minDays + rand() * (maxDays - minDays)) * DAY);

  const state: SandboxState = {
    seed,
    seq: 0,
    users: [],
    departments: DEPARTMENTS.map(([, parent], i) => ({ parent, archived: i === 9 && seed % 2 === 0, createdAt: ago(900, 800), seq: 0, updatedAt: ago(700, 400) })),
    locations: LOCATIONS.map((_, i) => ({ archived: i === 7, createdAt: ago(900, 800), seq: 0, updatedAt: ago(700, 400) })),
    tags: TAGS.map((_, i) => ({ archived: ARCHIVED_TAGS.has(i), seq: 0, updatedAt: ago(700, 100) })),
    jobs: [],
    plans: [],
    stages: [],
    postings: [],
    candidates: [],
    applications: [],
    schedules: [],
    offers: [],
    webhooks: [],
    files: [],
    notes: [],
    // Fixed, not drawn from the seed's random stream (so every other generated record stays as it was).
    projects: PROJECTS.map(([title, description], i) => ({ title, description, confidential: i === 2, archived: false, createdAt: BASE_TIME - (200 - i) * DAY, members: [], seq: 0, updatedAt: BASE_TIME - (100 - i) * DAY })),
    mutations: 0,
  };

  for (let u = 0; u < n.users; u++) {
    state.users.push({ enabled: rand() > 0.1 || u < 4, role: u === 0 ? 0 : pick(rand, [1, 1, 2, 2, 2, 3]), manager: u < 2 ? -1 : int(rand, 0, Math.min(u - 1, 5)), seq: 0, updatedAt: ago(600) });
  }
  const enabledUsers = state.users.map((u, i) => (u.enabled ? i : -1)).filter((i) => i >= 0);

  for (let j = 0; j < n.jobs; j++) generateJob(state, rand, j, enabledUsers, ago);

  const openJobs = state.jobs.map((job, i) => (job.status !== 'Draft' ? i : -1)).filter((i) => i >= 0);
  for (let c = 0; c < candidateCount; c++) {
    const createdAt = ago(720, 1);
    const candidate: CandidateState = {
      version: 0,
      createdAt,
      apps: [],
      tags: rand() < 0.35 ? pickSome(rand, TAGS.map((_, i) => i), int(rand, 1, 3)) : [],
      source: -1,
      creditedTo: rand() < 0.2 ? pick(rand, enabledUsers) : -1,
      seq: 0,
      updatedAt: createdAt,
    };
    state.candidates.push(candidate);
    // 1 application for most, 2–3 for some: about 1.7 per candidate.
    const count = rand() < 0.45 ? 1 : rand() < 0.75 ? 2 : 3;
    for (let k = 0; k < count; k++) {
      const job = openJobs[Math.floor(rand() * openJobs.length)];
      generateApplication(state, rand, c, job, createdAt + k * int(rand, 1, 30) * DAY, enabledUsers);
    }
    const first = state.applications[candidate.apps[0]];
    // Ashby copies the first application's source onto the candidate; some imports have none.
    candidate.source = rand() < 0.1 ? -1 : first.source;
    candidate.updatedAt = Math.max(...candidate.apps.map((a) => state.applications[a].updatedAt));
  }
  return state;
}

type Ago = (maxDays: number, minDays?: number) => number;

function generateJob(state: SandboxState, rand: Rand, j: number, users: number[], ago: Ago): void {
  // A fixed rotation, so every status (and a confidential job) exists even in a small organisation.
  const status: JobStatus = (['Open', 'Closed', 'Draft', 'Archived', 'Open', 'Open', 'Open', 'Closed', 'Open', 'Open'] as const)[j % 10];
  const createdAt = ago(800, 30);
  const openedAt = status === 'Draft' ? null : createdAt + int(rand, 0, 10) * DAY;
  const closedAt = status === 'Closed' || status === 'Archived' ? Math.min(BASE_TIME - DAY, openedAt! + int(rand, 30, 300) * DAY) : null;
  const team: [number, number][] = pickSome(rand, users, int(rand, 2, 4)).map((u, i) => [u, i < HIRING_TEAM_ROLES.length ? i : 1]);
  const job: JobState = {
    status,
    confidential: j % 10 === 5 || rand() < 0.05,
    department: int(rand, 0, DEPARTMENTS.length - 1),
    location: int(rand, 0, LOCATIONS.length - 1),
    extraLocations: rand() < 0.3 ? pickSome(rand, LOCATIONS.map((_, i) => i), int(rand, 1, 2)) : [],
    employmentType: pick(rand, EMPLOYMENT_TYPES),
    title: pick(rand, JOB_TITLES),
    team,
    author: team[0][0],
    createdAt,
    openedAt,
    closedAt,
    postings: [],
    plan: j,
    seq: 0,
    updatedAt: closedAt ?? openedAt ?? createdAt,
  };
  job.extraLocations = job.extraLocations.filter((l) => l !== job.location);
  state.jobs.push(job);

  // One interview plan per job: Lead, screen, 1–3 active stages, Offer, Hired, Archived.
  // Ashby names the Lead stage "New Lead": where a sourced candidate lands.
  const types: [StageType, string][] = [['Lead', 'New Lead'], ['PreInterviewScreen', 'Application Review']];
  for (const title of pickSome(rand, ACTIVE_STAGE_TITLES, int(rand, 1, 3)).sort((a, b) => ACTIVE_STAGE_TITLES.indexOf(a) - ACTIVE_STAGE_TITLES.indexOf(b))) types.push(['Active', title]);
  types.push(['Offer', 'Offer'], ['Hired', 'Hired'], ['Archived', 'Archived']);
  const stages = types.map(([type, title], order) => {
    state.stages.push({ plan: j, order, type, title });
    return state.stages.length - 1;
  });
  state.plans.push({ job: j, archived: status === 'Archived', createdAt, stages, seq: 0, updatedAt: createdAt });

  // Open jobs have a listed posting (sometimes a second, unlisted one); closed jobs an unlisted one.
  const postings = status === 'Open' ? (rand() < 0.3 ? [true, false] : [true]) : status === 'Closed' && rand() < 0.5 ? [false] : [];
  postings.forEach((listed, k) => {
    const publishedAt = (openedAt ?? createdAt) + k * int(rand, 5, 60) * DAY;
    state.postings.push({ job: j, listed, publishedAt, seq: 0, updatedAt: publishedAt + int(rand, 0, 20) * DAY });
    job.postings.push(state.postings.length - 1);
  });
}

function generateApplication(state: SandboxState, rand: Rand, c: number, j: number, createdAt: number, users: number[]): void {
  const plan = state.plans[state.jobs[j].plan];
  const stageOf = (type: StageType) => plan.stages.find((s) => state.stages[s].type === type)!;
  const status: ApplicationStatus = pick(rand, ['Active', 'Active', 'Active', 'Active', 'Archived', 'Archived', 'Archived', 'Archived', 'Hired', 'Lead'] as const);
  let stage: number;
  // How far the candidate got before ending up where they are (for interviews and offers).
  let reached: number;
  const interviewable = plan.stages.filter((s) => ['PreInterviewScreen', 'Active', 'Offer'].includes(state.stages[s].type));
  if (status === 'Lead') stage = reached = stageOf('Lead');
  else if (status === 'Hired') {
    stage = stageOf('Hired');
    reached = stageOf('Offer');
  } else if (status === 'Archived') {
    stage = stageOf('Archived');
    reached = pick(rand, interviewable);
  } else stage = reached = pick(rand, interviewable);

  const source = rand() < 0.05 ? -1 : Math.floor(rand() * (SOURCES.length - ARCHIVED_SOURCES.size));
  const a = state.applications.length;
  const app: ApplicationState = {
    candidate: c,
    job: j,
    status,
    stage,
    archiveReason: status === 'Archived' ? Math.floor(rand() * ARCHIVE_REASONS.length) : -1,
    archivedAt: status === 'Archived' ? Math.min(BASE_TIME - 3600_000, createdAt + int(rand, 1, 40) * DAY) : null,
    source,
    createdAt,
    offer: -1,
    seq: 0,
    updatedAt: createdAt,
  };
  if (app.archiveReason >= 0 && ARCHIVED_REASONS.has(app.archiveReason)) app.archiveReason = 0;
  state.applications.push(app);
  state.candidates[c].apps.push(a);
  app.updatedAt = Math.min(BASE_TIME - 60_000, app.archivedAt ?? createdAt + int(rand, 0, 20) * DAY);

  // An interview schedule for every application that got to an Active stage or beyond.
  const reachedOrder = state.stages[reached].order;
  const firstActive = plan.stages.find((s) => state.stages[s].type === 'Active')!;
  if (reachedOrder >= state.stages[firstActive].order && (status === 'Hired' || rand() < 0.6)) {
    const stagesDone = plan.stages.filter((s) => state.stages[s].type === 'Active' && state.stages[s].order <= reachedOrder);
    const current = status === 'Active' && state.stages[stage].type === 'Active';
    const s = stagesDone[stagesDone.length - 1];
    state.schedules.push({
      application: a,
      stage: s,
      status: current ? pick(rand, SCHEDULE_STATUSES_OPEN) : pick(rand, SCHEDULE_STATUSES_DONE),
      events: int(rand, 1, 3),
      createdAt: createdAt + DAY,
      scheduledBy: pick(rand, users),
      seq: 0,
      updatedAt: Math.min(BASE_TIME - 60_000, createdAt + int(rand, 2, 20) * DAY),
    });
  }
  // Offers: hires accepted theirs; some at the Offer stage wait on one; a few archived ones declined.
  const atOffer = state.stages[reached].type === 'Offer';
  if (status === 'Hired' || (atOffer && (status === 'Active' || rand() < 0.5))) {
    const acceptance = status === 'Hired' ? 'Accepted' : status === 'Archived' ? 'Declined' : 'WaitingOnResponse';
    const offerCreated = createdAt + int(rand, 10, 40) * DAY;
    app.offer = state.offers.length;
    state.offers.push({
      application: a,
      acceptance,
      offerStatus: acceptance === 'Accepted' ? 'CandidateAccepted' : acceptance === 'Declined' ? 'CandidateRejected' : 'WaitingOnCandidateResponse',
      createdAt: offerCreated,
      decidedAt: acceptance === 'WaitingOnResponse' ? null : offerCreated + int(rand, 1, 7) * DAY,
      seq: 0,
      updatedAt: Math.min(BASE_TIME - 60_000, offerCreated + 8 * DAY),
    });
  }
}
