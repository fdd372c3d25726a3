// The SQL-only limit: each request's page statement, exactly as the service builds and sends it
// (named when the service names it), run straight through `pg` with one connection per client.
import pg from 'pg';
import { CursorCodec } from '../../src/ats-api/pagination/cursor.js';
import { applicationsModel, candidatesModel } from '../../src/ats-api/models/index.js';
import { toListRequest, type Filters } from '../../src/ats-api/query/filters.js';
import type { ListQueryDto } from '../../src/ats-api/query/list-query.dto.js';
import { pageQueryConfig, type PageRow } from '../../src/ats-api/sql/page-statement.js';
import type { ReadModel } from '../../src/ats-api/sql/read-model.js';
import type { Transport } from './load.js';

const MODELS: Record<string, ReadModel> = { candidates: candidatesModel, applications: applicationsModel };

/**
 * A transport that answers the bench's paths from `pg` alone, with the envelope the service would write;
 * `poolSize` below `concurrency` queues the clients in the pool (as the service's pool does).
 */
export function sqlOnlyTransport(databaseUrl: string, encryptionKey: Buffer, concurrency: number, poolSize = concurrency): { send: Transport; close(): void } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'ats-bench-sql-only' });
  const codec = new CursorCodec(encryptionKey);
  const send: Transport = async (path, connectionId) => {
    const url = new URL(path, 'http://bench');
    const model = MODELS[url.pathname.split('/')[3]];
    const q = url.searchParams;
    // The DTO the validation pipe would hand the service for these parameters.
    const dto = {
      page_size: Number(q.get('page_size')),
      ...(q.has('email') ? { email: [q.get('email')!] } : {}),
      ...(q.has('updated_after') ? { updated_after: new Date(q.get('updated_after')!) } : {}),
      ...(q.has('cursor') ? { cursor: q.get('cursor')! } : {}),
    } as ListQueryDto;
    const request = toListRequest(dto);
    let filters: Filters = request.filters;
    let afterId: string | undefined;
    if (request.cursor) {
      const state = codec.decode(request.cursor, connectionId, model.path);
      filters = state.filters;
      afterId = state.lastId;
    }
    const row = (await pool.query<PageRow>(pageQueryConfig(model, { connectionId, filters, afterId, pageSize: request.pageSize }))).rows[0];
    const next = row.fetched > request.pageSize && row.last_id ? codec.encode({ connectionId, model: model.path, lastId: row.last_id, filters }) : null;
    return { status: 200, body: `{"status":"success","data":{"next":${JSON.stringify(next)},"results":${row.results}}}` };
  };
  return { send, close: () => void pool.end() };
}
