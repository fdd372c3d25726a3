import { Param } from '@nestjs/common';
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
  list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto): Promise<string> {
    return this.reads.list(applicationStagesModel, connectionId, query);
  }

  @GetEndpoint('Get an application stage', ApplicationStageResponse)
  get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string): Promise<string> {
    return this.reads.get(applicationStagesModel, connectionId, id);
  }
}
