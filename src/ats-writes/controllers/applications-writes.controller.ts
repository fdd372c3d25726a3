import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ScopedConnection } from '../../ats-api/scope/connection-scope.js';
import { CandidateWritesService } from '../candidate-writes.service.js';
import { CreateApplicationDto } from '../dto/creates.dto.js';
import { AttachmentDto, MoveStageDto, NoteDto, RejectDto } from '../dto/record-writes.dto.js';
import { RecordWritesService } from '../record-writes.service.js';
import { CurrentWrite, reply, type WriteMeta } from '../write-request.js';
import { AtsWriteController, WriteEndpoint } from './write-endpoint.decorators.js';

@AtsWriteController('jobs')
export class JobApplicationsController {
  constructor(private readonly creates: CandidateWritesService) {}

  @Post(':job_id/applications')
  @HttpCode(200)
  @WriteEndpoint(
    'Create an application (and its candidate)',
    'Kombo’s recommended create. `job_id` and `stage_id` are our ids or `remote:<id>`; without `stage_id` the application lands in the job’s first stage. Duplicates: `duplicate_strategy` and `merge_with_candidate_id`. Answers the application as the read API shows it, its candidate nested.',
  )
  async create(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('job_id') jobId: string, @Body() dto: CreateApplicationDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.creates.createApplication({ ...meta, connectionId }, jobId, dto));
  }
}

@AtsWriteController('applications')
export class ApplicationWritesController {
  constructor(private readonly writes: RecordWritesService) {}

  @Put(':application_id/stage')
  @HttpCode(200)
  @WriteEndpoint('Move an application to a stage', 'The stage must be one of the application’s job.')
  async stage(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('application_id') id: string, @Body() dto: MoveStageDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.writes.moveToStage({ ...meta, connectionId }, id, dto));
  }

  @Post(':application_id/reject')
  @HttpCode(200)
  @WriteEndpoint('Reject an application', '`rejection_reason_id` is our id or `remote:<id>`; `note` goes along where the ATS takes one.')
  async reject(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('application_id') id: string, @Body() dto: RejectDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.writes.reject({ ...meta, connectionId }, id, dto));
  }

  @Post(':application_id/notes')
  @HttpCode(200)
  @WriteEndpoint('Add a note to an application', '`content_type` is `PLAIN_TEXT`.')
  async note(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('application_id') id: string, @Body() dto: NoteDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.writes.addNote({ ...meta, connectionId }, id, dto));
  }

  @Post(':application_id/attachments')
  @HttpCode(200)
  @WriteEndpoint('Add an attachment to an application', 'Where the ATS keeps files on the candidate only, the file goes there (a warning says so).')
  async attach(@ScopedConnection() connectionId: string, @CurrentWrite() meta: WriteMeta, @Param('application_id') id: string, @Body() dto: AttachmentDto, @Res({ passthrough: true }) res: Response) {
    return reply(res, await this.writes.addApplicationAttachment({ ...meta, connectionId }, id, dto));
  }
}

@Controller('v1/ats/applications')
@ApiTags('ats (read)')
export class ApplicationAttachmentsController {
  constructor(private readonly writes: RecordWritesService) {}

  @Get(':application_id/attachments')
  attachments(@ScopedConnection() connectionId: string, @Param('application_id') id: string) {
    return this.writes.attachments(connectionId, { application: id });
  }
}
