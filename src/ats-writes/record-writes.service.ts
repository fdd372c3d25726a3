import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../app/tokens.js';
import type { RemoteRef } from '../ats/normalized.js';
import { stableId } from '../ats/stable-id.js';
import { ApiError } from '../common/errors/api-error.js';
import type { OpenedConnector } from '../connections/open-connector.js';
import type { WriteResult } from '../connectors/connector-actions.js';
import { decodeAttachment } from './attachments.js';
import type { AttachmentDto, MoveStageDto, NoteDto, RejectDto, TagDto } from './dto/record-writes.dto.js';
import { MirrorRepository, parseRef, type MirrorApplication, type MirrorCandidate } from './mirror.repository.js';
import { actionNotAvailable, apiErrorOf, requireAction, WriteRunner, type WorkResult } from './write-runner.js';
import type { WriteOutcome, WriteRequest } from './write-request.js';
import { writeThrough } from './write-through.js';

/**
 * Kombo's other writes: stage, reject, notes, tags, attachments. Each resolves its ids in the mirror
 * (404 naming a missing record, 400 naming a bad field) before the partner is called, and answers
 * `{status:"success", data:{}, warnings}` once the change is in the mirror.
 */
@Injectable()
export class RecordWritesService {
  constructor(
    private readonly runner: WriteRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private get mirror(): MirrorRepository {
    return new MirrorRepository(this.runner.pool);
  }

  private async application(connectionId: string, id: string): Promise<MirrorApplication> {
    const found = await this.mirror.application(connectionId, parseRef(id, 'application_id'));
    if (!found) throw ApiError.recordNotFound('application', id);
    return found;
  }

  private async candidate(connectionId: string, id: string): Promise<MirrorCandidate> {
    const found = await this.mirror.candidate(connectionId, parseRef(id, 'candidate_id'));
    if (!found) throw ApiError.recordNotFound('candidate', id);
    return found;
  }

  /** The write's result after write-through, as the audit log and the client see it. */
  private async done(opened: OpenedConnector, results: WriteResult[], refs: RemoteRef[], ids: Record<string, unknown>, extra: string[] = []): Promise<WorkResult> {
    const touched = [...results.flatMap((r) => r.touched), ...refs];
    const warnings = [...extra, ...results.flatMap((r) => r.warnings), ...(await writeThrough(this.runner.pool, opened, touched, this.logger))];
    return { body: { status: 'success', data: {}, warnings: warnings.map((message) => ({ message })) }, warnings, partnerStatus: results.at(-1)?.partner_status, result: ids };
  }

  moveToStage(request: WriteRequest, applicationId: string, dto: MoveStageDto): Promise<WriteOutcome> {
    return this.runner.run(request, 'ats_move_application_to_stage', async (opened) => {
      const { connectionId } = request;
      const app = await this.application(connectionId, applicationId);
      const stage = await this.mirror.stage(connectionId, parseRef(dto.stage_id, 'stage_id'));
      if (!stage) throw ApiError.invalidField('stage_id', `no stage with id ${dto.stage_id}`);
      const plan = app.job_id ? await this.mirror.jobStages(connectionId, app.job_id) : [];
      if (plan.length > 0 && !plan.some((s) => s.stage_id === stage.id)) throw ApiError.invalidField('stage_id', 'is not a stage of the application’s job');
      const move = requireAction(opened, 'moveApplicationToStage', 'move applications between stages');
      const result = await move(opened.context, { application_remote_id: app.remote_id, stage_remote_id: stage.remote_id, job_remote_id: app.job_remote_id });
      return this.done(opened, [result], [{ model: 'applications', remote_id: app.remote_id }], { application_id: app.id, stage_id: stage.id });
    });
  }

  reject(request: WriteRequest, applicationId: string, dto: RejectDto): Promise<WriteOutcome> {
    return this.runner.run(request, 'ats_reject_application', async (opened) => {
      const { connectionId } = request;
      const app = await this.application(connectionId, applicationId);
      const reason = await this.mirror.rejectionReason(connectionId, parseRef(dto.rejection_reason_id, 'rejection_reason_id'));
      if (!reason) throw ApiError.invalidField('rejection_reason_id', `no rejection reason with id ${dto.rejection_reason_id}`);
      const reject = requireAction(opened, 'rejectApplication', 'reject applications');
      const result = await reject(opened.context, { application_remote_id: app.remote_id, rejection_reason_remote_id: reason.remote_id, note: dto.note ?? null });
      return this.done(opened, [result], [{ model: 'applications', remote_id: app.remote_id }], { application_id: app.id, rejection_reason_id: reason.id });
    });
  }

  addNote(request: WriteRequest, applicationId: string, dto: NoteDto): Promise<WriteOutcome> {
    return this.runner.run(request, 'ats_add_application_note', async (opened) => {
      const app = await this.application(request.connectionId, applicationId);
      const note = requireAction(opened, 'addApplicationNote', 'add notes');
      const result = await note(opened.context, { application_remote_id: app.remote_id, candidate_remote_id: app.candidate_remote_id, content: dto.content });
      return this.done(opened, [result], [], { application_id: app.id });
    });
  }

  addTag(request: WriteRequest, candidateId: string, dto: TagDto): Promise<WriteOutcome> {
    return this.tag(request, candidateId, dto, 'add');
  }

  removeTag(request: WriteRequest, candidateId: string, dto: TagDto): Promise<WriteOutcome> {
    return this.tag(request, candidateId, dto, 'remove');
  }

  private tag(request: WriteRequest, candidateId: string, dto: TagDto, op: 'add' | 'remove'): Promise<WriteOutcome> {
    return this.runner.run(request, op === 'add' ? 'ats_add_candidate_tag' : 'ats_remove_candidate_tag', async (opened) => {
      const { connectionId } = request;
      const candidate = await this.candidate(connectionId, candidateId);
      const name = dto.tag.name.trim();
      const tagRemoteId = await this.mirror.tagRemoteId(connectionId, name);
      const write = op === 'add' ? requireAction(opened, 'addCandidateTag', 'tag candidates') : requireAction(opened, 'removeCandidateTag', 'remove tags from candidates');
      const result = await write(opened.context, { candidate_remote_id: candidate.remote_id, tag_name: name, tag_remote_id: tagRemoteId });
      return this.done(opened, [result], [{ model: 'candidates', remote_id: candidate.remote_id }], { candidate_id: candidate.id, tag: name });
    });
  }

  addApplicationAttachment(request: WriteRequest, applicationId: string, dto: AttachmentDto): Promise<WriteOutcome> {
    return this.runner.run(request, 'ats_add_application_attachment', async (opened) => {
      const app = await this.application(request.connectionId, applicationId);
      const attachment = this.decode(opened, dto);
      const actions = opened.connector.actions;
      if (actions?.addApplicationAttachment) {
        const result = await actions.addApplicationAttachment(opened.context, { application_remote_id: app.remote_id, candidate_remote_id: app.candidate_remote_id, attachment });
        return this.done(opened, [result], [{ model: 'applications', remote_id: app.remote_id }], { application_id: app.id, attachment: attachment.name });
      }
      // Kombo: where the ATS cannot attach to an application, the file goes on the candidate.
      if (!actions?.addCandidateAttachment || !app.candidate_remote_id) throw actionNotAvailable(opened, 'upload attachments');
      const result = await actions.addCandidateAttachment(opened.context, { candidate_remote_id: app.candidate_remote_id, attachment });
      return this.done(opened, [result], [{ model: 'candidates', remote_id: app.candidate_remote_id }], { application_id: app.id, attachment: attachment.name }, [
        `${opened.connector.displayName} keeps files on the candidate: the attachment was added to the application's candidate.`,
      ]);
    });
  }

  addCandidateAttachment(request: WriteRequest, candidateId: string, dto: AttachmentDto): Promise<WriteOutcome> {
    return this.runner.run(request, 'ats_add_candidate_attachment', async (opened) => {
      const candidate = await this.candidate(request.connectionId, candidateId);
      const attachment = this.decode(opened, dto);
      const add = requireAction(opened, 'addCandidateAttachment', 'upload attachments');
      const result = await add(opened.context, { candidate_remote_id: candidate.remote_id, attachment });
      return this.done(opened, [result], [{ model: 'candidates', remote_id: candidate.remote_id }], { candidate_id: candidate.id, attachment: attachment.name });
    });
  }

  private decode(opened: OpenedConnector, dto: AttachmentDto) {
    const { attachment, problems } = decodeAttachment(dto.attachment, 'attachment', opened.connector.actions?.attachmentRestrictions);
    if (!attachment) throw ApiError.invalidInput(problems);
    return attachment;
  }

  /** `GET …/attachments`: the files the ATS has, live (files are not mirrored). */
  async attachments(connectionId: string, of: { application?: string; candidate?: string }): Promise<unknown> {
    let candidateRemoteId: string;
    let applicationRemoteId: string | null = null;
    if (of.application) {
      const app = await this.application(connectionId, of.application);
      if (!app.candidate_remote_id) return { status: 'success', data: { results: [] }, warnings: [] };
      candidateRemoteId = app.candidate_remote_id;
      applicationRemoteId = app.remote_id;
    } else {
      candidateRemoteId = (await this.candidate(connectionId, of.candidate!)).remote_id;
    }
    const opened = await this.runner.open(connectionId);
    const list = requireAction(opened, 'listAttachments', 'list attachments');
    let files;
    try {
      files = await list(opened.context, { candidate_remote_id: candidateRemoteId, application_remote_id: applicationRemoteId });
    } catch (error) {
      throw apiErrorOf(error, opened.connector.displayName) ?? error;
    }
    return {
      status: 'success',
      data: {
        results: files.map((f) => ({
          id: stableId(connectionId, 'attachments', f.remote_id),
          remote_id: f.remote_id,
          candidate_id: stableId(connectionId, 'candidates', candidateRemoteId),
          application_id: (f.application_remote_id ?? applicationRemoteId) ? stableId(connectionId, 'applications', (f.application_remote_id ?? applicationRemoteId)!) : null,
          type: f.type,
          data_url: f.data_url,
          file_name: f.file_name,
          content_type: f.content_type,
          remote_created_at: f.remote_created_at?.toISOString() ?? null,
          remote_updated_at: f.remote_updated_at?.toISOString() ?? null,
        })),
      },
      warnings: [],
    };
  }
}
