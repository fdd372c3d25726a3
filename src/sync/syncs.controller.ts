import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../common/auth/principal.js';
import { ItemEnvelope, ListEnvelope } from '../ats-api/responses/common.response.js';
import { success, successList, type Page, type Success } from '../common/success.js';
import { UuidParamPipe } from '../common/validation/uuid-param.pipe.js';
import { ListSyncsQuery, StartSyncDto, SyncRunResponse } from './dto/sync.dto.js';
import { SyncsService } from './syncs.service.js';

@ApiTags('syncs')
@ApiBearerAuth()
@Controller('v1')
export class SyncsController {
  constructor(private readonly syncs: SyncsService) {}

  @Post('connections/:id/sync')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a FULL or DELTA sync of the connection' })
  @ApiAcceptedResponse({ type: ItemEnvelope(SyncRunResponse) })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: StartSyncDto,
  ): Promise<Success<SyncRunResponse>> {
    return success(SyncRunResponse.from((await this.syncs.request(principal, id, dto.type)).run));
  }

  @Get('connections/:id/syncs')
  @ApiOperation({ summary: "The connection's sync history, newest first" })
  @ApiOkResponse({ type: ListEnvelope(SyncRunResponse), description: 'A full page has `next`: pass it as `before` for the older runs; null on the last page.' })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ListSyncsQuery,
  ): Promise<Success<Page<SyncRunResponse>>> {
    const limit = query.limit ?? 20;
    const runs = await this.syncs.list(principal, id, limit, query.before);
    const next = runs.length === limit ? runs[runs.length - 1].created_at.toISOString() : null;
    return successList(runs.map(SyncRunResponse.from), next);
  }

  @Get('syncs/:id')
  @ApiOperation({ summary: 'One sync run: state, per-model counts, timings, errors' })
  @ApiOkResponse({ type: ItemEnvelope(SyncRunResponse) })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<Success<SyncRunResponse>> {
    return success(SyncRunResponse.from(await this.syncs.get(principal, id)));
  }
}
