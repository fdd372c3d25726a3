import type { AtsModel, ConnectorContext, MappedPage, RemoteRef } from './connector.js';

/**
 * Writes a connector can make in its ATS, and the re-read that follows them. Every argument is in
 * the partner's terms (remote ids); the write service resolves our ids, checks input, handles
 * duplicates and idempotency, and only then calls these. An action a provider lacks is absent: the
 * API answers INTEGRATION.ACTION_NOT_AVAILABLE (400) for it, never a 500.
 *
 * Failures are RemoteErrors. A create must never be retried blindly: after a timeout or a 5xx the
 * connector looks the record up (by email for candidates) and returns what it finds, or throws.
 */
export interface ConnectorActions {
  /** Creates a candidate, and with `application` also their application to that job. */
  createCandidate?(context: ConnectorContext, input: CandidateCreate): Promise<WriteResult>;
  /** Adds what the candidate lacks (emails, phones, links); removes and overwrites nothing. */
  mergeIntoCandidate?(context: ConnectorContext, input: CandidateMerge): Promise<WriteResult>;
  /**
   * Sets a candidate's profile to what was sent (bulk export re-runs): names, contacts, work history
   * and education where the ATS keeps them; nothing sent as null is cleared. Absent where the ATS
   * cannot update a candidate (the export then only adds missing contact details, mergeIntoCandidate).
   */
  updateCandidate?(context: ConnectorContext, input: CandidateUpdate): Promise<WriteResult>;
  /** Live duplicate search in the ATS, for records created since the last sync. */
  searchCandidates?(context: ConnectorContext, query: CandidateSearch): Promise<RemoteCandidate[]>;
  createApplication?(context: ConnectorContext, input: ApplicationCreate): Promise<WriteResult>;
  moveApplicationToStage?(context: ConnectorContext, input: { application_remote_id: string; stage_remote_id: string; job_remote_id: string | null }): Promise<WriteResult>;
  rejectApplication?(context: ConnectorContext, input: { application_remote_id: string; rejection_reason_remote_id: string; note: string | null }): Promise<WriteResult>;
  addApplicationNote?(context: ConnectorContext, input: { application_remote_id: string; candidate_remote_id: string | null; content: string }): Promise<WriteResult>;
  addCandidateNote?(context: ConnectorContext, input: { candidate_remote_id: string; content: string }): Promise<WriteResult>;
  addCandidateTag?(context: ConnectorContext, input: { candidate_remote_id: string; tag_name: string; tag_remote_id: string | null }): Promise<WriteResult>;
  removeCandidateTag?(context: ConnectorContext, input: { candidate_remote_id: string; tag_name: string; tag_remote_id: string | null }): Promise<WriteResult>;
  addCandidateAttachment?(context: ConnectorContext, input: { candidate_remote_id: string; attachment: AttachmentInput }): Promise<WriteResult>;
  addApplicationAttachment?(context: ConnectorContext, input: { application_remote_id: string; candidate_remote_id: string | null; attachment: AttachmentInput }): Promise<WriteResult>;
  /** The files on a candidate (and its application, where the ATS keeps them apart), for the attachment reads. */
  listAttachments?(context: ConnectorContext, input: { candidate_remote_id: string; application_remote_id: string | null }): Promise<RemoteAttachment[]>;
  /** What files the attachment writes accept (Kombo's attachment_restrictions); null values mean unknown. */
  readonly attachmentRestrictions?: AttachmentRestrictions;
  /** Adds candidates to projects (Gem "prospects"); absent where the ATS has no projects. */
  addCandidatesToProject?(context: ConnectorContext, input: { project_remote_id: string; candidate_remote_ids: string[]; user_remote_id: string | null }): Promise<WriteResult>;
}

/** Re-reads the given records from the partner and maps them as a sync would (write-through, inbound webhooks). */
export type FetchByIds = (context: ConnectorContext, refs: readonly RemoteRef[]) => Promise<FetchedRecords>;

export interface FetchedRecords extends MappedPage {
  /** Records the partner says no longer exist: the caller marks them deleted. */
  missing?: RemoteRef[];
}

export type EmailType = 'PERSONAL' | 'WORK' | 'OTHER';

