import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminOnly } from '../../common/auth/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { keysetPage, pageRequest } from '../../common/management-page.js';
import type { Page, Success } from '../../common/success.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ListEnvelope } from '../../ats-api/responses/common.response.js';
import { ConnectionsService } from '../../connections/connections.service.js';
import { InboundEventResponse, InboundEventsQuery, InboundWebhookSetupDto } from './inbound-setup.dto.js';
import { InboundSetup } from './inbound-setup.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/connections/:id')
export class InboundSetupController {
  constructor(
    @Inject(InboundSetup) private readonly setup: InboundSetup,
    private readonly connections: ConnectionsService,
  ) {}

  @Post('inbound-webhook')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Issue (or rotate) the inbound webhook URL and secret; the secret is shown only here' })
  async issue(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: InboundWebhookSetupDto,
    @Req() req: Request,
  ): Promise<{ status: 'success'; data: unknown }> {
    const connection = await this.connections.get(principal, id);
    const publicUrl = dto.public_url ?? `${req.protocol}://${req.get('host')}`;
    return { status: 'success', data: await this.setup.issue(connection, publicUrl, dto.register === true) };
  }

  @Get('inbound-webhook')
  @ApiOperation({ summary: 'The inbound webhook URL and whether a secret is set (never the secret)' })
  async show(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Req() req: Request): Promise<{ status: 'success'; data: unknown }> {
    const connection = await this.connections.get(principal, id);
    return { status: 'success', data: await this.setup.show(connection, `${req.protocol}://${req.get('host')}`) };
  }

  @Get('inbound-events')
  @ApiOperation({ summary: 'What arrived at the inbound URL: verification result, state and what it changed, newest first; paged with `cursor` and `page_size` (default 50)' })
  @ApiOkResponse({ type: ListEnvelope(InboundEventResponse), description: 'A page of events; `next` is the `cursor` of the following page, null on the last.' })
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: InboundEventsQuery,
  ): Promise<Success<Page<InboundEventResponse>>> {
    await this.connections.get(principal, id);
    const list = `inbound-events:${id}`;
    const page = pageRequest(list, query, 50);
    const rows = await this.setup.eventLog(id, page.size + 1, query.before ? new Date(query.before) : null, page.after);
    return keysetPage(list, page, rows, ({ position: _, ...event }) => event);
  }
}
