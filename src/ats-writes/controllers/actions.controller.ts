import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListEnvelope } from '../../ats-api/responses/common.response.js';
import { CurrentPrincipal, canAccessConnection, type Principal } from '../../common/auth/principal.js';
import { ApiError, ErrorCode } from '../../common/errors/api-error.js';
import { keysetPage, pageRequest } from '../../common/management-page.js';
import type { Page, Success } from '../../common/success.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ScopedConnection } from '../../ats-api/scope/connection-scope.js';
import { AtsActionsService } from '../ats-actions.service.js';
import { WriteRunner } from '../write-runner.js';
import { WriteActionResponse, WriteActionsQuery } from '../dto/write-actions.dto.js';

@Controller('v1/ats/actions')
@ApiTags('ats (write)')
@ApiBearerAuth()
export class AtsActionsController {
  constructor(private readonly actions: AtsActionsService) {}

  @Get(':action')
  @ApiOperation({ summary: 'What a write takes on this connection', description: 'Availability, the JSON Schema of its fields and, for files, Kombo’s attachment_restrictions.' })
  describe(@ScopedConnection() connectionId: string, @Param('action') action: string) {
    return this.actions.describe(connectionId, action);
  }
}

/** `GET /v1/connections/:id/actions`: the audit log of writes, newest first. */
@Controller('v1/connections')
@ApiTags('connections')
@ApiBearerAuth()
export class WriteAuditController {
  constructor(private readonly runner: WriteRunner) {}

  @Get(':id/actions')
  @ApiOperation({ summary: 'The writes made through this connection, newest first (no bodies, files or secrets); paged with `cursor` and `page_size` (default 100)' })
  @ApiOkResponse({ type: ListEnvelope(WriteActionResponse), description: 'A page of writes; `next` is the `cursor` of the following page, null on the last.' })
  async list(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Query() query: WriteActionsQuery): Promise<Success<Page<WriteActionResponse>>> {
    if (!canAccessConnection(principal, id) || !(await this.runner.connectionExists(id))) {
      throw new ApiError(404, ErrorCode.INTEGRATION_NOT_FOUND, 'Connection not found', `No connection with id ${id}.`);
    }
    const list = `actions:${id}`;
    const page = pageRequest(list, query, 100);
    const rows = await this.runner.auditLog().list(id, page.size + 1, page.after ? { createdAt: page.after.at, id: page.after.id } : undefined);
    return keysetPage(list, page, rows, WriteActionResponse.from);
  }
}