export interface CandidateContact {
  emails: { email_address: string; type: EmailType | null }[];
  phones: { phone_number: string; type: EmailType | null }[];
  social_links: { url: string }[];
}

export interface CandidateCreate extends CandidateContact {
  first_name: string;
  last_name: string;
  company: string | null;
  title: string | null;
  location: { city?: string | null; state?: string | null; country?: string | null; street_1?: string | null; zip_code?: string | null } | null;
  /** The user the candidate is credited to (Ashby creditedToUserId, Gem created_by). */
  sourced_by_user_remote_id: string | null;
  source: string | null;
  /** An application to create with the candidate; stage null = the job's first stage ("New Lead"/"New"). */
  application: { job_remote_id: string; stage_remote_id: string | null } | null;
  attachments: AttachmentInput[];
  /** Passed through to the partner's create call, keyed by provider (Kombo's remote_fields). */
  remote_fields: Record<string, unknown> | null;
  /** Sourcing extras (exports): work history, education, projects. Connectors say in warnings what they could not carry. */
  work_history?: { company: string | null; title: string | null; start_date: string | null; end_date: string | null; is_current: boolean | null }[];
  education?: { school: string | null; degree: string | null; field_of_study: string | null; start_date: string | null; end_date: string | null }[];
  project_remote_ids?: string[];
}

export interface CandidateUpdate extends Omit<CandidateCreate, 'application' | 'attachments'> {
  candidate_remote_id: string;
}

export interface CandidateMerge extends CandidateContact {
  candidate_remote_id: string;
  /** The candidate's current state (from the mirror or the partner), to compute what is missing. */
  existing: CandidateContact;
}

export interface CandidateSearch {
  emails: string[];
  first_name: string | null;
  last_name: string | null;
}

/** A candidate as the partner's search returns it, already normalized. */
export interface RemoteCandidate {
  remote_id: string;
  first_name: string | null;
  last_name: string | null;
  emails: string[];
  phones: string[];
}

export interface ApplicationCreate {
  candidate_remote_id: string;
  job_remote_id: string;
  stage_remote_id: string | null;
  sourced_by_user_remote_id: string | null;
}

export interface AttachmentInput {
  name: string;
  content_type: string;
  type: 'CV' | 'COVER_LETTER' | 'OTHER';
  data: Buffer;
}

export type AttachmentType = AttachmentInput['type'];

/** A file in the ATS, as the attachment reads show it. */
export interface RemoteAttachment {
  remote_id: string;
  /** The application the file belongs to, where the ATS keeps files per application; null/absent = the candidate's. */
  application_remote_id?: string | null;
  type: AttachmentType;
  file_name: string;
  content_type: string;
  /** Where the file can be downloaded (often a short-lived partner URL). */
  data_url: string;
  remote_created_at: Date | null;
  remote_updated_at: Date | null;
}

export interface AttachmentTypeRestriction {
  is_supported: boolean;
  min_amount: number | null;
  max_amount: number | null;
  max_file_size_bytes: number | null;
  accepted_mime_types: string[] | null;
}

/** Kombo's `attachment_restrictions` (GET /ats/actions/…): per type, what the ATS accepts. */
export interface AttachmentRestrictions {
  total_size_bytes: number | null;
  types: Record<AttachmentType, AttachmentTypeRestriction>;
}

/** What a write did in the ATS, and what to re-read so the mirror shows it at once. */
export interface WriteResult {
  candidate_remote_id?: string;
  /**
   * Set when the partner refused a create because the candidate already exists (Gem's duplicate
   * 400 names it): nothing was created, and `candidate_remote_id` is that existing candidate. The
   * caller decides: attach to it (upload flow) or updateCandidate (export).
   */
  duplicate_of?: string;
  application_remote_id?: string;
  /** Records the write created or changed; re-read through fetchByIds and upserted by the writer. */
  touched: RemoteRef[];
  /** What the partner could not do as asked (e.g. a note instead of an update); shown to the client. */
  warnings: string[];
  /** The partner's HTTP status of the decisive call, for the audit log. */
  partner_status?: number;
}

/** Models a connector fills; the read API answers empty lists for the others. */
export type SupportedModels = readonly AtsModel[];
