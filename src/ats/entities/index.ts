import { AtsApplicationStage } from './application-stage.entity.js';
import { AtsApplication } from './application.entity.js';
import { AtsCandidate } from './candidate.entity.js';
import { AtsInterview } from './interview.entity.js';
import { AtsJobPosting } from './job-posting.entity.js';
import { AtsJob } from './job.entity.js';
import { AtsCandidateTag, AtsInterviewTeamMember, AtsJobHiringTeamMember, AtsJobStage } from './joins.entity.js';
import { AtsOffer } from './offer.entity.js';
import { AtsRejectionReason } from './rejection-reason.entity.js';
import { AtsTag } from './tag.entity.js';
import { AtsUser } from './user.entity.js';

export {
  AtsApplication,
  AtsApplicationStage,
  AtsCandidate,
  AtsCandidateTag,
  AtsInterview,
  AtsInterviewTeamMember,
  AtsJob,
  AtsJobHiringTeamMember,
  AtsJobPosting,
  AtsJobStage,
  AtsOffer,
  AtsRejectionReason,
  AtsTag,
  AtsUser,
};

/** The entity of each normalized model, by the model names connectors use. */
export const ATS_MODEL_ENTITIES = {
  users: AtsUser,
  jobs: AtsJob,
  job_postings: AtsJobPosting,
  candidates: AtsCandidate,
  application_stages: AtsApplicationStage,
  applications: AtsApplication,
  interviews: AtsInterview,
  offers: AtsOffer,
  rejection_reasons: AtsRejectionReason,
  tags: AtsTag,
} as const;

/** The entity of each join table. */
export const ATS_JOIN_ENTITIES = {
  job_stages: AtsJobStage,
  job_hiring_team_members: AtsJobHiringTeamMember,
  interview_team_members: AtsInterviewTeamMember,
  candidate_tags: AtsCandidateTag,
} as const;

export const ATS_ENTITIES = [...Object.values(ATS_MODEL_ENTITIES), ...Object.values(ATS_JOIN_ENTITIES)];
