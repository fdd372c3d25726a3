import { HttpStatus } from '@nestjs/common';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { parseRef, type MirrorJobStage, type MirrorRepository } from './mirror.repository.js';

export interface JobTarget {
  job: { id: string; remote_id: string };
  /** The job's stages in plan order; the first is where a new application lands. */
  stages: MirrorJobStage[];
}

/**
 * The job a write targets, checked against the mirror: missing and confidential jobs answer the
 * same 404 (unless the connection allows confidential jobs), closed ones ATS.JOB_CLOSED.
 */
export async function resolveJobTarget(
  mirror: MirrorRepository,
  connectionId: string,
  settings: Readonly<Record<string, unknown>>,
  ref: string,
  field: string,
  inPath: boolean,
): Promise<JobTarget> {
  const found = await mirror.job(connectionId, parseRef(ref, field));
  const hidden = found && (found.confidential === true || found.visibility === 'CONFIDENTIAL') && settings.allow_confidential_jobs !== true;
  if (!found || hidden) throw ApiError.recordNotFound('job', ref, inPath ? undefined : field);
  if (['CLOSED', 'ARCHIVED'].includes((found.status ?? '').toUpperCase())) {
    throw new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.ATS_JOB_CLOSED, 'Job closed', `The job ${ref} is ${found.status!.toLowerCase()}: it takes no new applications.`);
  }
  return { job: { id: found.id, remote_id: found.remote_id }, stages: await mirror.jobStages(connectionId, found.id) };
}
