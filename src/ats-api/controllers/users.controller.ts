import { Param } from '@nestjs/common';
import { ListQuery } from '../query/list-query.param.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { AtsReadService } from '../ats-read.service.js';
import { usersModel } from '../models/index.js';
import { UsersQueryDto } from '../query/list-query.dto.js';
import { UserResponse } from '../responses/user.response.js';
import { ScopedConnection } from '../scope/connection-scope.js';
import { AtsReadController, GetEndpoint, ListEndpoint } from './read-endpoint.decorators.js';

@AtsReadController('users')
export class UsersController {
  constructor(private readonly reads: AtsReadService) {}

  @ListEndpoint('List users', UserResponse, 'Users of the ATS (recruiters, hiring managers, interviewers). Filter: `emails`.')
  list(@ScopedConnection() connectionId: string, @ListQuery(UsersQueryDto) query: UsersQueryDto): Promise<string> {
    return this.reads.list(usersModel, connectionId, query);
  }

  @GetEndpoint('Get a user', UserResponse)
  get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string): Promise<string> {
    return this.reads.get(usersModel, connectionId, id);
  }
}
