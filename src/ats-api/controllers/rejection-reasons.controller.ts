import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { rejectionReasonsModel } from '../models/index.js';
import { ListQueryDto } from '../query/list-query.dto.js';
import { RejectionReasonResponse } from '../responses/named.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('rejection-reasons')
export class RejectionReasonsController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List rejection reasons', RejectionReasonResponse, 'Reasons an application can be rejected for.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(rejectionReasonsModel, connectionId, query));
  }

  @GetEndpoint('Get a rejection reason', RejectionReasonResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(rejectionReasonsModel, connectionId, id));
  }
}
