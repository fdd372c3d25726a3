import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { tagsModel } from '../models/index.js';
import { ListQueryDto } from '../query/list-query.dto.js';
import { TagResponse } from '../responses/named.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('tags')
export class TagsController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List tags', TagResponse, 'Tags that can be put on candidates.')
  async list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(tagsModel, connectionId, query));
  }

  @GetEndpoint('Get a tag', TagResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(tagsModel, connectionId, id));
  }
}
