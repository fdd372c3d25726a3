import { HttpStatus, Injectable } from '@nestjs/common';
import { stableId } from '../ats/stable-id.js';
import { ApiError, type FieldProblem } from '../common/errors/api-error.js';
import type { OpenedConnector } from '../connections/open-connector.js';
import { resolveJobTarget } from '../ats-writes/job-target.js';
import { MirrorRepository, parseRef } from '../ats-writes/mirror.repository.js';
import { actionNotAvailable, WriteRunner } from '../ats-writes/write-runner.js';
import type { WriteOutcome, WriteRequest } from '../ats-writes/write-request.js';
import { ExportRunner } from './export-runner.js';
import { toExportCandidate, type ExportCandidate } from './export-candidate.js';
import { ExportsRepository, type ExportRow, type ExportTarget, type ItemRow } from './exports.repository.js';
import type { CreateExportDto } from './dto/export-request.dto.js';

const REMOTE = 'remote:';
const MAX_PAGE = 1000;

/**
 * `POST /v1/ats/exports`: the whole request is checked first (job, projects, users, every candidate;
 * 400 naming `candidates[i].field`, nothing sent), stored with one item per candidate, and run in the
 * background; `GET /v1/ats/exports/:id` shows progress and per-candidate results.
 */
@Injectable()
export class ExportsService {
  constructor(
    private readonly writes: WriteRunner,
    private readonly runner: ExportRunner,
  ) {}

  private get repo(): ExportsRepository {
    return new ExportsRepository(this.writes.pool);
  }

  create(request: WriteRequest, dto: CreateExportDto): Promise<WriteOutcome> {
    return this.writes.run(request, 'ats_create_export', async (opened) => {
      const { target, candidates } = await this.plan(opened, request.connectionId, dto);
      const row = await this.repo.create(request.connectionId, target, {
        include_previously_exported: dto.include_previously_exported ?? false,
        generate_placeholder_emails: dto.generate_placeholder_emails ?? false,
        placeholder_email_domain: dto.placeholder_email_domain?.toLowerCase() ?? null,
      }, candidates);
      // Also wakes exports a dead process left behind.
      void this.runner.resumeUnfinished();
      return {
        status: HttpStatus.ACCEPTED,
        body: { status: 'success', data: this.view(row, { created: 0, updated: 0, skipped_already_exported: 0, failed: 0, pending: row.total }), warnings: [] },
        result: { export_id: row.id, candidates: row.total },
        warnings: [],
      };
    });
  }

  async get(connectionId: string, id: string, page: { cursor?: string; page_size?: number }): Promise<unknown> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.repo.get(connectionId, id) : null;
    if (!row) throw ApiError.recordNotFound('export', id);
    const after = page.cursor === undefined ? -1 : Number(page.cursor);
    if (!Number.isInteger(after) || after < -1) throw ApiError.invalidField('cursor', 'must be the `next` value of the previous page');
    const size = Math.min(Math.max(page.page_size ?? 100, 1), MAX_PAGE);
    const items = await this.repo.items(row, after, size);
    const next = items.length === size ? String(items[items.length - 1].position) : null;
    return {
      status: 'success',
      data: { ...this.view(row, await this.repo.counts(row)), results: items.map((i) => this.itemView(row.connection_id, i)), next },
      warnings: [],
    };
  }

  private view(row: ExportRow, counts: Record<string, number>) {
    return {
      id: row.id,
      state: row.state,
      total: row.total,
      counts,
      job_id: row.target.job_id,
      project_ids: row.target.project_remote_ids,
      options: row.options,
      created_at: row.created_at.toISOString(),
      started_at: row.started_at?.toISOString() ?? null,
      finished_at: row.finished_at?.toISOString() ?? null,
      error: row.error,
    };
  }

  private itemView(connectionId: string, item: ItemRow) {
    return {
      external_id: item.external_id,
      outcome: item.state === 'IN_PROGRESS' ? 'pending' : item.state.toLowerCase(),
      candidate_id: item.candidate_remote_id ? stableId(connectionId, 'candidates', item.candidate_remote_id) : null,
      candidate_remote_id: item.candidate_remote_id,
      application_id: item.application_remote_id ? stableId(connectionId, 'applications', item.application_remote_id) : null,
      application_remote_id: item.application_remote_id,
      error: item.error_code ? { code: item.error_code, message: item.error_message } : null,
      warnings: item.warnings,
    };
  }

  /** Everything checked against the mirror and the connector before anything is stored or sent. */
  private async plan(opened: OpenedConnector, connectionId: string, dto: CreateExportDto): Promise<{ target: ExportTarget; candidates: ExportCandidate[] }> {
    const actions = opened.connector.actions;
    if (!actions?.createCandidate) throw actionNotAvailable(opened, 'create candidates');
    const projects = (dto.project_ids ?? []).map((p) => (p.startsWith(REMOTE) ? p.slice(REMOTE.length) : p));
    if (projects.length > 0 && !actions.addCandidatesToProject) throw actionNotAvailable(opened, 'add candidates to projects');
    const problems: FieldProblem[] = [];
    if (dto.generate_placeholder_emails && !dto.placeholder_email_domain) problems.push({ field: 'placeholder_email_domain', problem: 'is required with generate_placeholder_emails (e.g. "sourcing.example.com")' });

    const mirror = new MirrorRepository(this.writes.pool);
    let target: ExportTarget = { job_id: null, job_remote_id: null, stage_remote_id: null, project_remote_ids: projects };
    if (dto.job_id) {
      const { job, stages } = await resolveJobTarget(mirror, connectionId, opened.connection.settings ?? {}, dto.job_id, 'job_id', false);
      target = { ...target, job_id: job.id, job_remote_id: job.remote_id, stage_remote_id: stages[0]?.stage_remote_id ?? null };
    }

    const users = new Map<string, string | null>();
    const seen = new Map<string, number>();
    const candidates: ExportCandidate[] = [];
    for (const [i, c] of dto.candidates.entries()) {
      const at = `candidates[${i}]`;
      const externalId = c.external_id.trim();
      const first = seen.get(externalId);
      if (first !== undefined) problems.push({ field: `${at}.external_id`, problem: `repeats candidates[${first}].external_id "${externalId}": send each profile once` });
      else seen.set(externalId, i);
      if (!c.first_name?.trim() && !c.last_name?.trim()) problems.push({ field: `${at}.first_name`, problem: 'give first_name or last_name (the ATS needs a name)' });
      let createdBy: string | null = null;
      if (c.created_by_user) {
        if (!users.has(c.created_by_user)) users.set(c.created_by_user, await this.user(mirror, connectionId, c.created_by_user));
        createdBy = users.get(c.created_by_user) ?? null;
        if (!createdBy) problems.push({ field: `${at}.created_by_user`, problem: `no synced user with id or email ${c.created_by_user}` });
      }
      candidates.push(toExportCandidate(c, createdBy));
    }
    if (problems.length > 0) throw ApiError.invalidInput(problems);
    return { target, candidates };
  }

  /** A user by our id, `remote:<id>` or email; null when none matches. */
  private async user(mirror: MirrorRepository, connectionId: string, value: string): Promise<string | null> {
    if (value.includes('@') && !value.startsWith(REMOTE)) return (await mirror.userByEmail(connectionId, value))?.remote_id ?? null;
    try {
      return (await mirror.user(connectionId, parseRef(value, 'created_by_user')))?.remote_id ?? null;
    } catch {
      return null;
    }
  }
}
