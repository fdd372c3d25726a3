import { Controller, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../common/auth/access.decorators.js';
import { UuidParamPipe } from '../../common/validation/uuid-param.pipe.js';
import { InboundReceiver } from './inbound-receiver.js';

/** The URL a customer pastes into the partner's webhook settings. No API key: the signature authenticates. */
@ApiTags('events')
@Controller('v1/inbound')
export class InboundReceiverController {
  constructor(@Inject(InboundReceiver) private readonly receiver: InboundReceiver) {}

  @Post(':connection_id')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Receive a signed partner webhook (Ashby: Ashby-Signature over the raw body)' })
  @ApiOkResponse({ description: 'Verified: a ping, an ignored type, or an event queued for processing' })
  async receive(@Param('connection_id', UuidParamPipe) connectionId: string, @Req() req: Request): Promise<{ status: 'success'; data: unknown }> {
    const startedAt = performance.now();
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    // bootstrap mounts a raw parser on /v1/inbound: the body is the bytes as sent.
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    return { status: 'success', data: await this.receiver.receive(connectionId, { headers, rawBody }, startedAt) };
  }
}
