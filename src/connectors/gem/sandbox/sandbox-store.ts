import type {
  GemApplication,
  GemCandidate,
  GemDepartment,
  GemJob,
  GemJobPost,
  GemJobStage,
  GemOffice,
  GemScheduledInterview,
  GemUser,
  GemUserLite,
} from '../gem.types.js';

/** Records of one kind in list order (creation order); soft-deleted ones stay, with deleted_at. */
export class Collection<T extends { id: string }> {
  readonly items: T[] = [];
  private readonly byId = new Map<string, T>();

  add(item: T): T {
    this.items.push(item);
    this.byId.set(item.id, item);
    return item;
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }
}

/** A candidate as stored: the ATS shape without its joined applications, plus v0-only fields. */
export type StoredCandidate = Omit<GemCandidate, 'applications' | 'application_ids'> & {
  created_by: string;
  nickname: string | null;
  location: string | null;
  school: string | null;
  linked_in_handle: string | null;
  sourced_from: string | null;
  /** v0 only (Gem's CRM profile); absent on generated candidates. */
  work_info?: Record<string, unknown>[];
  education_info?: Record<string, unknown>[];
};

type CandidateFields = Pick<StoredCandidate, 'id' | 'first_name' | 'last_name' | 'company' | 'title' | 'phone_numbers' | 'email_addresses' | 'social_media_addresses' | 'created_by'> &
  Partial<Pick<StoredCandidate, 'nickname' | 'location' | 'school' | 'linked_in_handle' | 'sourced_from'>>;

/** A candidate as Gem stores a new one: the given fields, empty lists, not deleted, created and last active `now`. */
export function newCandidate(fields: CandidateFields, now: string): StoredCandidate {
  return {
    id: fields.id,
    first_name: fields.first_name,
    last_name: fields.last_name,
    company: fields.company,
    title: fields.title,
    is_private: false,
    attachments: [],
    phone_numbers: fields.phone_numbers,
    email_addresses: fields.email_addresses,
    social_media_addresses: fields.social_media_addresses,
    tags: [],
    educations: [],
    employments: [],
    linked_user_ids: [],
    created_at: now,
    updated_at: now,
    last_activity: now,
    deleted_at: null,
    created_by: fields.created_by,
    nickname: fields.nickname ?? null,
    location: fields.location ?? null,
    school: fields.school ?? null,
    linked_in_handle: fields.linked_in_handle ?? null,
    sourced_from: fields.sourced_from ?? null,
  };
}

/** A v0 (CRM) project; `created_at` in Unix seconds like the rest of v0. */
export interface StoredProject {
  id: string;
  created_at: number;
  user_id: string;
  name: string;
  privacy_type: 'confidential' | 'personal' | 'shared';
  description: string | null;
  is_archived: boolean;
  project_fields: unknown[];
  context: string | null;
}

/** A note on a candidate's activity feed (ATS API). */
export interface StoredNote {
  id: string;
  created_at: string;
  body: string;
  user: GemUserLite;
  private: boolean;
  visibility: 'public' | 'private';
}

export type RejectionReason = NonNullable<GemApplication['rejection_reason']>;
export type ApplicationSource = NonNullable<GemApplication['source']>;

export interface ProjectMembership {
  candidate_id: string;
  added_at: number;
}

/** Everything the sandbox serves, and the indexes its endpoints need. */
export class GemStore {
  readonly users = new Collection<GemUser>();
  readonly offices = new Collection<GemOffice & { created_at: string; updated_at: string }>();
  readonly departments = new Collection<GemDepartment & { created_at: string; updated_at: string }>();
  readonly jobs = new Collection<GemJob>();
  readonly jobPosts = new Collection<GemJobPost>();
  readonly jobStages = new Collection<GemJobStage>();
  readonly candidates = new Collection<StoredCandidate>();
  readonly applications = new Collection<GemApplication>();
  readonly interviews = new Collection<GemScheduledInterview>();
  readonly projects = new Collection<StoredProject>();
  readonly projectMembers = new Map<string, ProjectMembership[]>();
  /** Gem lists neither; applications name them. The write calls check ids against these. */
  readonly rejectionReasons = new Collection<RejectionReason>();
  readonly sources = new Collection<ApplicationSource>();
  /** candidate id → its activity-feed notes. */
  readonly notesByCandidate = new Map<string, StoredNote[]>();
  /** candidate id → its applications, in the order they were made. */
  readonly applicationsByCandidate = new Map<string, GemApplication[]>();
  /** job id → its stages, by priority. */
  readonly stagesByJob = new Map<string, GemJobStage[]>();
  private idCounter = 0;
  private lastStamp = 0;

  /** An ObjectID-like id: creation seconds, a model code and a counter; unique and deterministic. */
  nextId(model: number, createdMs: number): string {
    const seconds = Math.floor(createdMs / 1000).toString(16).padStart(8, '0');
    return `${seconds}${model.toString(16).padStart(2, '0')}${(++this.idCounter).toString(16).padStart(14, '0')}`;
  }

  /** Now, strictly after every stamp handed out before, so each change has its own instant. */
  stamp(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  addApplication(application: GemApplication): void {
    this.applications.add(application);
    const list = this.applicationsByCandidate.get(application.candidate_id) ?? [];
    list.push(application);
    this.applicationsByCandidate.set(application.candidate_id, list);
  }

  addJobStage(stage: GemJobStage): void {
    this.jobStages.add(stage);
    const list = this.stagesByJob.get(stage.job_id) ?? [];
    list.push(stage);
    this.stagesByJob.set(stage.job_id, list);
  }

  counts(): Record<string, number> {
    return {
      users: this.users.items.length,
      offices: this.offices.items.length,
      departments: this.departments.items.length,
      jobs: this.jobs.items.length,
      job_posts: this.jobPosts.items.length,
      job_stages: this.jobStages.items.length,
      candidates: this.candidates.items.length,
      applications: this.applications.items.length,
      scheduled_interviews: this.interviews.items.length,
      projects: this.projects.items.length,
    };
  }
}

/** Model codes inside generated ids. */
export const MODEL_CODE = {
  user: 1,
  office: 2,
  department: 3,
  job: 4,
  jobPost: 5,
  jobStage: 6,
  interviewItem: 7,
  candidate: 8,
  application: 9,
  interview: 10,
  project: 11,
  source: 12,
  rejectionReason: 13,
  scorecard: 14,
  note: 15,
  attachment: 16,
} as const;
