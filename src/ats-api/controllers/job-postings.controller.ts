import { Param } from '@nestjs/common';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { jobPostingsModel } from '../models/index.js';
import { ListQueryDto } from '../query/list-query.dto.js';
import { JobPostingResponse } from '../responses/job.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('job-postings')
export class JobPostingsController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List job postings', JobPostingResponse, 'Postings of jobs on career sites and boards.')
  list(@ScopedConnection() connectionId: string, @ListQuery(ListQueryDto) query: ListQueryDto): Promise<string> {
    return this.reads.list(jobPostingsModel, connectionId, query);
  }

  @GetEndpoint('Get a job posting', JobPostingResponse)
  get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string): Promise<string> {
    return this.reads.get(jobPostingsModel, connectionId, id);
  }
}
