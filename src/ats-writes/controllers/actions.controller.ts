import { BadRequestException, Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, canAccessConnection, type Principal } from '../../common/auth/principal.js';
import { ApiError, ErrorCode } from '../../common/errors/api-error.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ScopedConnection } from '../../ats-api/scope/connection-scope.js';
import { AtsActionsService } from '../ats-actions.service.js';
import { WriteRunner } from '../write-runner.js';

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
  @ApiOperation({ summary: 'The writes made through this connection, newest first (no bodies, files or secrets)' })
  async list(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Query('limit', new ParseIntPipe({ optional: true, exceptionFactory: () => new BadRequestException('limit: must be an integer') })) limit?: number) {
    if (!canAccessConnection(principal, id) || !(await this.runner.connectionExists(id))) {
      throw new ApiError(404, ErrorCode.INTEGRATION_NOT_FOUND, 'Connection not found', `No connection with id ${id}.`);
    }
    if (limit !== undefined && (limit < 1 || limit > 500)) throw ApiError.invalidField('limit', 'must be an integer from 1 to 500');
    const rows = await this.runner.auditLog().list(id, limit ?? 100);
    return { status: 'success', data: { results: rows } };
  }
}
