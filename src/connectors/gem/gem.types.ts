// The Gem ATS API (/ats/v0) shapes, as partner-apis.md §2.7 records them. ATS timestamps are ISO 8601
// strings; the v0 (CRM) API's are Unix seconds. Both the connector and the sandbox speak these shapes.

export interface GemUserLite {
  id: string;
  name: string | null;
  first_name: string | null;
  last_name: string | null;
  employee_id: string | null;
}

export interface GemOffice {
  id: string;
  name: string | null;
  location: { name: string | null } | null;
  parent_id: string | null;
  child_ids: string[];
  parent_office_external_id: string | null;
  child_office_external_ids: string[];
  deleted_at: string | null;
}

export interface GemDepartment {
  id: string;
  name: string | null;
  parent_id: string | null;
  child_ids: string[];
  parent_department_external_id: string | null;
  child_department_external_ids: string[];
  deleted_at: string | null;
}

export interface GemUser extends GemUserLite {
  primary_email_address: string | null;
  emails: string[];
  disabled: boolean;
  site_admin: boolean;
  linked_candidate_ids: string[];
  offices: GemOffice[];
  departments: GemDepartment[];
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface GemHiringTeam {
  hiring_managers?: GemUserLite[];
  recruiters?: GemUserLite[];
  coordinators?: GemUserLite[];
  sourcers?: GemUserLite[];
}

export type GemJobStatus = 'open' | 'closed' | 'draft' | 'pending_approval' | 'approved';

export interface GemJob {
  id: string;
  name: string | null;
  requisition_id: string | null;
  confidential: boolean;
  status: GemJobStatus;
  is_template: boolean;
  created_at: string;
  opened_at: string | null;
  closed_at: string | null;
  updated_at: string;
  deleted_at: string | null;
  departments: GemDepartment[];
  offices: GemOffice[];
  hiring_team: GemHiringTeam | null;
}

export interface GemJobPost {
  id: string;
  title: string | null;
  active: boolean;
  live: boolean;
  first_published_at: string | null;
  job_id: string;
  content: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  /** Ours: the post's public URL on the connection's job board (gem.job-board.ts); absent without one. */
  board_url?: string | null;
}

export interface GemInterviewDefinition {
  id: string;
  name: string;
  schedulable: boolean;
  estimated_minutes: number;
  default_interviewer_users: GemUserLite[];
  interview_kit: { id: string; content: string; questions: { id: string; name: string }[] } | null;
  deleted_at: string | null;
  job_stage_interview_item_id: string;
}

export interface GemJobStage {
  id: string;
  name: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  active: boolean;
  job_id: string;
  priority: number;
  interviews: GemInterviewDefinition[];
}

export interface GemApplication {
  id: string;
  candidate_id: string;
  applied_at: string;
  rejected_at: string | null;
  last_activity_at: string;
  source: { id: string; public_name: string | null } | null;
  credited_to: string | null;
  rejection_reason: { id: string; name: string | null; type: { id: string; name: string } | null } | null;
  jobs: { id: string; name: string | null }[];
  job_post_id: string | null;
  status: 'active' | 'rejected' | 'hired';
  current_stage: { id: string; name: string | null } | null;
  deleted_at: string | null;
}

export interface GemCandidate {
  id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  title: string | null;
  is_private: boolean;
  attachments: { filename: string; url: string; type: string; created_at: string }[];
  phone_numbers: { type: string | null; value: string }[];
  email_addresses: { type: string | null; value: string; is_primary: boolean }[];
  social_media_addresses: { value: string }[];
  tags: string[];
  educations: unknown[];
  employments: unknown[];
  linked_user_ids: string[];
  created_at: string;
  updated_at: string | null;
  last_activity: string | null;
  deleted_at: string | null;
  applications: GemApplication[];
  application_ids: string[];
}

export interface GemInterviewer extends GemUserLite {
  email: string | null;
  response_status: 'needs_action' | 'declined' | 'tentative' | 'accepted';
  scorecard_id: string | null;
}

export interface GemScheduledInterview {
  id: string;
  application_id: string;
  external_event_id: string | null;
  created_at: string;
  updated_at: string;
  start: { date_time: string } | null;
  end: { date_time: string } | null;
  location: string | null;
  video_conferencing_url: string | null;
  status: 'scheduled' | 'awaiting_feedback' | 'complete';
  interview: { id: string; name: string | null } | null;
  organizer: GemUserLite | null;
  interviewers: GemInterviewer[];
  job_stage_interview_item_id: string | null;
  deleted_at: string | null;
}

/** Gem's error body. */
export interface GemErrorBody {
  code: number;
  status: string;
  message: string;
  errors: Record<string, Record<string, unknown>>;
}
