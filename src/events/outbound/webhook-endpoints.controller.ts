import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ItemEnvelope, ListEnvelope } from '../../ats-api/responses/common.response.js';
import { AdminOnly } from '../../common/auth/access.decorators.js';
import { ApiError, ErrorCode } from '../../common/errors/api-error.js';
import { keysetPage, pageRequest } from '../../common/management-page.js';
import { success, type Page, type Success } from '../../common/success.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ConnectionsRepository } from '../../connections/connections.repository.js';
import { EVENTS_POOL } from '../events.tokens.js';
import type pg from 'pg';
import {
  CreatedWebhookEndpointResponse,
  CreateWebhookDto,
  DeliveriesQuery,
  UpdateWebhookDto,
  WebhookDeliveryResponse,
  WebhookEndpointResponse,
  WebhooksQuery,
} from './webhook-endpoints.dto.js';
import { WebhookEndpoints, type EndpointRow } from './webhook-endpoints.repository.js';

/** Outbound webhook endpoints (admin key): Kombo's data-changed and sync-finished, and ours. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhookEndpointsController {
  private readonly connections: ConnectionsRepository;

  constructor(
    @Inject(WebhookEndpoints) private readonly endpoints: WebhookEndpoints,
    @Inject(EVENTS_POOL) pool: pg.Pool,
  ) {
    this.connections = new ConnectionsRepository(pool);
  }

  private async endpoint(id: string): Promise<EndpointRow> {
    const found = await this.endpoints.find(id);
    if (!found) throw ApiError.notFound('webhook', id);
    return found;
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Add an endpoint; its signing secret is in this response only' })
  @ApiCreatedResponse({ type: ItemEnvelope(CreatedWebhookEndpointResponse) })
  async create(@Body() dto: CreateWebhookDto): Promise<Success<CreatedWebhookEndpointResponse>> {
    if (dto.connection_id && !(await this.connections.exists(dto.connection_id))) throw ApiError.invalidField('connection_id', `no connection with id ${dto.connection_id}`);
    const { endpoint, secret } = await this.endpoints.create({ url: dto.url, event_types: dto.event_types, connection_id: dto.connection_id ?? null, enabled: dto.enabled ?? true });
    return success({ ...WebhookEndpointResponse.from(endpoint), secret });
  }

  @Get()
  @AdminOnly()
  @ApiOperation({ summary: 'The endpoints, oldest first, paged with `cursor` and `page_size` (default 100)' })
  @ApiOkResponse({ type: ListEnvelope(WebhookEndpointResponse), description: 'A page of endpoints; `next` is the `cursor` of the following page, null on the last.' })
  async list(@Query() query: WebhooksQuery): Promise<Success<Page<WebhookEndpointResponse>>> {
    const page = pageRequest('webhooks', query, 100);
    return keysetPage('webhooks', page, await this.endpoints.list(page.size + 1, page.after), WebhookEndpointResponse.from);
  }

  @Get(':id')
  @AdminOnly()
  @ApiOkResponse({ type: ItemEnvelope(WebhookEndpointResponse) })
  async get(@Param('id', UuidParamPipe) id: string): Promise<Success<WebhookEndpointResponse>> {
    return success(WebhookEndpointResponse.from(await this.endpoint(id)));
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOkResponse({ type: ItemEnvelope(WebhookEndpointResponse) })
  async update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateWebhookDto): Promise<Success<WebhookEndpointResponse>> {
    const updated = await this.endpoints.update(id, dto);
    if (!updated) throw ApiError.notFound('webhook', id);
    return success(WebhookEndpointResponse.from(updated));
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', UuidParamPipe) id: string): Promise<void> {
    if (!(await this.endpoints.remove(id))) throw ApiError.notFound('webhook', id);
  }

  @Get(':id/deliveries')
  @AdminOnly()
  @ApiOperation({ summary: "The endpoint's deliveries, newest first, each with every attempt (status, latency, error); paged with `cursor` and `page_size` (default 50)" })
  @ApiOkResponse({ type: ListEnvelope(WebhookDeliveryResponse), description: 'A page of deliveries; `next` is the `cursor` of the following page, null on the last.' })
  async deliveries(@Param('id', UuidParamPipe) id: string, @Query() query: DeliveriesQuery): Promise<Success<Page<WebhookDeliveryResponse>>> {
    await this.endpoint(id);
    const list = `deliveries:${id}`;
    const page = pageRequest(list, query, 50);
    const rows = await this.endpoints.deliveries(id, page.size + 1, query.before ? new Date(query.before) : null, page.after);
    return keysetPage(list, page, rows, WebhookDeliveryResponse.from);
  }

  @Post(':id/deliveries/:delivery_id/retry')
  @AdminOnly()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again: same delivery id, same body' })
  @ApiAcceptedResponse({ type: ItemEnvelope(WebhookDeliveryResponse) })
  async retry(@Param('id', UuidParamPipe) id: string, @Param('delivery_id', UuidParamPipe) deliveryId: string) {
    await this.endpoint(id);
    const result = await this.endpoints.retry(id, deliveryId);
    if (result === null) throw ApiError.notFound('delivery', deliveryId);
    if (result === 'busy') throw new ApiError(HttpStatus.CONFLICT, ErrorCode.CONFLICT, 'Delivery in flight', `Delivery ${deliveryId} is being sent right now; ask again once it has an outcome.`);
    return success(WebhookDeliveryResponse.from(result));
  }
}
