import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pLimit from 'p-limit';
import type pg from 'pg';
import type { Logger } from 'pino';
import { LOGGER } from '../app/tokens.js';
import { stableId } from '../ats/stable-id.js';
import { ErrorCode } from '../common/errors/api-error.js';
import { ConnectorOpener, type OpenedConnector } from '../connections/open-connector.js';
import type { CandidateCreate, WriteResult } from '../connectors/connector-actions.js';
import { RemoteError } from '../connectors/remote-error.js';
import { tryAdvisoryLock } from '../sync/connection-lock.js';
import { SYNC_POOL } from '../sync/sync.tokens.js';
import { mirrorContact, MirrorRepository } from '../ats-writes/mirror.repository.js';
import { apiErrorOf } from '../ats-writes/write-runner.js';
import { placeholderEmail, toCandidateCreate } from './export-candidate.js';
import { ExportsRepository, type ExportKey, type ExportRow, type Identity, type ItemOutcome, type ItemRow } from './exports.repository.js';

/** Items read and run per round; their outcomes commit one by one. */
const CHUNK = 50;
/** Candidates per project-membership call. */
const PROJECT_BATCH = 100;
/** How often a process looks for exports nobody is running (their process died). */
const SWEEP_MS = 60_000;

/**
 * Runs exports in the background of the process that holds the export's advisory lock. Each item
 * is marked IN_PROGRESS before its partner call and finished with the identity it established in
 * one transaction; an item found IN_PROGRESS after a crash is looked up in the ATS (by email)
 * before anything is created, so every external id becomes exactly one ATS candidate.
 */
