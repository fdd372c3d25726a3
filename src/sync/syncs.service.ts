import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { LOGGER } from '../app/tokens.js';
import { canAccessConnection, type Principal } from '../common/auth/principal.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { ConnectionsService } from '../connections/connections.service.js';
import { SyncQueue } from './sync-queue.js';
import { SyncRuns, type SyncRun, type SyncTrigger, type SyncType } from './sync-runs.repository.js';
import { SYNC_POOL } from './sync.tokens.js';

@Injectable()
export class SyncsService {
  constructor(
    @Inject(SYNC_POOL) private readonly pool: pg.Pool,
    private readonly queue: SyncQueue,
    private readonly connections: ConnectionsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Queues a sync of the connection. Asking again while one of the same type is still queued or
   * running returns that one instead of piling up duplicates.
   */
  async request(principal: Principal, connectionId: string, type: SyncType): Promise<{ run: SyncRun; created: boolean }> {
    const connection = await this.connections.get(principal, connectionId);
    if (!connection.enabled || connection.state === 'INVALID') {
      const why = connection.enabled
        ? `its credentials were refused (${connection.state_reason ?? 'state INVALID'}); rotate them with PATCH /v1/connections/${connectionId}`
        : `it is disabled; enable it with PATCH /v1/connections/${connectionId} {"enabled": true}`;
      throw new ApiError(HttpStatus.CONFLICT, ErrorCode.INTEGRATION_INACTIVE, 'Connection inactive', `The connection cannot sync: ${why}.`);
    }
    return this.enqueue(connectionId, type, 'MANUAL');
  }

  async enqueue(connectionId: string, type: SyncType, trigger: SyncTrigger): Promise<{ run: SyncRun; created: boolean }> {
    const open = await SyncRuns.findOpen(this.pool, connectionId, type);
    if (open?.state === 'QUEUED') return { run: open, created: false };
    const run = await SyncRuns.create(this.pool, connectionId, type, trigger);
    await this.queue.enqueue(run.id);
    this.logger.info({ runId: run.id, connectionId, type, trigger }, 'sync queued');
    return { run, created: true };
  }

  async list(principal: Principal, connectionId: string, limit: number, before?: Date): Promise<SyncRun[]> {
    await this.connections.get(principal, connectionId);
    return SyncRuns.listForConnection(this.pool, connectionId, limit, before);
  }

  async get(principal: Principal, runId: string): Promise<SyncRun> {
    const run = await SyncRuns.get(this.pool, runId);
    if (!run || !canAccessConnection(principal, run.connection_id)) throw ApiError.notFound('sync', runId);
    return run;
  }
}
