import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { ScopedConnection } from '../ats-api/scope/connection-scope.js';
import { AtsWriteController, WriteEndpoint } from '../ats-writes/controllers/write-endpoint.decorators.js';
import { CurrentWrite, reply, type WriteMeta } from '../ats-writes/write-request.js';
import { CreateExportDto } from './dto/export-request.dto.js';
import { ExportPageDto } from './dto/export-page.dto.js';
import { ExportsService } from './exports.service.js';

@AtsWriteController('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Post()
  @HttpCode(202)
  @WriteEndpoint(
    'Export sourced candidates into the ATS (bulk)',
    'Up to 1,000 candidates, each with an `external_id`; to a job (an application each, in its first stage) and/or projects. Each external id becomes one ATS candidate once: later exports skip it (`include_previously_exported` updates it instead). Answers 202 with the export; follow it with GET /v1/ats/exports/:id.',
  )
  async create(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Body() dto: CreateExportDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.exports.create({ ...meta, connectionId }, dto));
  }

  @Get(':export_id')
  @ApiOperation({ summary: 'An export’s state, counts and per-candidate results (paged by `cursor`)' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'page_size', required: false })
  get(@ScopedConnection() connectionId: string, @Param('export_id') id: string, @Query() page: ExportPageDto) {
    return this.exports.get(connectionId, id, page);
  }
}