@Injectable()
export class ExportRunner implements OnModuleInit, OnModuleDestroy {
  private readonly running = new Map<string, Promise<void>>(); // by export id
  private readonly repo: ExportsRepository;
  private sweep?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(SYNC_POOL) private readonly pool: pg.Pool,
    private readonly opener: ConnectorOpener,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.repo = new ExportsRepository(pool);
  }

  onModuleInit(): void {
    void this.resumeUnfinished();
    this.sweep = setInterval(() => void this.resumeUnfinished(), SWEEP_MS);
    this.sweep.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.sweep) clearInterval(this.sweep);
    await Promise.allSettled(this.running.values());
  }

  /** Starts an export here unless it runs already (here or in another process). */
  kick(key: ExportKey): Promise<void> {
    const exportId = key.id;
    const existing = this.running.get(exportId);
    if (existing) return existing;
    const run = this.run(key)
      .catch((error) => this.logger.error({ err: error, exportId }, 'export run failed'))
      .finally(() => this.running.delete(exportId));
    this.running.set(exportId, run);
    return run;
  }

  async resumeUnfinished(): Promise<void> {
    try {
      for (const key of await this.repo.unfinished()) void this.kick(key);
    } catch (error) {
      if (!this.stopping) this.logger.warn({ err: error }, 'looking for unfinished exports failed');
    }
  }

  private async run(key: ExportKey): Promise<void> {
    const exportId = key.id;
    const lock = await tryAdvisoryLock(this.pool, `ats-sync:export:${exportId}`);
    if (!lock) return; // another process runs it
    try {
      const row = await this.repo.getByKey(key);
      if (!row || !['QUEUED', 'RUNNING'].includes(row.state)) return;
      let opened: OpenedConnector;
      try {
        opened = await this.opener.openConnector(row.connection_id, { logger: this.logger.child({ exportId }) });
      } catch (error) {
        await this.repo.setState(key, 'FAILED', (error as Error).message);
        return;
      }
      await this.repo.setState(key, 'RUNNING');
      const limit = pLimit(Math.max(1, opened.connector.limits.concurrency));
      for (;;) {
        if (this.stopping) return; // resumed by the next process
        const items = await this.repo.openItems(key, CHUNK);
        if (items.length === 0) break;
        const identities = await this.repo.identities(row.connection_id, items.map((i) => i.external_id));
        await this.repo.start(key, items.map((i) => i.position));
        await Promise.all(items.map((item) => limit(() => this.runItem(opened, row, item, identities.get(item.external_id) ?? null))));
        await this.addToProjects(opened, row);
      }
      await this.addToProjects(opened, row);
      const counts = await this.repo.counts(key);
      await this.repo.finishExport(row, opened.connector.provider, counts.failed > 0 ? 'PARTIALLY_FAILED' : 'COMPLETED', counts);
      this.logger.info({ exportId, counts }, 'export finished');
    } finally {
      await lock.release();
    }
  }

  private async runItem(opened: OpenedConnector, row: ExportRow, item: ItemRow, identity: Identity | null): Promise<void> {
    let outcome: ItemOutcome;
    try {
      outcome = await this.exportOne(opened, row, item, identity);
    } catch (error) {
      const mapped = apiErrorOf(error, opened.connector.displayName);
      outcome = {
        state: 'FAILED',
        candidate_remote_id: null,
        application_remote_id: null,
        error_code: mapped?.code ?? ErrorCode.UNKNOWN_ERROR,
        error_message: mapped?.message ?? (error instanceof RemoteError ? error.message : 'An unexpected error occurred; the server log has the details.'),
        warnings: [],
        identity: null,
      };
      if (!mapped) this.logger.error({ err: error, exportId: row.id, position: item.position }, 'export item failed');
    }
    await this.repo.finish(row, item, outcome);
  }

  private async exportOne(opened: OpenedConnector, row: ExportRow, item: ItemRow, identity: Identity | null): Promise<ItemOutcome> {
    const { actions, displayName } = opened.connector;
    const c = item.candidate;
    if (identity && !row.options.include_previously_exported) {
      return done('SKIPPED_ALREADY_EXPORTED', identity.candidate_remote_id, null, [], null);
    }
    const domain = row.options.generate_placeholder_emails ? row.options.placeholder_email_domain : null;
    const placeholder = c.email_addresses.length === 0 && domain ? (identity?.placeholder_email ?? placeholderEmail(c.external_id, domain)) : null;
    const input = toCandidateCreate(c, { job_remote_id: row.target.job_remote_id, stage_remote_id: row.target.stage_remote_id }, placeholder);
    // The job counts as applied once the candidate is created with it or found applied: never twice.
    const keep = { candidate_remote_id: '', placeholder_email: placeholder, applied_job_remote_id: row.target.job_remote_id };

    if (identity) {
      const updated = await this.update(opened, row, identity.candidate_remote_id, input, identity.applied_job_remote_ids);
      return done('UPDATED', identity.candidate_remote_id, updated.application_remote_id ?? null, updated.warnings, { ...keep, candidate_remote_id: identity.candidate_remote_id });
    }

    // A second attempt: the first may have created the candidate before the process died.
    if (item.attempts > 0) {
      const landed = await this.findLanded(opened, input);
      if (landed) {
        const app = await this.ensureApplication(opened, row, landed, input, await this.appliedJobs(opened, landed));
        return done('CREATED', landed, app.application_remote_id ?? null, ['Resumed after an interruption: the candidate created by the first attempt was kept.', ...app.warnings], { ...keep, candidate_remote_id: landed });
      }
    }

    const create = actions?.createCandidate;
    if (!create) throw new RemoteError('INPUT', `${displayName} cannot create candidates through its API.`);
    const created = await create.call(actions, opened.context, input);
    if (created.duplicate_of) {
      // The ATS keeps one candidate per email (Gem): that one is updated, as the ATS's own dedupe intends.
      const updated = await this.update(opened, row, created.duplicate_of, input, await this.appliedJobs(opened, created.duplicate_of));
      return done('UPDATED', created.duplicate_of, updated.application_remote_id ?? null, [`${displayName} already had this candidate (same email or profile): it was updated.`, ...created.warnings, ...updated.warnings], {
        ...keep,
        candidate_remote_id: created.duplicate_of,
      });
    }
    return done('CREATED', created.candidate_remote_id!, created.application_remote_id ?? null, created.warnings, { ...keep, candidate_remote_id: created.candidate_remote_id! });
  }

  /** Re-export: the profile is set to what was sent (or, where the ATS cannot update, missing contacts are added), plus the application. */
  private async update(opened: OpenedConnector, row: ExportRow, candidateRemoteId: string, input: CandidateCreate, appliedJobs: string[]): Promise<WriteResult> {
    const { actions, displayName } = opened.connector;
    const warnings: string[] = [];
    if (actions?.updateCandidate) {
      const { application: _a, attachments: _b, ...profile } = input;
      warnings.push(...(await actions.updateCandidate(opened.context, { ...profile, candidate_remote_id: candidateRemoteId })).warnings);
    } else if (actions?.mergeIntoCandidate) {
      const existing = await new MirrorRepository(this.pool).candidate(row.connection_id, { by: 'remote_id', value: candidateRemoteId });
      const result = await actions.mergeIntoCandidate(opened.context, {
        candidate_remote_id: candidateRemoteId,
        existing: mirrorContact(existing),
        emails: input.emails,
        phones: input.phones,
        social_links: input.social_links,
      });
      warnings.push(`${displayName} cannot update a candidate's profile through its API: only missing emails, phones and links were added.`, ...result.warnings);
    } else {
      warnings.push(`${displayName} cannot update candidates through its API: the existing candidate was left as it is.`);
    }
    const app = await this.ensureApplication(opened, row, candidateRemoteId, input, appliedJobs);
    return { ...app, warnings: [...warnings, ...app.warnings] };
  }

  /** The application to the export's job, unless the candidate has one there already. */
  private async ensureApplication(opened: OpenedConnector, row: ExportRow, candidateRemoteId: string, input: CandidateCreate, appliedJobs: string[]): Promise<WriteResult> {
    if (!row.target.job_remote_id || !row.target.job_id) return { touched: [], warnings: [] };
    if (appliedJobs.includes(row.target.job_remote_id)) return { touched: [], warnings: [] };
    const has = await this.repo.hasApplication(row.connection_id, stableId(row.connection_id, 'candidates', candidateRemoteId), row.target.job_id);
    if (has) return { touched: [], warnings: [] };
    const createApplication = opened.connector.actions?.createApplication;
    if (!createApplication) return { touched: [], warnings: [`${opened.connector.displayName} cannot add an application to an existing candidate through its API.`] };
    return createApplication.call(opened.connector.actions, opened.context, {
      candidate_remote_id: candidateRemoteId,
      job_remote_id: row.target.job_remote_id,
      stage_remote_id: row.target.stage_remote_id,
      sourced_by_user_remote_id: input.sourced_by_user_remote_id,
    });
  }

  /** Jobs the ATS shows this candidate applied to, re-read from the partner where it can (the mirror may lag). */
  private async appliedJobs(opened: OpenedConnector, candidateRemoteId: string): Promise<string[]> {
    if (!opened.connector.fetchByIds) return [];
    try {
      const fetched = await opened.connector.fetchByIds(opened.context, [{ model: 'candidates', remote_id: candidateRemoteId }]);
      return (fetched.records.applications ?? [])
        .filter((a) => a.refs?.candidate_id?.remote_id === candidateRemoteId)
        .map((a) => a.refs?.job_id?.remote_id)
        .filter((j): j is string => typeof j === 'string');
    } catch {
      return [];
    }
  }

  /** The candidate a lost first attempt created, found by one of its emails (placeholder included). */
  private async findLanded(opened: OpenedConnector, input: CandidateCreate): Promise<string | null> {
    const search = opened.connector.actions?.searchCandidates;
    const emails = input.emails.map((e) => e.email_address.toLowerCase());
    if (!search || emails.length === 0) return null;
    // Names too: some ATSs search by name only (JazzHR) and check the email on what they find.
    const found = await search.call(opened.connector.actions, opened.context, { emails, first_name: input.first_name || null, last_name: input.last_name || null });
    return found.find((f) => f.emails.some((e) => emails.includes(e.toLowerCase())))?.remote_id ?? null;
  }

  /** Project membership in bulk (one call per project and hundred candidates); repeating it is harmless. */
  private async addToProjects(opened: OpenedConnector, row: ExportRow): Promise<void> {
    if (row.target.project_remote_ids.length === 0) return;
    const add = opened.connector.actions?.addCandidatesToProject;
    const waiting = await this.repo.awaitingProjects(row);
    if (waiting.length === 0) return;
    if (!add) {
      await this.repo.addWarning(row, waiting.map((w) => w.position), `${opened.connector.displayName} has no projects: project_ids were not applied.`);
      await this.repo.projectsDone(row, waiting.map((w) => w.position));
      return;
    }
    for (let i = 0; i < waiting.length; i += PROJECT_BATCH) {
      const batch = waiting.slice(i, i + PROJECT_BATCH);
      try {
        for (const project of row.target.project_remote_ids) {
          await add.call(opened.connector.actions, opened.context, { project_remote_id: project, candidate_remote_ids: batch.map((b) => b.candidate_remote_id), user_remote_id: null });
        }
      } catch (error) {
        const message = apiErrorOf(error, opened.connector.displayName)?.message ?? (error as Error).message;
        await this.repo.addWarning(row, batch.map((b) => b.position), `Adding to the projects failed: ${message}`);
      }
      await this.repo.projectsDone(row, batch.map((b) => b.position));
    }
  }
}

function done(
  state: ItemOutcome['state'],
  candidateRemoteId: string,
  applicationRemoteId: string | null,
  warnings: string[],
  identity: ItemOutcome['identity'],
): ItemOutcome {
  return { state, candidate_remote_id: candidateRemoteId, application_remote_id: applicationRemoteId, error_code: null, error_message: null, warnings, identity };
}
