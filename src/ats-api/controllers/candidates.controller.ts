import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { candidatesModel } from '../models/index.js';
import { CandidatesQueryDto } from '../query/list-query.dto.js';
import { CandidateResponse } from '../responses/candidate.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('candidates')
export class CandidatesController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List candidates', CandidateResponse, 'Candidates with their `applications` (job, current stage, outcome) and `tags`. Filters: `email` (case-insensitive, any of the candidate’s addresses), `first_name`, `last_name`, `job_ids`. `updated_after` also returns candidates whose applications or tags changed.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(CandidatesQueryDto) query: CandidatesQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(candidatesModel, connectionId, query));
  }

  @GetEndpoint('Get a candidate', CandidateResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(candidatesModel, connectionId, id));
  }
}
