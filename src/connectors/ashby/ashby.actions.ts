import type { AttachmentRestrictions, ConnectorActions, RemoteAttachment } from '../connector-actions.js';
import type { ConnectorContext, RemoteRef } from '../connector.js';
import { RemoteError } from '../remote-error.js';
import { mergeIntoCandidate, updateCandidate } from './ashby.candidate-profile.js';
import { ashbyResults } from './ashby.client.js';
import { createApplicationOnce, createCandidate } from './ashby.create-candidate.js';
import type { AshbyApplication, AshbyCandidate, AshbyStage } from './ashby.types.js';
import { applicationRef, candidateInfo, candidateRef, createNote, searchByEmail, toRemoteCandidate, uploadAttachment } from './ashby.write-helpers.js';

/**
 * Ashby's writes (partner-apis.md §1.5, ashby-openapi.yml). Refusals come as HTTP 200 with
 * success:false and become RemoteError INPUT with Ashby's message (ashbyCall). Creates are in
 * ashby.create-candidate.ts, profile changes in ashby.candidate-profile.ts; the record writes here.
 */

/** The Archived stage of the job's interview plan: where application.changeStage archives (rejects). */
async function archivedStage(ctx: ConnectorContext, applicationId: string): Promise<string> {
  const app = await ashbyResults<AshbyApplication>(ctx, 'application.info', { applicationId });
  if (!app.job?.id) throw new RemoteError('INPUT', `Ashby's application ${applicationId} has no job, so it has no Archived stage.`, { endpoint: 'POST /application.info' });
  const plan = await ashbyResults<{ stages?: AshbyStage[] }>(ctx, 'jobInterviewPlan.info', { jobId: app.job.id });
  const stage = (plan.stages ?? []).find((s) => s.type === 'Archived');
  if (!stage) throw new RemoteError('INPUT', `The interview plan of Ashby's job ${app.job.id} has no Archived stage.`, { endpoint: 'POST /jobInterviewPlan.info' });
  return stage.id;
}

async function candidateOf(ctx: ConnectorContext, applicationId: string, known: string | null): Promise<string> {
  if (known) return known;
  const app = await ashbyResults<AshbyApplication>(ctx, 'application.info', { applicationId });
  if (!app.candidate?.id) throw new RemoteError('INPUT', `Ashby's application ${applicationId} has no candidate.`, { endpoint: 'POST /application.info' });
  return app.candidate.id;
}

const NOTES_ON_CANDIDATE = 'Ashby keeps notes on the candidate: the note was added to the application’s candidate.';
const FILES_ON_CANDIDATE = 'Ashby keeps files on the candidate: the attachment was added to the application’s candidate.';

/** Ashby documents no file limits; CVs go through candidate.uploadResume, the rest through candidate.uploadFile. */
const SUPPORTED = { is_supported: true, min_amount: null, max_amount: null, max_file_size_bytes: null, accepted_mime_types: null };
const ATTACHMENT_RESTRICTIONS: AttachmentRestrictions = { total_size_bytes: null, types: { CV: SUPPORTED, COVER_LETTER: SUPPORTED, OTHER: SUPPORTED } };

const MIME_BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
  rtf: 'application/rtf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

