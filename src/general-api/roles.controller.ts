import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error.js';
import { DEFAULT_PAGE_SIZE, EnumList, ListQueryDto } from '../ats-api/query/list-query.dto.js';
import { ScopedConnection } from '../ats-api/scope/connection-scope.js';
import { listRoles } from './roles.repository.js';

class RolesQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ type: String, description: 'Comma-separated: SYSTEM, JOB.' })
  @EnumList(['SYSTEM', 'JOB'])
  scopes?: string[];
}

const cursorOf = (id: string) => Buffer.from(JSON.stringify({ after: id })).toString('base64url');
function afterOf(cursor: string): string {
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')).after;
    if (typeof after === 'string') return after;
  } catch {
    // fall through
  }
  throw ApiError.invalidField('cursor', 'is not a `next` value this API returned');
}

@ApiTags('ats (read)')
@ApiBearerAuth()
@Controller('v1/ats/roles')
export class RolesController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Kombo’s roles: the system and job roles the synced users hold (an empty list where the provider has none)' })
  async list(@ScopedConnection() connectionId: string, @Query() query: RolesQueryDto) {
    const after = query.cursor ? afterOf(query.cursor) : null;
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    const matching = (await listRoles(this.db, connectionId)).filter(
      (r) =>
        (query.include_deleted || r.remote_deleted_at === null) &&
        (!query.updated_after || r.changed_at > query.updated_after) &&
        (!query.ids || query.ids.includes(r.id)) &&
        (!query.remote_ids || (r.remote_id !== null && query.remote_ids.includes(r.remote_id))) &&
        (!query.scopes || query.scopes.includes(r.scope)) &&
        (after === null || r.id > after),
    );
    const page = matching.slice(0, pageSize);
    const next = matching.length > pageSize ? cursorOf(page[page.length - 1].id) : null;
    return { status: 'success', data: { next, results: page } };
  }
}
