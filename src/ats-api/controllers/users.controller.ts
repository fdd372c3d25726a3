import { Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.js';
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
  async list(@ScopedConnection() connectionId: string, @ListQuery(UsersQueryDto) query: UsersQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.listBody(usersModel, connectionId, query));
  }

  @GetEndpoint('Get a user', UserResponse)
  async get(@ScopedConnection() connectionId: string, @Param('id', UuidParamPipe) id: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    await sendJson(request, response, await this.reads.getBody(usersModel, connectionId, id));
  }
}
