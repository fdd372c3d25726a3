import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../app/tokens.js';
import { ApiError } from '../common/errors/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { CursorCodec } from './pagination/cursor.js';
import { sameFilters, toListRequest, type Filters } from './query/filters.js';
import type { ListQueryDto } from './query/list-query.dto.js';
import type { PageQuery } from './sql/list-sql.js';
import { pageQueryConfig, type PageRow } from './sql/page-statement.js';
import type { ReadModel } from './sql/read-model.js';

/**
 * Reads of the normalized models. Every statement is scoped by the caller's connection ($1); the
 * database builds each page's JSON, and the response is written around it without re-parsing.
 */
@Injectable()
export class AtsReadService {
  private readonly cursors: CursorCodec;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cursors = new CursorCodec(config.encryptionKey);
  }

  /** One page of `model` as the JSON envelope `{"status":"success","data":{"next","results"}}`. */
  async list(model: ReadModel, connectionId: string, query: ListQueryDto): Promise<string> {
    const request = toListRequest(query);
    let filters: Filters = request.filters;
    let afterId: string | undefined;
    if (request.cursor) {
      const state = this.cursors.decode(request.cursor, connectionId, model.path);
      if (request.filtersGiven && !sameFilters(state.filters, request.filters)) {
        throw ApiError.invalidField('cursor', 'was issued for other filters: send the first page’s filters with it, or the cursor alone');
      }
      filters = state.filters;
      afterId = state.lastId;
    }
    const row = await this.page(model, { connectionId, filters, afterId, pageSize: request.pageSize });
    const next =
      row.fetched > request.pageSize && row.last_id
        ? this.cursors.encode({ connectionId, model: model.path, lastId: row.last_id, filters })
        : null;
    return `{"status":"success","data":{"next":${JSON.stringify(next)},"results":${row.results}}}`;
  }

  /** One record by id, deleted or not, as `{"status":"success","data":{…}}`; 404 when the connection has none. */
  async get(model: ReadModel, connectionId: string, id: string): Promise<string> {
    const row = await this.page(model, { connectionId, filters: { include_deleted: true, ids: [id] }, pageSize: 1 });
    if (row.fetched === 0) throw ApiError.recordNotFound(model.path.replace(/s$/, '').replace(/-/g, ' '), id);
    // json_agg of one element: "[<record>]".
    return `{"status":"success","data":${row.results.slice(1, -1)}}`;
  }

  /** Records by id, as the API shows them (deleted ones included), in one statement; absent ids are left out. */
  async records<T = Record<string, unknown>>(model: ReadModel, connectionId: string, ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const row = await this.page(model, { connectionId, filters: { include_deleted: true, ids: unique.sort() }, pageSize: unique.length });
    return JSON.parse(row.results) as T[];
  }

  /** TypeORM's pg pool: TypeORM has no named statements, and its query runner costs more per call than the pool. */
  private pool(): pg.Pool {
    return (this.db.driver as unknown as { master: pg.Pool }).master;
  }

  /** The page statement through the pool's own client (named when its plan may be reused), not TypeORM's query runner. */
  private async page(model: ReadModel, query: PageQuery): Promise<PageRow> {
    return (await this.pool().query<PageRow>(pageQueryConfig(model, query))).rows[0];
  }
}
