import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
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
import { ReadFastPath } from './http/read-fast-path.js';
import { ResolveConnectionPipe } from './scope/connection-scope.js';

/** The unified read API: `GET /v1/ats/<model>` and `GET /v1/ats/<model>/:id`. */
@Module({
  imports: [ApiKeysModule],
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
  providers: [AtsReadService, ResolveConnectionPipe, ReadFastPath],
  exports: [AtsReadService, ResolveConnectionPipe, ReadFastPath],
})
export class AtsApiModule implements NestModule {
  constructor(private readonly fastPath: ReadFastPath) {}

  /** The usual reads skip Nest's per-request pipeline (src/ats-api/http/read-fast-path.ts); the rest reach the controllers. */
  configure(consumer: MiddlewareConsumer): void {
    // The provider's own instance (a middleware class would get one of its own), so the spec can switch it off.
    const fastPath = this.fastPath;
    consumer.apply((req: Request, res: Response, next: () => void) => fastPath.use(req, res, next)).forRoutes({ path: 'v1/ats/*path', method: RequestMethod.GET });
  }
}
