/**
 * The sandbox's mutable state, kept compact: per record only ids' indexes, enums and timestamps.
 * Texts (names, emails, descriptions…) are generated on demand from (seed, index, version), so
 * 100k candidates cost a few tens of MB. `seq` is the change sequence that sync tokens compare.
 */
export interface Tracked {
  /** Change sequence of the last change; 0 for generated data. */
  seq: number;
  updatedAt: number;
  deleted?: boolean;
}

export interface UserState extends Tracked {
  enabled: boolean;
  role: number;
  manager: number;
}
export interface DepartmentState extends Tracked {
  parent: number;
  archived: boolean;
  createdAt: number;
}
export interface LocationState extends Tracked {
  archived: boolean;
  createdAt: number;
}
export interface TagState extends Tracked {
  archived: boolean;
  /** Tags made through candidateTag.create; generated ones take their title from the catalog. */
  title?: string;
}
export type JobStatus = 'Draft' | 'Open' | 'Closed' | 'Archived';
export interface JobState extends Tracked {
  status: JobStatus;
  confidential: boolean;
  department: number;
  location: number;
  /** Further locations of the job's opening. */
  extraLocations: number[];
  employmentType: string;
  title: string;
  /** [user index, role index] */
  team: [number, number][];
  author: number;
  createdAt: number;
  openedAt: number | null;
  closedAt: number | null;
  postings: number[];
  plan: number;
}
export interface PlanState extends Tracked {
  job: number;
  archived: boolean;
  createdAt: number;
  /** Global stage indexes in plan order. */
  stages: number[];
}
export type StageType = 'Lead' | 'PreInterviewScreen' | 'Active' | 'Offer' | 'Hired' | 'Archived';
export interface StageState {
  plan: number;
  order: number;
  type: StageType;
  title: string;
}
export interface PostingState extends Tracked {
  job: number;
  listed: boolean;
  publishedAt: number;
}
export interface CandidateOverride {
  name?: string;
  email?: string;
  phone?: string;
  alternateEmails?: string[];
  socialLinks?: { type: string; url: string }[];
  location?: { city?: string; region?: string; country?: string };
}
export interface CandidateState extends Tracked {
  /** Bumped by generated updates: the generator varies company, title and phone with it. */
  version: number;
  createdAt: number;
  apps: number[];
  tags: number[];
  source: number;
  creditedTo: number;
  /** Created through candidate.create: only what was given, no generated profile. */
  sparse?: boolean;
  override?: CandidateOverride;
}
export type ApplicationStatus = 'Hired' | 'Archived' | 'Active' | 'Lead';
export interface ApplicationState extends Tracked {
  candidate: number;
  job: number;
  status: ApplicationStatus;
  stage: number;
  archiveReason: number;
  archivedAt: number | null;
  source: number;
  createdAt: number;
  /** Offer index, or -1. */
  offer: number;
}
export interface ScheduleState extends Tracked {
  application: number;
  stage: number;
  status: string;
  events: number;
  createdAt: number;
  scheduledBy: number;
}
export interface OfferState extends Tracked {
  application: number;
  acceptance: 'Accepted' | 'Declined' | 'Pending' | 'WaitingOnResponse' | 'Cancelled' | 'Created';
  offerStatus: string;
  createdAt: number;
  decidedAt: number | null;
}
/** A file uploaded through candidate.uploadResume / candidate.uploadFile (its bytes are not kept). */
export interface FileState {
  candidate: number;
  name: string;
  contentType: string;
  size: number;
  resume: boolean;
  createdAt: number;
}
/** A note made through candidate.createNote. */
/** A sourcing project (Ashby's "projects"): candidates are added to it, never removed through the API. */
export interface ProjectState extends Tracked {
  title: string;
  description: string;
  confidential: boolean;
  archived: boolean;
  createdAt: number;
  /** Candidate indexes, in the order they were added. */
  members: number[];
}
export interface NoteState {
  candidate: number;
  content: string;
  isPrivate: boolean;
  createdAt: number;
}
export interface WebhookState {
  type: string;
  url: string;
  secret: string;
  enabled: boolean;
}

export interface SandboxState {
  seed: number;
  /** Last change sequence handed out. */
  seq: number;
  users: UserState[];
  departments: DepartmentState[];
  locations: LocationState[];
  tags: TagState[];
  jobs: JobState[];
  plans: PlanState[];
  stages: StageState[];
  postings: PostingState[];
  candidates: CandidateState[];
  applications: ApplicationState[];
  schedules: ScheduleState[];
  offers: OfferState[];
  webhooks: WebhookState[];
  files: FileState[];
  notes: NoteState[];
  projects: ProjectState[];
  /** How many mutation batches ran; seeds the next batch's choices. */
  mutations: number;
}

/** The generated world's "now": data timestamps are fixed so the same seed gives the same bytes. */
export const BASE_TIME = Date.UTC(2026, 4, 1);
export const DAY = 86_400_000;

/** Marks a record changed: a new change sequence and an updatedAt that moves forward with it. */
export function touch(state: SandboxState, record: Tracked): void {
  record.seq = ++state.seq;
  record.updatedAt = BASE_TIME + state.seq * 1000;
}

/** The timestamp a record created now gets (matches the touch that follows). */
export const nextTime = (state: SandboxState) => BASE_TIME + (state.seq + 1) * 1000;
