import { Param } from '@nestjs/common';
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
  list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto): Promise<string> {
    return this.reads.list(tagsModel, connectionId, query);
  }

  @GetEndpoint('Get a tag', TagResponse)
  get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string): Promise<string> {
    return this.reads.get(tagsModel, connectionId, id);
  }
}
