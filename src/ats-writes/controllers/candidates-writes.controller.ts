import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ScopedConnection } from '../../ats-api/scope/connection-scope.js';
import { CandidateWritesService } from '../candidate-writes.service.js';
import { DuplicateCheckService } from '../duplicate-check.service.js';
import { CreateCandidateDto } from '../dto/creates.dto.js';
import { AttachmentDto, DuplicateCheckDto, TagDto } from '../dto/record-writes.dto.js';
import { RecordWritesService } from '../record-writes.service.js';
import { CurrentWrite, reply, type WriteMeta } from '../write-request.js';
import { AtsWriteController, WriteEndpoint } from './write-endpoint.decorators.js';

@AtsWriteController('candidates')
export class CandidateWritesController {
  constructor(
    private readonly creates: CandidateWritesService,
    private readonly writes: RecordWritesService,
    private readonly duplicates: DuplicateCheckService,
  ) {}

  @Post()
  @HttpCode(200)
  @WriteEndpoint(
    'Create a candidate (optionally with an application)',
    'Kombo’s older create: `application{job_id, stage_id}`; without `application` only the candidate is created. Answers the candidate as the read API shows it.',
  )
  async create(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Body() dto: CreateCandidateDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.creates.createCandidate({ ...meta, connectionId }, dto));
  }

  @Post('duplicate-check')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Find candidates that look like the one about to be uploaded',
    description:
      'Matches on any email (case-insensitive), the first and last name folded for case, accents and whitespace, and phone numbers (last 10 digits). Searches the mirror and, where the ATS can search, the ATS itself. Best matches first.',
  })
  check(@ScopedConnection() connectionId: string, @Body() dto: DuplicateCheckDto) {
    return this.duplicates.check(connectionId, dto);
  }

  @Post(':candidate_id/tags')
  @HttpCode(200)
  @WriteEndpoint('Add a tag to a candidate', 'The tag is created in the ATS if needed.')
  async addTag(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('candidate_id') id: string, @Body() dto: TagDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.writes.addTag({ ...meta, connectionId }, id, dto));
  }

  @Delete(':candidate_id/tags')
  @HttpCode(200)
  @WriteEndpoint('Remove a tag from a candidate', 'Succeeds also when the candidate does not have the tag.')
  async removeTag(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('candidate_id') id: string, @Body() dto: TagDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.writes.removeTag({ ...meta, connectionId }, id, dto));
  }

  @Post(':candidate_id/attachments')
  @HttpCode(200)
  @WriteEndpoint('Add an attachment to a candidate', 'Base64 `data` with `content_type`, or a `data:` URL.')
  async attach(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('candidate_id') id: string, @Body() dto: AttachmentDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.writes.addCandidateAttachment({ ...meta, connectionId }, id, dto));
  }
}

@Controller('v1/ats/candidates')
@ApiTags('ats (read)')
export class CandidateAttachmentsController {
  constructor(private readonly writes: RecordWritesService) {}

  @Get(':candidate_id/attachments')
  attachments(@ScopedConnection() connectionId: string, @Param('candidate_id') id: string) {
    return this.writes.attachments(connectionId, { candidate: id });
  }
}
