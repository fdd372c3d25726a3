import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../../common/auth/access.decorators.js';
import { ApiError, ErrorCode } from '../../common/errors/api-error.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { ConnectionsRepository } from '../../connections/connections.repository.js';
import { EVENTS_POOL } from '../events.tokens.js';
import type pg from 'pg';
import { CreateWebhookDto, DeliveriesQuery, UpdateWebhookDto } from './webhook-endpoints.dto.js';
import { WebhookEndpoints, type EndpointRow } from './webhook-endpoints.repository.js';

const present = (e: EndpointRow) => ({
  id: e.id,
  url: e.url,
  event_types: e.event_types,
  connection_id: e.connection_id,
  enabled: e.enabled,
  disabled_reason: e.disabled_reason,
  consecutive_failures: e.consecutive_failures,
  created_at: e.created_at,
  updated_at: e.updated_at,
});

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
  async create(@Body() dto: CreateWebhookDto) {
    if (dto.connection_id && !(await this.connections.exists(dto.connection_id))) throw ApiError.invalidField('connection_id', `no connection with id ${dto.connection_id}`);
    const { endpoint, secret } = await this.endpoints.create({ url: dto.url, event_types: dto.event_types, connection_id: dto.connection_id ?? null, enabled: dto.enabled ?? true });
    return { status: 'success', data: { ...present(endpoint), secret } };
  }

  @Get()
  @AdminOnly()
  async list() {
    return { status: 'success', data: { results: (await this.endpoints.list()).map(present) } };
  }

  @Get(':id')
  @AdminOnly()
  async get(@Param('id', UuidParamPipe) id: string) {
    return { status: 'success', data: present(await this.endpoint(id)) };
  }

  @Patch(':id')
  @AdminOnly()
  async update(@Param('id', UuidParamPipe) id: string, @Body() dto: UpdateWebhookDto) {
    const updated = await this.endpoints.update(id, dto);
    if (!updated) throw ApiError.notFound('webhook', id);
    return { status: 'success', data: present(updated) };
  }

  @Delete(':id')
  @AdminOnly()
  @HttpCode(204)
  async remove(@Param('id', UuidParamPipe) id: string): Promise<void> {
    if (!(await this.endpoints.remove(id))) throw ApiError.notFound('webhook', id);
  }

  @Get(':id/deliveries')
  @AdminOnly()
  @ApiOperation({ summary: "The endpoint's deliveries, newest first, each with every attempt (status, latency, error)" })
  async deliveries(@Param('id', UuidParamPipe) id: string, @Query() query: DeliveriesQuery) {
    await this.endpoint(id);
    return { status: 'success', data: { results: await this.endpoints.deliveries(id, query.limit ?? 50, query.before ? new Date(query.before) : null) } };
  }

  @Post(':id/deliveries/:delivery_id/retry')
  @AdminOnly()
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again: same delivery id, same body' })
  async retry(@Param('id', UuidParamPipe) id: string, @Param('delivery_id', UuidParamPipe) deliveryId: string) {
    await this.endpoint(id);
    const result = await this.endpoints.retry(id, deliveryId);
    if (result === null) throw ApiError.notFound('delivery', deliveryId);
    if (result === 'busy') throw new ApiError(HttpStatus.CONFLICT, ErrorCode.CONFLICT, 'Delivery in flight', `Delivery ${deliveryId} is being sent right now; ask again once it has an outcome.`);
    return { status: 'success', data: result };
  }
}
