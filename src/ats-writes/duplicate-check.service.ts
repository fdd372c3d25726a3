import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../app/tokens.js';
import { AtsReadService } from '../ats-api/ats-read.service.js';
import { candidatesModel } from '../ats-api/models/index.js';
import { ApiError } from '../common/errors/api-error.js';
import type { DuplicateCheckDto } from './dto/record-writes.dto.js';
import { MirrorRepository } from './mirror.repository.js';
import { WriteRunner } from './write-runner.js';
import { writeThrough } from './write-through.js';

/** How much each kind of match counts; an email is the strongest sign, a name alone the weakest. */
const WEIGHTS = { email: 0.6, phone: 0.25, name: 0.15 } as const;
type MatchKind = keyof typeof WEIGHTS;

/**
 * `POST /v1/ats/candidates/duplicate-check`: candidates that look like the one about to be
 * uploaded. The partner's live search (where it has one) runs first and what it finds is written
 * through to the mirror, so a candidate created in the ATS since the last sync is found too; then
 * one query over the mirror matches emails, folded names and phone digits.
 */
@Injectable()
export class DuplicateCheckService {
  constructor(
    private readonly runner: WriteRunner,
    private readonly reads: AtsReadService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async check(connectionId: string, dto: DuplicateCheckDto): Promise<unknown> {
    const emails = await new MirrorRepository(this.runner.pool).withoutPlaceholders(connectionId, (dto.email_addresses ?? []).map((e) => e.trim().toLowerCase()));
    const phones = (dto.phone_numbers ?? []).filter((p) => p.replace(/\D/g, '').length >= 7);
    const first = dto.first_name?.trim() || null;
    const last = dto.last_name?.trim() || null;
    if (emails.length === 0 && phones.length === 0 && !(first && last) && (dto.email_addresses ?? []).length === 0) {
      throw ApiError.invalidInput([{ field: 'body', problem: 'give email_addresses, phone_numbers, or both first_name and last_name' }]);
    }
    const warnings = await this.searchLive(connectionId, { emails, first_name: first, last_name: last });
    const rows = await new MirrorRepository(this.runner.pool).duplicates(connectionId, { emails, first_name: first, last_name: last, phones });
    const records = await this.reads.records<{ id: string }>(candidatesModel, connectionId, rows.map((r) => r.id));
    const byId = new Map(records.map((r) => [r.id, r]));
    const results = rows
      .map((row) => {
        const matched_on = (['email', 'name', 'phone'] as MatchKind[]).filter((k) => row[k]);
        const score = Math.round(matched_on.reduce((sum, k) => sum + WEIGHTS[k], 0) * 100) / 100;
        return { candidate: byId.get(row.id), matched_on, score };
      })
      .filter((r) => r.candidate)
      .sort((a, b) => b.score - a.score || (a.candidate!.id < b.candidate!.id ? -1 : 1));
    return { status: 'success', data: { results }, warnings: warnings.map((message) => ({ message })) };
  }

  /** The partner's own search, mirrored; a failure only costs a warning (the mirror still answers). */
  private async searchLive(connectionId: string, query: { emails: string[]; first_name: string | null; last_name: string | null }): Promise<string[]> {
    let opened;
    try {
      opened = await this.runner.open(connectionId);
    } catch (error) {
      return [`Only the local mirror was searched: ${(error as Error).message}`];
    }
    const search = opened.connector.actions?.searchCandidates;
    if (!search) return [];
    if (query.emails.length === 0 && !(query.first_name && query.last_name)) return [];
    try {
      const found = await search.call(opened.connector.actions, opened.context, query);
      return await writeThrough(this.runner.pool, opened, found.slice(0, 20).map((c) => ({ model: 'candidates', remote_id: c.remote_id })), this.logger);
    } catch (error) {
      this.logger.warn({ err: error, connectionId }, 'live duplicate search failed');
      return [`${opened.connector.displayName}'s live search failed (${(error as Error).message}); only the local mirror was searched.`];
    }
  }
}
