import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../common/auth/principal.js';
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
  @ApiAcceptedResponse({ type: SyncRunResponse })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: StartSyncDto,
  ): Promise<SyncRunResponse> {
    return SyncRunResponse.from((await this.syncs.request(principal, id, dto.type)).run);
  }

  @Get('connections/:id/syncs')
  @ApiOperation({ summary: "The connection's sync history, newest first" })
  @ApiOkResponse({ type: [SyncRunResponse] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ListSyncsQuery,
  ): Promise<SyncRunResponse[]> {
    const runs = await this.syncs.list(principal, id, query.limit ?? 20, query.before);
    return runs.map(SyncRunResponse.from);
  }

  @Get('syncs/:id')
  @ApiOperation({ summary: 'One sync run: state, per-model counts, timings, errors' })
  @ApiOkResponse({ type: SyncRunResponse })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<SyncRunResponse> {
    return SyncRunResponse.from(await this.syncs.get(principal, id));
  }
}
