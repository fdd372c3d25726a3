import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { offersModel } from '../models/index.js';
import { ListQueryDto } from '../query/list-query.dto.js';
import { OfferResponse } from '../responses/offer.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('offers')
export class OffersController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List offers', OfferResponse, 'Offers with their `application` (candidate and job).')
  async list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(offersModel, connectionId, query));
  }

  @GetEndpoint('Get an offer', OfferResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(offersModel, connectionId, id));
  }
}
