import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth/access.decorators.js';
import { ItemEnvelope, ListEnvelope } from '../ats-api/responses/common.response.js';
import { success, successList, type Page, type Success } from '../common/success.js';
import { UuidParamPipe } from '../common/validation/uuid-param.pipe.js';
import { ApiKeysService } from './api-keys.service.js';
import { ApiKeyResponse, CreatedApiKeyResponse } from './dto/api-key.response.js';
import { CreateApiKeyDto, ListApiKeysQuery } from './dto/create-api-key.dto.js';

@ApiTags('api-keys')
@ApiBearerAuth()
@AdminOnly()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create a key scoped to one connection; the key is shown once' })
  @ApiCreatedResponse({ type: ItemEnvelope(CreatedApiKeyResponse) })
  async create(@Body() dto: CreateApiKeyDto): Promise<Success<CreatedApiKeyResponse>> {
    const { key, record } = await this.apiKeys.create(dto.connection_id, dto.name);
    return success({ ...ApiKeyResponse.from(record), key });
  }

  @Get()
  @ApiOkResponse({ type: ListEnvelope(ApiKeyResponse), description: 'Every key in one page (`next` is always null).' })
  async list(@Query() query: ListApiKeysQuery): Promise<Success<Page<ApiKeyResponse>>> {
    return successList((await this.apiKeys.list(query.connection_id)).map(ApiKeyResponse.from));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key' })
  @ApiNoContentResponse()
  async revoke(@Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
