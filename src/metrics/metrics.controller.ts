import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Registry } from 'prom-client';
import { Public } from '../common/auth/access.decorators.js';
import { METRICS_REGISTRY } from './metrics.tokens.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics (no key: counts by provider, model and outcome; no connection ids or personal data)',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The Prometheus text exposition format, version 0.0.4',
    content: { 'text/plain': { schema: { type: 'string', example: 'ats_sync_records_total{provider="ashby",model="candidates",outcome="created"} 400' } } },
  })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
