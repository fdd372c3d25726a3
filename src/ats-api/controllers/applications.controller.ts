import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { applicationsModel } from '../models/index.js';
import { ApplicationsQueryDto } from '../query/list-query.dto.js';
import { ApplicationResponse } from '../responses/application.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('applications')
export class ApplicationsController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List applications', ApplicationResponse, 'Applications with their `candidate`, `current_stage`, `job`, `interviews` and `offers`. Filters: `job_ids`, `candidate_ids`, `outcomes`, `current_stage_ids`.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(ApplicationsQueryDto) query: ApplicationsQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(applicationsModel, connectionId, query));
  }

  @GetEndpoint('Get an application', ApplicationResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(applicationsModel, connectionId, id));
  }
}
