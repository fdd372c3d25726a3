import { Module } from '@nestjs/common';
import { AtsReadService } from './ats-read.service.js';
import { ApplicationStagesController } from './controllers/application-stages.controller.js';
import { ApplicationsController } from './controllers/applications.controller.js';
import { CandidatesController } from './controllers/candidates.controller.js';
import { InterviewsController } from './controllers/interviews.controller.js';
import { JobPostingsController } from './controllers/job-postings.controller.js';
import { JobsController } from './controllers/jobs.controller.js';
import { OffersController } from './controllers/offers.controller.js';
import { RejectionReasonsController } from './controllers/rejection-reasons.controller.js';
import { TagsController } from './controllers/tags.controller.js';
import { UsersController } from './controllers/users.controller.js';
import { ResolveConnectionPipe } from './scope/connection-scope.js';

/** The unified read API: `GET /v1/ats/<model>` and `GET /v1/ats/<model>/:id`. */
@Module({
  controllers: [
    UsersController,
    JobsController,
    JobPostingsController,
    CandidatesController,
    ApplicationStagesController,
    ApplicationsController,
    InterviewsController,
    OffersController,
    RejectionReasonsController,
    TagsController,
  ],
  providers: [AtsReadService, ResolveConnectionPipe],
  exports: [AtsReadService, ResolveConnectionPipe],
})
export class AtsApiModule {}
