import { Param } from '@nestjs/common';
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
  list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto): Promise<string> {
    return this.reads.list(rejectionReasonsModel, connectionId, query);
  }

  @GetEndpoint('Get a rejection reason', RejectionReasonResponse)
  get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string): Promise<string> {
    return this.reads.get(rejectionReasonsModel, connectionId, id);
  }
}
