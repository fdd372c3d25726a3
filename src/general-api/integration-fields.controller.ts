import { Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AdminOnly } from '../common/auth/access.decorators.js';
import { CurrentPrincipal, type Principal } from '../common/auth/principal.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { UuidParamPipe } from '../common/validation/uuid-param.pipe.js';
import { ToInteger } from '../ats-api/query/list-query-transforms.js';
import { ConnectionsService } from '../connections/connections.service.js';
import { KomboGeneralErrorsFilter } from './kombo-general-errors.filter.js';

const PAGE_SIZES = Array.from({ length: 250 }, (_, i) => i + 1);

class FieldsQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(16384)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 250 })
  @IsOptional()
  @ToInteger()
  @IsIn(PAGE_SIZES, { message: 'must be an integer from 1 to 250' })
  page_size?: number;
}

/**
 * Kombo's per-integration field configuration. ats-sync has none to offer: every field a connector
 * maps is synced, no connector exposes extra integration fields or custom-field mappings, and there
 * is no setup flow (filters, field mapping). The lists are empty and the changes are refused with a
 * message, so Kombo's SDK gets answers it parses.
 */
@ApiTags('general (Kombo)')
@ApiBearerAuth()
@Controller('v1/integrations/:id')
@UseFilters(KomboGeneralErrorsFilter)
export class IntegrationFieldsController {
  constructor(private readonly connections: ConnectionsService) {}

  @Get('integration-fields')
  @ApiOperation({ summary: 'Integration fields that can be enabled: none (every mapped field is synced)' })
  async integrationFields(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Query() _: FieldsQueryDto) {
    await this.connections.get(principal, id);
    return { status: 'success', data: { next: null, results: [] } };
  }

  @Get('custom-fields')
  @ApiOperation({ summary: 'Custom-field mappings: none (custom fields arrive as each record’s custom_fields)' })
  async customFields(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Query() _: FieldsQueryDto) {
    await this.connections.get(principal, id);
    return { status: 'success', data: { next: null, results: [] } };
  }

  @Patch('integration-fields/:field_id')
  @AdminOnly()
  @ApiOperation({ summary: 'Refused: there are no integration fields to change' })
  async updateIntegrationField(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Param('field_id') fieldId: string) {
    await this.connections.get(principal, id);
    throw ApiError.recordNotFound('integration field', fieldId, 'integration_field_id');
  }

  @Put('custom-fields/:custom_field_id')
  @AdminOnly()
  @ApiOperation({ summary: 'Refused: there are no custom-field mappings to change' })
  async updateCustomField(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string, @Param('custom_field_id') fieldId: string) {
    await this.connections.get(principal, id);
    throw ApiError.recordNotFound('custom field', fieldId, 'custom_field_id');
  }

  @Post('setup-link')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Refused: ats-sync has no setup flow (no filters or field mapping); relink changes credentials' })
  async setupLink(@CurrentPrincipal() principal: Principal, @Param('id', UuidParamPipe) id: string) {
    await this.connections.get(principal, id);
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      ErrorCode.INTEGRATION_ACTION_NOT_AVAILABLE,
      'No setup flow',
      `ats-sync has no setup flow (no filters, no field mapping: every model and field is synced). To change the credentials, POST /v1/integrations/${id}/relink.`,
    );
  }
}
