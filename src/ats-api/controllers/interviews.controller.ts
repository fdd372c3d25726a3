import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { interviewsModel } from '../models/index.js';
import { InterviewsQueryDto } from '../query/list-query.dto.js';
import { InterviewResponse } from '../responses/interview.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('interviews')
export class InterviewsController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List interviews', InterviewResponse, 'Interviews with their interviewers (`users`) and `application`. Filters: `job_ids`, `application_ids`. `updated_after` also returns interviews whose interviewers changed.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(InterviewsQueryDto) query: InterviewsQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(interviewsModel, connectionId, query));
  }

  @GetEndpoint('Get an interview', InterviewResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(interviewsModel, connectionId, id));
  }
}
