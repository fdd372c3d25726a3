import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../app/tokens.js';
import type { RemoteRef } from '../ats/normalized.js';
import { stableId } from '../ats/stable-id.js';
import { AtsReadService } from '../ats-api/ats-read.service.js';
import { applicationsModel, candidatesModel } from '../ats-api/models/index.js';
import { ApiError, ErrorCode, type FieldProblem } from '../common/errors/api-error.js';
import type { OpenedConnector } from '../connections/open-connector.js';
import type { AttachmentInput, CandidateContact, CandidateCreate, EmailType, WriteResult } from '../connectors/connector-actions.js';
import { decodeAttachment } from './attachments.js';
import type { CreateCommonDto, DuplicateStrategy } from './dto/candidate-input.dto.js';
import type { CreateApplicationDto, CreateCandidateDto } from './dto/creates.dto.js';
import { mirrorContact, MirrorRepository, parseRef, type MirrorCandidate } from './mirror.repository.js';
import { requireAction, WriteRunner, type WorkResult } from './write-runner.js';
import type { WriteOutcome, WriteRequest } from './write-request.js';
import { writeThrough } from './write-through.js';
import { resolveJobTarget } from './job-target.js';

/** A validated create: every id resolved to the partner's, nothing asked of the partner yet. */
interface CreatePlan {
  connectionId: string;
  job: { id: string; remote_id: string } | null;
  stage: { id: string; remote_id: string } | null;
  sourcedBy: string | null;
  attachments: AttachmentInput[];
  merge: MirrorCandidate | null;
  strategy: DuplicateStrategy;
  candidate: Omit<CandidateCreate, 'application' | 'attachments'>;
  warnings: string[];
}

/** Where the candidate ended up: created, found by email, or merged. */
interface CreateDone {
  candidateRemoteId: string;
  applicationRemoteId: string | null;
  warnings: string[];
  touched: RemoteRef[];
  partnerStatus?: number;
  reused: boolean;
}

const IGNORED_FIELDS = ['screening_question_answers', 'gdpr_consent'] as const;
const IGNORED_CANDIDATE_FIELDS = ['gender', 'availability_date', 'salary_expectations'] as const;

/**
 * Both creates (Kombo's `POST /ats/jobs/:job_id/applications` and `POST /ats/candidates`): input is
 * checked against the mirror first (job, confidential, closed, stage of the job, user), duplicates
 * are handled as asked, and only then is the partner called; what it created is read back at once.
 */
