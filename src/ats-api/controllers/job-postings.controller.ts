import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { jobPostingsModel } from '../models/index.js';
import { ListQueryDto } from '../query/list-query.dto.js';
import { JobPostingResponse } from '../responses/job.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('job-postings')
export class JobPostingsController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List job postings', JobPostingResponse, 'Postings of jobs on career sites and boards.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(jobPostingsModel, connectionId, query));
  }

  @GetEndpoint('Get a job posting', JobPostingResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(jobPostingsModel, connectionId, id));
  }
}
