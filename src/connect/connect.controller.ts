import { Body, Controller, Get, HttpCode, Param, Post, Req, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AdminOnly } from '../common/auth/access.decorators.js';
import { ConnectService } from './connect.service.js';
import { CreateLinkDto } from './dto/create-link.dto.js';
import { publicUrlOf } from './public-url.js';
import { KomboGeneralErrorsFilter } from '../general-api/kombo-general-errors.filter.js';

/** Kombo's Connect API, called by the partner's backend with the admin key. */
@ApiTags('connect')
@ApiBearerAuth()
@Controller('v1/connect')
@UseFilters(KomboGeneralErrorsFilter)
export class ConnectController {
  constructor(private readonly connect: ConnectService) {}

  @Post('create-link')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'A single-use, expiring link for one end user; open it with showKomboConnect from @kombo-api/connect' })
  async createLink(@Body() dto: CreateLinkDto, @Req() req: Request): Promise<{ status: 'success'; data: { link: string } }> {
    const link = await this.connect.createLink(
      {
        endUser: { email: dto.end_user_email, organization_name: dto.end_user_organization_name, origin_id: dto.end_user_origin_id ?? null },
        integrationTool: dto.integration_tool ?? null,
        language: dto.language ?? null,
        baseUrl: dto.base_url ?? null,
        linkType: dto.link_type === 'MAGIC_LINK' ? 'MAGIC_LINK' : 'EMBEDDED',
      },
      publicUrlOf(req),
    );
    return { status: 'success', data: { link } };
  }

  @Get('integration-by-token/:token')
  @AdminOnly()
  @ApiOperation({ summary: 'Exchange the activation token a finished Connect flow returned for the integration (once, within 10 minutes)' })
  async byToken(@Param('token') token: string) {
    const { connection, endUser } = await this.connect.exchange(token);
    return {
      status: 'success' as const,
      data: {
        id: connection.id,
        tool: connection.provider,
        end_user_origin_id: endUser?.origin_id ?? null,
        end_user_organization_name: endUser?.organization_name ?? connection.name ?? '',
        end_user_email: endUser?.email ?? null,
        setup_status: 'COMPLETED' as const,
      },
    };
  }
}
