/** The parts of Ashby's records the mappers read (ashby-openapi.yml); anything may be null in practice. */

export interface AshbyCustomField {
  id?: string;
  title?: string | null;
  value?: unknown;
}
export interface AshbyContact {
  value?: string | null;
  type?: string | null;
  isPrimary?: boolean | null;
}
export interface AshbyUser {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  globalRole?: string | null;
  isEnabled?: boolean | null;
  updatedAt?: string | null;
  customFields?: AshbyCustomField[] | null;
}
export interface AshbySource {
  id?: string;
  title?: string | null;
  sourceType?: { title?: string | null } | null;
}
export interface AshbyHiringTeamMember {
  userId?: string | null;
  role?: string | null;
}
export interface AshbyJob {
  id: string;
  title?: string | null;
  confidential?: boolean | null;
  status?: string | null;
  employmentType?: string | null;
  locationId?: string | null;
  departmentId?: string | null;
  customRequisitionId?: string | null;
  customFields?: AshbyCustomField[] | null;
  hiringTeam?: AshbyHiringTeamMember[] | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  openedAt?: string | null;
  closedAt?: string | null;
  location?: { workplaceType?: string | null } | null;
  openings?: { latestVersion?: { locationIds?: string[] | null } | null }[] | null;
  /** The plan whose stages are the job's (what jobInterviewPlan.info answers for the job). */
  defaultInterviewPlanId?: string | null;
}
export interface AshbyStage {
  id: string;
  title?: string | null;
  type?: string | null;
  orderInInterviewPlan?: number | null;
  interviewPlanId?: string | null;
}
/** A job as the jobs stream yields it: the job plus what other endpoints say about it. */
export interface AshbyJobRecord {
  job: AshbyJob;
  /** Names of the job's department (and its parents), first is the job's own. */
  departments: string[];
  /** Names of the job's locations, first is the primary one. */
  locations: string[];
  /** The most recent live posting (from jobPosting.list), when the job has one; its description is derived by the writer. */
  posting: { id: string; url: string | null } | null;
  /** The stages of the job's default interview plan; null when the job has none. */
  stages: AshbyStage[] | null;
}
export interface AshbyJobPosting {
  id: string;
  title?: string | null;
  jobId?: string | null;
  isListed?: boolean | null;
  publishedDate?: string | null;
  updatedAt?: string | null;
  externalLink?: string | null;
  applyLink?: string | null;
  departmentName?: string | null;
  locationName?: string | null;
  employmentType?: string | null;
  workplaceType?: string | null;
}
export interface AshbyJobPostingRecord {
  posting: AshbyJobPosting;
  descriptionHtml: string | null;
}
export interface AshbyFileHandle {
  id?: string | null;
  name?: string | null;
  handle?: string | null;
}
export interface AshbyCandidate {
  id: string;
  createdAt?: string | null;
  updatedAt?: string | null;
  name?: string | null;
  primaryEmailAddress?: AshbyContact | null;
  emailAddresses?: AshbyContact[] | null;
  primaryPhoneNumber?: AshbyContact | null;
  phoneNumbers?: AshbyContact[] | null;
  socialLinks?: { type?: string | null; url?: string | null }[] | null;
  tags?: { id: string; title?: string | null }[] | null;
  position?: string | null;
  company?: string | null;
  applicationIds?: string[] | null;
  customFields?: AshbyCustomField[] | null;
  source?: AshbySource | null;
  resumeFileHandle?: AshbyFileHandle | null;
  fileHandles?: AshbyFileHandle[] | null;
  location?: { locationComponents?: { type?: string | null; name?: string | null }[] | null } | null;
}
export interface AshbyPlanRecord {
  plan: { id: string; title?: string | null; isArchived?: boolean | null; updatedAt?: string | null };
  stages: AshbyStage[];
}
export interface AshbyApplication {
  id: string;
  createdAt?: string | null;
  updatedAt?: string | null;
  status?: string | null;
  customFields?: AshbyCustomField[] | null;
  candidate?: { id?: string | null } | null;
  currentInterviewStage?: { id?: string | null } | null;
  source?: AshbySource | null;
  archiveReason?: { text?: string | null } | null;
  archivedAt?: string | null;
  job?: { id?: string | null } | null;
}
export interface AshbyInterviewEvent {
  id: string;
  interviewId?: string | null;
  interviewerUserIds?: string[] | null;
  interviewers?: { id?: string | null }[] | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  location?: string | null;
  meetingLink?: string | null;
  interview?: { title?: string | null } | null;
}
export interface AshbySchedule {
  id: string;
  status?: string | null;
  applicationId?: string | null;
  interviewStageId?: string | null;
  interviewEvents?: AshbyInterviewEvent[] | null;
}
export interface AshbyScheduleRecord {
  schedule: AshbySchedule;
  events: AshbyInterviewEvent[];
  /** Titles of the events' interviews (from interview.list), for events that do not embed `interview`. */
  interviewTitles: Record<string, string | null>;
}
export interface AshbyOffer {
  id: string;
  applicationId?: string | null;
  acceptanceStatus?: string | null;
  offerStatus?: string | null;
  decidedAt?: string | null;
  latestVersion?: {
    startDate?: string | null;
    salary?: { currencyCode?: string | null; value?: number | null } | null;
    createdAt?: string | null;
    customFields?: AshbyCustomField[] | null;
  } | null;
}
