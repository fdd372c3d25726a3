import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminOnly } from '../common/auth/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../common/auth/principal.js';
import { UuidParamPipe } from '../common/validation/uuid-param.pipe.js';
import { ConnectService } from '../connect/connect.service.js';
import { RelinkDto } from '../connect/dto/create-link.dto.js';
import { publicUrlOf } from '../connect/public-url.js';
import { ConnectionsService } from '../connections/connections.service.js';
import { findConnector } from '../connectors/connector-registry.js';
import { DeleteIntegrationDto, SetEnabledDto } from './dto/general.dto.js';
import { integrationDetails } from './integration-view.js';
import { KomboGeneralErrorsFilter } from './kombo-general-errors.filter.js';

/** Kombo's integrations: our connections, with the end user Connect recorded. */
@ApiTags('general (Kombo)')
@ApiBearerAuth()
@Controller('v1/integrations/:id')
@UseFilters(KomboGeneralErrorsFilter)
export class IntegrationsController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly connect: ConnectService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The integration (connection): tool, status, end user, what it reads and writes' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Req() req: Request) {
    const connection = await this.connections.get(principal, id);
    const endUser = await this.connect.store.endUser(id);
    return { status: 'success', data: integrationDetails(connection, endUser, findConnector(connection.provider)!, publicUrlOf(req)) };
  }

  @Delete()
  @AdminOnly()
  @ApiOperation({ summary: 'Delete the integration and all of its data' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Body() _: DeleteIntegrationDto) {
    await this.connections.remove(principal, id);
    return { status: 'success', data: {} };
  }

  @Put('enabled')
  @AdminOnly()
  @ApiOperation({ summary: 'Enable or disable the integration (a disabled one neither syncs nor writes)' })
  async setEnabled(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Body() dto: SetEnabledDto) {
    await this.connections.update(principal, id, { enabled: dto.value });
    return { status: 'success', data: {} };
  }

  @Post('relink')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'A Connect link that replaces the integration’s credentials (the same connection and data)' })
  async relink(@Param('id', UuidParamPipe) id: string, @Body() dto: RelinkDto, @Req() req: Request) {
    const link = await this.connect.createRelink(id, dto.language ?? null, dto.link_type === 'MAGIC_LINK' ? 'MAGIC_LINK' : 'EMBEDDED', publicUrlOf(req));
    return { status: 'success', data: { link } };
  }
}
