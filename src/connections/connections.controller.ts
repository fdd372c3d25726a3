import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../common/auth/principal.js';
import { UuidParamPipe } from '../common/validation/uuid-param.pipe.js';
import { ItemEnvelope, ListEnvelope } from '../ats-api/responses/common.response.js';
import { success, successList, type Page, type Success } from '../common/success.js';
import { ConnectionsService } from './connections.service.js';
import { ConnectionResponse } from './dto/connection.response.js';
import { CreateConnectionDto } from './dto/create-connection.dto.js';
import { UpdateConnectionDto } from './dto/update-connection.dto.js';

@ApiTags('connections')
@ApiBearerAuth()
@Controller('v1/connections')
export class ConnectionsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Enable a provider for one customer account' })
  @ApiCreatedResponse({ type: ItemEnvelope(ConnectionResponse) })
  async create(@Body() dto: CreateConnectionDto): Promise<Success<ConnectionResponse>> {
    return success(ConnectionResponse.from(await this.connections.create(dto)));
  }

  @Get()
  @ApiOperation({ summary: 'List connections (a scoped key sees only its own)' })
  @ApiOkResponse({ type: ListEnvelope(ConnectionResponse), description: 'Every connection in one page (`next` is always null).' })
  async list(@CurrentPrincipal() principal: Principal): Promise<Success<Page<ConnectionResponse>>> {
    return successList((await this.connections.list(principal)).map(ConnectionResponse.from));
  }

  @Get(':id')
  @ApiOkResponse({ type: ItemEnvelope(ConnectionResponse) })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<Success<ConnectionResponse>> {
    return success(ConnectionResponse.from(await this.connections.get(principal, id)));
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Enable/disable, change settings, rotate credentials' })
  @ApiOkResponse({ type: ItemEnvelope(ConnectionResponse) })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateConnectionDto,
  ): Promise<Success<ConnectionResponse>> {
    return success(ConnectionResponse.from(await this.connections.update(principal, id, dto)));
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the connection and all of its data' })
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.connections.remove(principal, id);
  }
}