@Injectable()
export class CandidateWritesService {
  constructor(
    private readonly runner: WriteRunner,
    private readonly reads: AtsReadService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private get mirror(): MirrorRepository {
    return new MirrorRepository(this.runner.pool);
  }

  createApplication(request: WriteRequest, jobId: string, dto: CreateApplicationDto): Promise<WriteOutcome> {
    return this.runner.run(request, 'ats_create_application', async (opened) => {
      const plan = await this.plan(opened, request.connectionId, dto, { job: jobId, jobField: 'job_id', jobInPath: true, stage: dto.stage_id ?? null, stageField: 'stage_id' });
      const done = await this.execute(opened, plan);
      const application = await this.applicationBody(request.connectionId, done);
      return this.result(done, plan, application);
    });
  }

  createCandidate(request: WriteRequest, dto: CreateCandidateDto): Promise<WriteOutcome> {
    return this.runner.run(request, 'ats_create_candidate', async (opened) => {
      const target = dto.application ?? null;
      const plan = await this.plan(opened, request.connectionId, dto, {
        job: target?.job_id ?? null,
        jobField: 'application.job_id',
        jobInPath: false,
        stage: target?.stage_id ?? null,
        stageField: 'application.stage_id',
      });
      const done = await this.execute(opened, plan);
      const [candidate] = await this.reads.records(candidatesModel, request.connectionId, [stableId(request.connectionId, 'candidates', done.candidateRemoteId)]);
      return this.result(done, plan, candidate ?? this.placeholder(request.connectionId, 'candidates', done.candidateRemoteId));
    });
  }

  private result(done: CreateDone, plan: CreatePlan, data: unknown): WorkResult {
    const warnings = [...plan.warnings, ...done.warnings];
    const connectionId = plan.connectionId;
    return {
      body: { status: 'success', data, warnings: warnings.map((message) => ({ message })) },
      warnings,
      partnerStatus: done.partnerStatus,
      result: {
        candidate_id: stableId(connectionId, 'candidates', done.candidateRemoteId),
        candidate_remote_id: done.candidateRemoteId,
        application_id: done.applicationRemoteId ? stableId(connectionId, 'applications', done.applicationRemoteId) : null,
        application_remote_id: done.applicationRemoteId,
        reused_candidate: done.reused,
      },
    };
  }

  /** The application as the read API shows it, with the full candidate nested (Kombo's create response). */
  private async applicationBody(connectionId: string, done: CreateDone): Promise<unknown> {
    if (!done.applicationRemoteId) return this.placeholder(connectionId, 'applications', 'unknown');
    const [application] = await this.reads.records<Record<string, unknown>>(applicationsModel, connectionId, [stableId(connectionId, 'applications', done.applicationRemoteId)]);
    const [candidate] = await this.reads.records(candidatesModel, connectionId, [stableId(connectionId, 'candidates', done.candidateRemoteId)]);
    if (!application) return this.placeholder(connectionId, 'applications', done.applicationRemoteId);
    return { ...application, candidate: candidate ?? application.candidate };
  }

  /** When the mirror could not be refreshed (no fetchByIds, or the re-read failed): the ids at least. */
  private placeholder(connectionId: string, model: 'candidates' | 'applications', remoteId: string): Record<string, unknown> {
    return { id: stableId(connectionId, model, remoteId), remote_id: remoteId };
  }

  /** Everything checked against the mirror; 404/400/ATS.JOB_CLOSED before any partner call. */
  private async plan(
    opened: OpenedConnector,
    connectionId: string,
    dto: CreateCommonDto,
    target: { job: string | null; jobField: string; jobInPath: boolean; stage: string | null; stageField: string },
  ): Promise<CreatePlan> {
    const mirror = this.mirror;
    const settings = opened.connection.settings ?? {};
    let job: CreatePlan['job'] = null;
    let stage: CreatePlan['stage'] = null;
    const problems: FieldProblem[] = [];

    if (target.job !== null) {
      const resolved = await resolveJobTarget(mirror, connectionId, settings, target.job, target.jobField, target.jobInPath);
      job = resolved.job;
      const plan = resolved.stages;
      if (target.stage !== null) {
        const ref = parseRef(target.stage, target.stageField);
        const known = await mirror.stage(connectionId, ref);
        if (!known) problems.push({ field: target.stageField, problem: `no stage with id ${target.stage}` });
        else if (plan.length > 0 && !plan.some((s) => s.stage_id === known.id)) problems.push({ field: target.stageField, problem: `is not a stage of the job ${target.job}` });
        else stage = { id: known.id, remote_id: known.remote_id };
      } else if (plan.length > 0) {
        stage = { id: plan[0].stage_id, remote_id: plan[0].stage_remote_id };
      }
    } else if (target.stage !== null) {
      problems.push({ field: target.stageField, problem: 'needs a job_id' });
    }

    let sourcedBy: string | null = null;
    if (dto.sourced_by?.user_id) {
      const user = await mirror.user(connectionId, parseRef(dto.sourced_by.user_id, 'sourced_by.user_id'));
      if (!user) problems.push({ field: 'sourced_by.user_id', problem: `no user with id ${dto.sourced_by.user_id}` });
      else sourcedBy = user.remote_id;
    }

    const attachments: AttachmentInput[] = [];
    (dto.attachments ?? []).forEach((a, i) => {
      const decoded = decodeAttachment(a, `attachments[${i}]`, opened.connector.actions?.attachmentRestrictions);
      problems.push(...decoded.problems);
      if (decoded.attachment) attachments.push(decoded.attachment);
    });
    if (problems.length > 0) throw ApiError.invalidInput(problems);

    let merge: MirrorCandidate | null = null;
    if (dto.merge_with_candidate_id) {
      merge = await mirror.candidate(connectionId, parseRef(dto.merge_with_candidate_id, 'merge_with_candidate_id'));
      if (!merge) throw ApiError.recordNotFound('candidate', dto.merge_with_candidate_id, 'merge_with_candidate_id');
    }

    const c = dto.candidate;
    const warnings: string[] = [];
    for (const field of IGNORED_FIELDS) if (dto[field] != null) warnings.push(`${field} is not sent to ${opened.connector.displayName}.`);
    for (const field of IGNORED_CANDIDATE_FIELDS) if (c[field] != null) warnings.push(`candidate.${field} is not sent to ${opened.connector.displayName}.`);
    return {
      connectionId,
      job,
      stage,
      sourcedBy,
      attachments,
      merge,
      strategy: dto.duplicate_strategy ?? 'attach_on_email_match',
      warnings,
      candidate: {
        first_name: c.first_name.trim(),
        last_name: c.last_name.trim(),
        company: c.company ?? null,
        title: c.title ?? null,
        location: c.location ?? null,
        sourced_by_user_remote_id: sourcedBy,
        source: dto.source?.name ?? null,
        remote_fields: dto.remote_fields ?? null,
        ...contactOf(dto),
      },
    };
  }

  private async execute(opened: OpenedConnector, plan: CreatePlan): Promise<CreateDone> {
    if (plan.merge) return this.attach(opened, plan, plan.merge.remote_id, true);
    if (plan.strategy !== 'create_new') {
      const matches = await this.emailMatches(opened, plan);
      if (matches.length > 0 && plan.strategy === 'fail') {
        throw new ApiError(
          HttpStatus.CONFLICT,
          ErrorCode.ATS_CANDIDATE_DUPLICATE,
          'Duplicate candidate',
          `${matches.length} candidate(s) already have one of these email addresses; nothing was written. Merge with one (merge_with_candidate_id) or upload as new (duplicate_strategy "create_new").`,
          undefined,
          { details: { matches: matches.map((remoteId) => ({ candidate_id: stableId(plan.connectionId, 'candidates', remoteId), remote_id: remoteId })) } },
        );
      }
      if (matches.length > 0) return this.attach(opened, plan, matches[0], false);
    }
    const create = requireAction(opened, 'createCandidate', 'create candidates');
    const created = await create(opened.context, {
      ...plan.candidate,
      application: plan.job ? { job_remote_id: plan.job.remote_id, stage_remote_id: plan.stage?.remote_id ?? null } : null,
      attachments: plan.attachments,
    });
    if (created.duplicate_of) {
      // The partner refused a second candidate with this email (Gem): use the one it named.
      const done = await this.attach(opened, plan, created.duplicate_of, true);
      return { ...done, warnings: [...created.warnings, `${opened.connector.displayName} allows one candidate per email address: the existing candidate was used.`, ...done.warnings] };
    }
    const candidateRemoteId = created.candidate_remote_id!;
    return this.finish(opened, plan, {
      candidateRemoteId,
      applicationRemoteId: created.application_remote_id ?? null,
      warnings: created.warnings,
      touched: created.touched,
      partnerStatus: created.partner_status,
      reused: false,
    });
  }

  /** Remote ids of candidates with one of the emails: the mirror, else the partner's live search. */
  private async emailMatches(opened: OpenedConnector, plan: CreatePlan): Promise<string[]> {
    const emails = await this.mirror.withoutPlaceholders(plan.connectionId, plan.candidate.emails.map((e) => e.email_address.toLowerCase()));
    if (emails.length === 0) return [];
    const local = await this.mirror.candidatesByEmail(plan.connectionId, emails);
    if (local.length > 0) return local.map((c) => c.remote_id);
    const search = opened.connector.actions?.searchCandidates;
    if (!search) return [];
    // With the names: an ATS without an email search (JazzHR) finds by name and checks the email.
    const live = await search.call(opened.connector.actions, opened.context, { emails, first_name: plan.candidate.first_name, last_name: plan.candidate.last_name });
    return live.filter((c) => c.emails.some((e) => emails.includes(e.toLowerCase()))).map((c) => c.remote_id);
  }

  /** An existing candidate gets the application (and, when merging, the contact details it lacks). */
  private async attach(opened: OpenedConnector, plan: CreatePlan, candidateRemoteId: string, merge: boolean): Promise<CreateDone> {
    const results: WriteResult[] = [];
    const warnings: string[] = [];
    if (merge) {
      const mergeInto = requireAction(opened, 'mergeIntoCandidate', 'add contact details to an existing candidate');
      const existing = plan.merge ?? (await this.mirror.candidate(plan.connectionId, { by: 'remote_id', value: candidateRemoteId }));
      results.push(
        await mergeInto(opened.context, {
          candidate_remote_id: candidateRemoteId,
          existing: mirrorContact(existing),
          emails: plan.candidate.emails,
          phones: plan.candidate.phones,
          social_links: plan.candidate.social_links,
        }),
      );
    } else {
      warnings.push('A candidate with this email address exists: the application was added to that candidate (duplicate_strategy "attach_on_email_match").');
    }
    let applicationRemoteId: string | null = null;
    if (plan.job) {
      const createApplication = requireAction(opened, 'createApplication', 'add an application to an existing candidate');
      const app = await createApplication(opened.context, {
        candidate_remote_id: candidateRemoteId,
        job_remote_id: plan.job.remote_id,
        stage_remote_id: plan.stage?.remote_id ?? null,
        sourced_by_user_remote_id: plan.sourcedBy,
      });
      results.push(app);
      applicationRemoteId = app.application_remote_id ?? null;
    }
    for (const attachment of plan.attachments) {
      const onApplication = applicationRemoteId ? opened.connector.actions?.addApplicationAttachment : undefined;
      const onCandidate = opened.connector.actions?.addCandidateAttachment;
      if (onApplication) results.push(await onApplication.call(opened.connector.actions, opened.context, { application_remote_id: applicationRemoteId!, candidate_remote_id: candidateRemoteId, attachment }));
      else if (onCandidate) results.push(await onCandidate.call(opened.connector.actions, opened.context, { candidate_remote_id: candidateRemoteId, attachment }));
      else warnings.push(`${attachment.name} was not uploaded: ${opened.connector.displayName} takes no attachments through its API.`);
    }
    return this.finish(opened, plan, {
      candidateRemoteId,
      applicationRemoteId,
      warnings: [...warnings, ...results.flatMap((r) => r.warnings)],
      touched: results.flatMap((r) => r.touched),
      partnerStatus: results.at(-1)?.partner_status,
      reused: true,
    });
  }

  /** Write-through of everything touched, the candidate and the application always among it. */
  private async finish(opened: OpenedConnector, plan: CreatePlan, done: CreateDone): Promise<CreateDone> {
    const refs: RemoteRef[] = [
      ...done.touched,
      { model: 'candidates', remote_id: done.candidateRemoteId },
      ...(done.applicationRemoteId ? [{ model: 'applications' as const, remote_id: done.applicationRemoteId }] : []),
    ];
    const warnings = await writeThrough(this.runner.pool, opened, refs, this.logger);
    if (plan.job && !done.applicationRemoteId) warnings.push(`${opened.connector.displayName} did not report the new application's id.`);
    return { ...done, warnings: [...done.warnings, ...warnings] };
  }
}

function contactOf(dto: CreateCommonDto): CandidateContact {
  const c = dto.candidate;
  const emails = [{ email_address: c.email_address.trim(), type: null as EmailType | null }, ...(c.additional_email_addresses ?? []).map((e) => ({ email_address: e.email_address.trim(), type: e.type ?? null }))];
  const phones = [...(c.phone_number ? [{ phone_number: c.phone_number, type: null as EmailType | null }] : []), ...(c.additional_phone_numbers ?? []).map((p) => ({ phone_number: p.phone_number, type: p.type ?? null }))];
  const dedupe = <T>(items: T[], key: (t: T) => string) => [...new Map(items.map((i) => [key(i), i])).values()];
  return {
    emails: dedupe(emails, (e) => e.email_address.toLowerCase()),
    phones: dedupe(phones, (p) => p.phone_number.replace(/\D/g, '')),
    social_links: dedupe(c.social_links ?? [], (l) => l.url),
  };
}
