import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { APP_CONFIG, LOGGER } from '../app/tokens.js';
import { ApiError } from '../common/errors/api-error.js';
import type { AppConfig } from '../config/app-config.js';
import { poolOf } from '../database/pool-of.js';
import { surviveCutSessions } from '../database/pool.js';
import { createRawTextPool } from '../database/raw-text-pool.js';
import type { JsonBody } from './http/send-json.js';
import { CursorCodec } from './pagination/cursor.js';
import { sameFilters, toListRequest, type Filters } from './query/filters.js';
import type { ListQueryDto } from './query/list-query.dto.js';
import type { PageQuery } from './sql/list-sql.js';
import { pageQueryConfig, type PageRow } from './sql/page-statement.js';
import type { ReadModel } from './sql/read-model.js';

// The success envelope around a page (`{…,"data":{"next":…,"results":<page>}}`) or a record
// (`{…,"data":<record>}`), for the text and the bytes paths alike.
const DATA_HEAD = '{"status":"success","data":';
const listHead = (next: string | null) => `${DATA_HEAD}{"next":${JSON.stringify(next)},"results":`;
const LIST_TAIL = '}}';
const ITEM_TAIL = '}';
const LIST_TAIL_BYTES = Buffer.from(LIST_TAIL);
const DATA_HEAD_BYTES = Buffer.from(DATA_HEAD);
const ITEM_TAIL_BYTES = Buffer.from(ITEM_TAIL);

/** A page statement's row from the bytes pool: `results` as the UTF-8 bytes PostgreSQL sent. */
type PageBytesRow = Omit<PageRow, 'results'> & { results: Buffer };

/**
 * Reads of the normalized models. Every statement is scoped by the caller's connection ($1); the
 * database builds each page's JSON, and the response is written around it without re-parsing.
 */
@Injectable()
export class AtsReadService implements OnModuleDestroy {
  /** false: `listBody`/`getBody` answer with `list`/`get`'s text, the path before pages came as bytes (the equality spec compares the two). */
  pagesAsBytes = true;
  private readonly cursors: CursorCodec;
  /**
   * The pages that are only written out (`listBody`, `getBody`) come through a pool of their own
   * whose `results` column arrives as bytes, never decoded (src/database/raw-text-pool.ts); it copies
   * TypeORM's pool settings (URL, size, application name).
   */
  private readonly bytesPool: pg.Pool;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.cursors = new CursorCodec(config.encryptionKey);
    // As for the other pools: a session cut off (a database restart) is replaced, not a crash.
    this.bytesPool = surviveCutSessions(createRawTextPool(poolOf(this.db).options, ['results']), logger);
  }

  async onModuleDestroy(): Promise<void> {
    await this.bytesPool.end();
  }

  /** One page of `model` as the JSON envelope `{"status":"success","data":{"next","results"}}`. */
  async list(model: ReadModel, connectionId: string, query: ListQueryDto): Promise<string> {
    const { row, next } = await this.listPage<PageRow>(poolOf(this.db), model, connectionId, query);
    return `${listHead(next)}${row.results}${LIST_TAIL}`;
  }

  /** `list` as bytes: the envelope's head and tail around the page's bytes as PostgreSQL sent them (the same bytes as `list`'s text). */
  async listBody(model: ReadModel, connectionId: string, query: ListQueryDto): Promise<JsonBody> {
    if (!this.pagesAsBytes) return this.list(model, connectionId, query);
    const { row, next } = await this.listPage<PageBytesRow>(this.bytesPool, model, connectionId, query);
    return [Buffer.from(listHead(next)), row.results, LIST_TAIL_BYTES];
  }

  /** One record by id, deleted or not, as `{"status":"success","data":{…}}`; 404 when the connection has none. */
  async get(model: ReadModel, connectionId: string, id: string): Promise<string> {
    const row = await this.one<PageRow>(poolOf(this.db), model, connectionId, id);
    // json_agg of one element: "[<record>]".
    return `${DATA_HEAD}${row.results.slice(1, -1)}${ITEM_TAIL}`;
  }

  /** `get` as bytes (the same bytes as its text). */
  async getBody(model: ReadModel, connectionId: string, id: string): Promise<JsonBody> {
    if (!this.pagesAsBytes) return this.get(model, connectionId, id);
    const row = await this.one<PageBytesRow>(this.bytesPool, model, connectionId, id);
    return [DATA_HEAD_BYTES, row.results.subarray(1, -1), ITEM_TAIL_BYTES];
  }

  /** Records by id, as the API shows them (deleted ones included), in one statement; absent ids are left out. */
  async records<T = Record<string, unknown>>(model: ReadModel, connectionId: string, ids: readonly string[]): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const row = await this.page<PageRow>(poolOf(this.db), model, { connectionId, filters: { include_deleted: true, ids: unique.sort() }, pageSize: unique.length });
    return JSON.parse(row.results) as T[];
  }

  /** The page `query` asks for (its cursor checked) and the cursor of the next one, if any. */
  private async listPage<R extends PageRow | PageBytesRow>(pool: pg.Pool, model: ReadModel, connectionId: string, query: ListQueryDto): Promise<{ row: R; next: string | null }> {
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
    const row = await this.page<R>(pool, model, { connectionId, filters, afterId, pageSize: request.pageSize });
    const next =
      row.fetched > request.pageSize && row.last_id
        ? this.cursors.encode({ connectionId, model: model.path, lastId: row.last_id, filters })
        : null;
    return { row, next };
  }

  /** The page of the record `id` (its `results` a one-element array); 404 when the connection has none. */
  private async one<R extends PageRow | PageBytesRow>(pool: pg.Pool, model: ReadModel, connectionId: string, id: string): Promise<R> {
    const row = await this.page<R>(pool, model, { connectionId, filters: { include_deleted: true, ids: [id] }, pageSize: 1 });
    if (row.fetched === 0) throw ApiError.recordNotFound(model.path.replace(/s$/, '').replace(/-/g, ' '), id);
    return row;
  }

  /** The page statement through a pool's own client (named when its plan may be reused), not TypeORM's query runner. */
  private async page<R extends PageRow | PageBytesRow>(pool: pg.Pool, model: ReadModel, query: PageQuery): Promise<R> {
    const row = (await pool.query<R>(pageQueryConfig(model, query))).rows[0];
    // A pg upgrade that bypassed the bytes pool's parser would hand text here: fail rather than send it as something else.
    if (pool === this.bytesPool && !Buffer.isBuffer(row.results)) throw new Error('the bytes pool returned a page as text (see src/database/raw-text-pool.ts)');
    return row;
  }
}
