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

export const ATS_ENTITIES = [
  AtsUser,
  AtsJob,
  AtsJobPosting,
  AtsCandidate,
  AtsApplicationStage,
  AtsApplication,
  AtsInterview,
  AtsOffer,
  AtsRejectionReason,
  AtsTag,
  AtsJobStage,
  AtsJobHiringTeamMember,
  AtsInterviewTeamMember,
  AtsCandidateTag,
];