export const ashbyActions: ConnectorActions = {
  createCandidate,
  mergeIntoCandidate,
  updateCandidate,

  async searchCandidates(ctx, query) {
    const found = new Map<string, AshbyCandidate>();
    for (const email of query.emails) for (const c of await searchByEmail(ctx, email)) found.set(c.id, c);
    if (query.first_name && query.last_name) {
      for (const c of await ashbyResults<AshbyCandidate[]>(ctx, 'candidate.search', { name: `${query.first_name} ${query.last_name}` })) found.set(c.id, c);
    }
    return [...found.values()].map(toRemoteCandidate);
  },

  async createApplication(ctx, input) {
    const app = await createApplicationOnce(ctx, {
      candidateId: input.candidate_remote_id,
      jobId: input.job_remote_id,
      ...(input.stage_remote_id ? { interviewStageId: input.stage_remote_id } : {}),
      ...(input.sourced_by_user_remote_id ? { creditedToUserId: input.sourced_by_user_remote_id } : {}),
    });
    return { candidate_remote_id: input.candidate_remote_id, application_remote_id: app.id, touched: [candidateRef(input.candidate_remote_id), applicationRef(app.id)], warnings: [], partner_status: 200 };
  },

  async moveApplicationToStage(ctx, input) {
    await ashbyResults(ctx, 'application.changeStage', { applicationId: input.application_remote_id, interviewStageId: input.stage_remote_id });
    return { touched: [applicationRef(input.application_remote_id)], warnings: [], partner_status: 200 };
  },

  // Ashby rejects by archiving: application.changeStage to the plan's Archived stage with a reason.
  async rejectApplication(ctx, input) {
    const stage = await archivedStage(ctx, input.application_remote_id);
    const app = await ashbyResults<AshbyApplication>(ctx, 'application.changeStage', {
      applicationId: input.application_remote_id,
      interviewStageId: stage,
      archiveReasonId: input.rejection_reason_remote_id,
    });
    const touched: RemoteRef[] = [applicationRef(input.application_remote_id)];
    if (input.note) {
      const candidateId = await candidateOf(ctx, input.application_remote_id, app.candidate?.id ?? null);
      await createNote(ctx, candidateId, input.note);
      return { touched, warnings: [NOTES_ON_CANDIDATE], partner_status: 200 };
    }
    return { touched, warnings: [], partner_status: 200 };
  },

  async addApplicationNote(ctx, input) {
    await createNote(ctx, await candidateOf(ctx, input.application_remote_id, input.candidate_remote_id), input.content);
    return { touched: [], warnings: [NOTES_ON_CANDIDATE], partner_status: 200 };
  },

  async addCandidateNote(ctx, input) {
    await createNote(ctx, input.candidate_remote_id, input.content);
    return { touched: [], warnings: [], partner_status: 200 };
  },

  async addCandidateTag(ctx, input) {
    const touched: RemoteRef[] = [candidateRef(input.candidate_remote_id)];
    let tagId = input.tag_remote_id;
    if (!tagId) {
      // candidateTag.create returns the existing tag of that title, so it is safe to retry.
      tagId = (await ashbyResults<{ id: string }>(ctx, 'candidateTag.create', { title: input.tag_name })).id;
      touched.push({ model: 'tags', remote_id: tagId });
    }
    await ashbyResults(ctx, 'candidate.addTag', { candidateId: input.candidate_remote_id, tagId });
    return { touched, warnings: [], partner_status: 200 };
  },

  /** Ashby adds one candidate per call; adding one twice changes nothing, so a lost answer may be resent. */
  async addCandidatesToProject(ctx, input) {
    for (const candidateId of input.candidate_remote_ids) await ashbyResults(ctx, 'candidate.addProject', { candidateId, projectId: input.project_remote_id });
    return { touched: input.candidate_remote_ids.map(candidateRef), warnings: [], partner_status: 200 };
  },

  async removeCandidateTag(ctx, input) {
    const tags = (await candidateInfo(ctx, input.candidate_remote_id)).tags ?? [];
    const tag = tags.find((t) => t.id === input.tag_remote_id) ?? tags.find((t) => t.title?.toLowerCase() === input.tag_name.toLowerCase());
    // Kombo's contract: removing a tag the candidate does not have succeeds.
    if (!tag) return { touched: [], warnings: [], partner_status: 200 };
    await ashbyResults(ctx, 'candidate.removeTag', { candidateId: input.candidate_remote_id, tagId: tag.id });
    return { touched: [candidateRef(input.candidate_remote_id)], warnings: [], partner_status: 200 };
  },

  async addCandidateAttachment(ctx, input) {
    const status = await uploadAttachment(ctx, input.candidate_remote_id, input.attachment);
    return { touched: [candidateRef(input.candidate_remote_id)], warnings: [], partner_status: status };
  },

  async addApplicationAttachment(ctx, input) {
    const candidateId = await candidateOf(ctx, input.application_remote_id, input.candidate_remote_id);
    const status = await uploadAttachment(ctx, candidateId, input.attachment);
    return { touched: [candidateRef(candidateId)], warnings: [FILES_ON_CANDIDATE], partner_status: status };
  },

  // Ashby's files are the candidate's (fileHandles, the résumé among them); file.info gives a short-lived URL.
  async listAttachments(ctx, input): Promise<RemoteAttachment[]> {
    const candidate = await candidateInfo(ctx, input.candidate_remote_id);
    const resumeId = candidate.resumeFileHandle?.id ?? null;
    const files = (candidate.fileHandles ?? []).filter((f) => f?.id && f.handle);
    const out: RemoteAttachment[] = [];
    for (const f of files) {
      const { url } = await ashbyResults<{ url: string }>(ctx, 'file.info', { fileHandle: f.handle });
      const name = f.name ?? f.id!;
      const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
      out.push({
        remote_id: f.id!,
        type: f.id === resumeId ? 'CV' : 'OTHER',
        file_name: name,
        content_type: MIME_BY_EXTENSION[extension] ?? 'application/octet-stream',
        data_url: url,
        remote_created_at: null,
        remote_updated_at: null,
      });
    }
    return out;
  },

  attachmentRestrictions: ATTACHMENT_RESTRICTIONS,
};
