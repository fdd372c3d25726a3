import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type pg from 'pg';
import { CurrentPrincipal, type Principal } from '../common/auth/principal.js';
import { ApiError } from '../common/errors/api-error.js';
import { publicUrlOf } from '../connect/public-url.js';
import { ConnectionsService } from '../connections/connections.service.js';
import { CONNECTORS } from '../connectors/connector-registry.js';
import { SyncRuns } from '../sync/sync-runs.repository.js';
import { SyncsService } from '../sync/syncs.service.js';
import { SYNC_POOL } from '../sync/sync.tokens.js';
import { ForceSyncDto } from './dto/general.dto.js';
import { integrationIdOf } from './integration-header.js';
import { toolEntry } from './integration-view.js';
import { KomboGeneralErrorsFilter } from './kombo-general-errors.filter.js';

const CATEGORIES = ['ats', 'hris', 'assessment', 'lms'];
@ApiTags('general (Kombo)')
@ApiBearerAuth()
@Controller('v1')
@UseFilters(KomboGeneralErrorsFilter)
export class GeneralController {
  constructor(
    private readonly syncs: SyncsService,
    private readonly connections: ConnectionsService,
    @Inject(SYNC_POOL) private readonly pool: pg.Pool,
  ) {}

  @Get('check-api-key')
  @ApiOperation({ summary: 'Whether the key is valid (any key; a 401 otherwise)' })
  checkApiKey() {
    // One installation is one environment.
    return { status: 'success', data: { environment_id: 'ats-sync' } };
  }

  @Get('tools/:category')
  @ApiOperation({ summary: 'The tools that can be connected, with what each reads and writes' })
  tools(@Param('category') category: string, @Req() req: Request) {
    if (!CATEGORIES.includes(category)) throw ApiError.invalidField('category', `must be one of ${CATEGORIES.join(', ')}`);
    // ats-sync connects applicant-tracking systems only: the other categories have no tools.
    const tools = category === 'ats' ? CONNECTORS.map((c) => toolEntry(c, publicUrlOf(req))) : [];
    return { status: 'success', data: { tools } };
  }

  @Post('force-sync')
  @HttpCode(200)
  @ApiHeader({ name: 'X-Integration-Id', required: false, description: 'The integration to sync (required with the admin key).' })
  @ApiOperation({ summary: 'Start a FULL or DELTA sync; while one is queued or running, that one is returned (already_queued)' })
  async forceSync(@CurrentPrincipal() principal: Principal, @Headers('x-integration-id') header: string | undefined, @Body() dto: ForceSyncDto) {
    const id = integrationIdOf(principal, header);
    // 404 PLATFORM.INTEGRATION_NOT_FOUND for an unknown one (or another connection's, for a scoped key).
    await this.connections.get(principal, id);
    // Kombo allows one sync queued or running per integration.
    const open = await SyncRuns.findOpen(this.pool, id);
    if (open) return { status: 'success', data: { already_queued: true, sync_id: open.id, type: open.type } };
    const { run, created } = await this.syncs.request(principal, id, dto.type ?? 'FULL');
    return { status: 'success', data: { already_queued: !created, sync_id: run.id, type: run.type } };
  }
}
