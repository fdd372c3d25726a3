import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { jobsModel } from '../models/index.js';
import { JobsQueryDto } from '../query/list-query.dto.js';
import { JobResponse } from '../responses/job.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('jobs')
export class JobsController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List jobs', JobResponse, 'Jobs with their `stages`, `hiring_team` and `job_postings`. Filters: `statuses`, `name_contains`. `updated_after` also returns jobs whose stages, hiring team or postings changed.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(JobsQueryDto) query: JobsQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(jobsModel, connectionId, query));
  }

  @GetEndpoint('Get a job', JobResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(jobsModel, connectionId, id));
  }
}
