import type { Type } from '@nestjs/common';
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
import * as models from './models/index.js';
import { ApplicationsQueryDto, CandidatesQueryDto, InterviewsQueryDto, JobsQueryDto, ListQueryDto, UsersQueryDto } from './query/list-query.dto.js';
import type { ReadModel } from './sql/read-model.js';

/** One read model as its controller serves it: `GET /v1/ats/<path>` (query DTO) and `GET /v1/ats/<path>/:id`. */
export interface ReadRoute {
  model: ReadModel;
  query: Type<ListQueryDto>;
  controller: Type<unknown>;
}

/**
 * The read controllers' routes, by path segment, for the fast path (src/ats-api/http/read-fast-path.ts).
 * test/ats-api/read-fast-path.spec.ts checks it against the OpenAPI document and the controllers'
 * answers, so a route changed in one place and not here fails there.
 */
export const READ_ROUTES: ReadonlyMap<string, ReadRoute> = new Map([
  ['users', { model: models.usersModel, query: UsersQueryDto, controller: UsersController }],
  ['jobs', { model: models.jobsModel, query: JobsQueryDto, controller: JobsController }],
  ['job-postings', { model: models.jobPostingsModel, query: ListQueryDto, controller: JobPostingsController }],
  ['candidates', { model: models.candidatesModel, query: CandidatesQueryDto, controller: CandidatesController }],
  ['application-stages', { model: models.applicationStagesModel, query: ListQueryDto, controller: ApplicationStagesController }],
  ['applications', { model: models.applicationsModel, query: ApplicationsQueryDto, controller: ApplicationsController }],
  ['interviews', { model: models.interviewsModel, query: InterviewsQueryDto, controller: InterviewsController }],
  ['offers', { model: models.offersModel, query: ListQueryDto, controller: OffersController }],
  ['rejection-reasons', { model: models.rejectionReasonsModel, query: ListQueryDto, controller: RejectionReasonsController }],
  ['tags', { model: models.tagsModel, query: ListQueryDto, controller: TagsController }],
]);
