import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { applicationStagesModel } from '../models/index.js';
import { ListQueryDto } from '../query/list-query.dto.js';
import { ApplicationStageResponse } from '../responses/named.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('application-stages')
export class ApplicationStagesController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List application stages', ApplicationStageResponse, 'Every stage of the ATS; a job’s own plan is its `stages`.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(applicationStagesModel, connectionId, query));
  }

  @GetEndpoint('Get an application stage', ApplicationStageResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(applicationStagesModel, connectionId, id));
  }
}
