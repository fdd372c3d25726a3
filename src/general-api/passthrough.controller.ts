import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../common/auth/principal.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { PassthroughDto } from './dto/general.dto.js';
import { integrationIdOf } from './integration-header.js';
import { PassthroughService } from './passthrough.service.js';
import { KomboGeneralErrorsFilter } from './kombo-general-errors.filter.js';

@ApiTags('general (Kombo)')
@ApiBearerAuth()
@Controller('v1/passthrough')
@UseFilters(KomboGeneralErrorsFilter)
export class PassthroughController {
  constructor(private readonly passthrough: PassthroughService) {}

  @Post(':tool/:api')
  @HttpCode(200)
  @ApiHeader({ name: 'X-Integration-Id', required: false, description: 'The integration whose partner is called (required with the admin key).' })
  @ApiOperation({ summary: "One request to the integration's partner API with its auth added; the partner's status, headers and body come back" })
  async send(
    @CurrentPrincipal() principal: Principal,
    @Headers('x-integration-id') header: string | undefined,
    @Param('tool') tool: string,
    @Param('api') api: string,
    @Body() dto: PassthroughDto,
  ) {
    const id = integrationIdOf(principal, header);
    if (principal.kind === 'connection' && principal.connectionId !== id) {
      throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.INTEGRATION_NOT_FOUND, 'Integration not found', `No integration with id ${id}.`);
    }
    return { status: 'success', data: await this.passthrough.send(id, tool, api, dto), warnings: [] };
  }
}
