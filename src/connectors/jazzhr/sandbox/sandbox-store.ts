import type {
  JazzActivity,
  JazzApplicant2Job,
  JazzApplicantDetail,
  JazzCategory,
  JazzCategory2Applicant,
  JazzFile,
  JazzHire,
  JazzJob,
  JazzNote,
  JazzUser,
  JazzWorkflow,
  JazzWorkflowStep,
} from '../jazzhr.types.js';

/** An applicant as the sandbox keeps it: the detail's own fields; jobs, activities, categories and comments are joined in on read. */
export type ApplicantRow = Omit<JazzApplicantDetail, 'jobs' | 'activities' | 'categories' | 'comments' | 'comments_count'>;

/** Id prefixes as JazzHR spells them (prospect_…, job_…, projob_…). */
export const ID_PREFIX = {
  applicant: 'prospect',
  job: 'job',
  user: 'usr',
  workflow: 'workflow',
  applicant2job: 'projob',
  hire: 'hire',
  activity: 'activity',
  category: 'category',
  category2applicant: 'pro2cat',
  note: 'comment',
  file: 'file',
} as const;

/** "YYYY-MM-DD" of a time in UTC. */
export const ymd = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** "HH:MM:SS" of a time in UTC. */
export const hms = (ms: number): string => new Date(ms).toISOString().slice(11, 19);

/** Everything the JazzHR sandbox serves, in creation order (which is id order: ids carry their time). */
export class JazzStore {
  users: JazzUser[] = [];
  workflows: JazzWorkflow[] = [];
  jobs: JazzJob[] = [];
  /** Jobs listed as confidential: jobs have no such field, only /jobs/confidential/true tells. */
  confidentialJobs = new Set<string>();
  applicants: ApplicantRow[] = [];
  applicants2jobs: JazzApplicant2Job[] = [];
  hires: JazzHire[] = [];
  activities: JazzActivity[] = [];
  categories: JazzCategory[] = [];
  categories2applicants: JazzCategory2Applicant[] = [];
  notes: JazzNote[] = [];
  files: JazzFile[] = [];

  /** Activity times are written in the account's time zone, with no zone marker (UTC when 0). */
  timeZoneOffsetMs = 0;

  private sequence = 0;
  private index: Index | null = null;

  /** An id of JazzHR's shape: prefix_YYYYMMDDHHMMSS_suffix; the suffix comes from the seeded generator. */
  nextId(prefix: string, ms: number, suffix: string): string {
    this.sequence++;
    const stamp = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    return `${prefix}_${stamp}_${suffix}${this.sequence.toString(36).toUpperCase()}`;
  }

  applicant(id: string): ApplicantRow | undefined {
    return this.indexed().applicants.get(id);
  }

  /** What hangs off one applicant, for the detail view. */
  of(applicantId: string): { jobs: JazzApplicant2Job[]; categories: JazzCategory2Applicant[]; notes: JazzNote[]; activities: JazzActivity[] } {
    const index = this.indexed();
    return {
      jobs: index.jobs.get(applicantId) ?? [],
      categories: index.categories.get(applicantId) ?? [],
      notes: index.notes.get(applicantId) ?? [],
      activities: index.activities.get(applicantId) ?? [],
    };
  }

  /** Call after any change: the lookup indexes are rebuilt on the next read. */
  changed(): void {
    this.index = null;
  }

  private indexed(): Index {
    if (this.index) return this.index;
    const group = <T>(list: T[], key: (t: T) => string) => {
      const map = new Map<string, T[]>();
      for (const item of list) {
        const k = key(item);
        const bucket = map.get(k);
        if (bucket) bucket.push(item);
        else map.set(k, [item]);
      }
      return map;
    };
    this.index = {
      applicants: new Map(this.applicants.map((a) => [a.id, a])),
      jobs: group(this.applicants2jobs, (x) => x.applicant_id),
      categories: group(this.categories2applicants, (x) => x.applicant_id),
      notes: group(this.notes, (x) => x.applicant_id),
      activities: group(this.activities, (x) => x.object_id),
    };
    return this.index;
  }

  job(id: string): JazzJob | undefined {
    return this.jobs.find((j) => j.id === id);
  }

  /** The step with this id, and its workflow. */
  step(stepId: number): JazzWorkflowStep | undefined {
    for (const w of this.workflows) for (const s of w.workflow_steps) if (s.workflow_step_id === stepId) return s;
    return undefined;
  }

  /** The "New" step of a job's workflow: where every applicant comes in. */
  newStep(job: JazzJob): JazzWorkflowStep {
    const workflow = this.workflows.find((w) => w.workflow_id === job.workflow_id) ?? this.workflows[0];
    return workflow.workflow_steps.find((s) => s.workflow_step_category === 'New') ?? workflow.workflow_steps[0];
  }

  stepsOf(job: JazzJob): JazzWorkflowStep[] {
    return (this.workflows.find((w) => w.workflow_id === job.workflow_id) ?? this.workflows[0]).workflow_steps;
  }

  /** Removes an applicant with everything hanging off it (JazzHR deletes for good: no flag, no signal). */
  deleteApplicant(id: string): void {
    const not = <T extends { applicant_id: string }>(list: T[]) => list.filter((x) => x.applicant_id !== id);
    this.applicants = this.applicants.filter((a) => a.id !== id);
    this.applicants2jobs = not(this.applicants2jobs);
    this.hires = not(this.hires);
    this.categories2applicants = not(this.categories2applicants);
    this.notes = not(this.notes);
    this.files = not(this.files);
    this.changed();
  }

  counts(): Record<string, number> {
    return {
      users: this.users.length,
      workflows: this.workflows.length,
      jobs: this.jobs.length,
      confidential_jobs: this.confidentialJobs.size,
      applicants: this.applicants.length,
      applicants2jobs: this.applicants2jobs.length,
      hires: this.hires.length,
      activities: this.activities.length,
      categories: this.categories.length,
      categories2applicants: this.categories2applicants.length,
      notes: this.notes.length,
      files: this.files.length,
    };
  }
}

interface Index {
  applicants: Map<string, ApplicantRow>;
  jobs: Map<string, JazzApplicant2Job[]>;
  categories: Map<string, JazzCategory2Applicant[]>;
  notes: Map<string, JazzNote[]>;
  activities: Map<string, JazzActivity[]>;
}
