import type pg from 'pg';
import type { Logger } from 'pino';
import { stableId } from '../../ats/stable-id.js';
import type { AtsModel, MappedPage, RemoteRef } from '../../ats/normalized.js';
import { ConnectionUnavailableError, type ConnectorOpener, type OpenedConnector } from '../../connections/open-connector.js';
import { RemoteError } from '../../connectors/remote-error.js';
import { MODEL_TABLES } from '../../sync/model-tables.js';
import { addCounts, writeBatch, type RunCounts } from '../../sync/record-writer.js';
import type { InboundEventRow, InboundEvents } from './inbound-events.repository.js';

/** What an applied event changed, handed to whatever derives from it (hires feed, outbox) inside its transaction. */
export interface AppliedChange {
  client: pg.ClientBase;
  connectionId: string;
  provider: string;
  /** The inbound event: outbound events it causes are keyed on it, so a re-run emits nothing twice. */
  eventId: string;
  counts: RunCounts;
  /** Internal ids of the records this event wrote or deleted, by model. */
  touched: Partial<Record<AtsModel, string[]>>;
  /** Remote ids of candidates the event created and deleted. */
  createdCandidates: string[];
  deletedCandidates: string[];
  now: Date;
}

export type AppliedEffect = (change: AppliedChange) => Promise<void>;

export interface InboundProcessorOptions {
  pool: pg.Pool;
  events: InboundEvents;
  opener: ConnectorOpener;
  logger: Logger;
  effects?: AppliedEffect[];
  /** Requeues an event (partner failure) after a delay. */
  requeue: (eventId: string, afterSeconds: number) => Promise<void>;
  maxAttempts?: number;
  /** How long an event of an unusable connection is kept before it is dropped. */
  maxWaitHours?: number;
}

export type ProcessOutcome = 'APPLIED' | 'WAITING' | 'RETRY' | 'DROPPED' | 'FAILED' | 'SKIPPED';

const LEASE_SECONDS = 120;
const key = (ref: RemoteRef) => `${ref.model}:${ref.remote_id}`;

/** Same key for every process: events of one connection are applied one at a time, in any process. */
export const eventsLockSql = `SELECT pg_advisory_xact_lock(hashtextextended('ats-sync:events:' || $1, 0))`;

/**
 * Applies one verified inbound event: the touched records are re-read from the partner
 * (fetchByIds, mapped as a sync maps them) and written through the sync writer, so changed_at moves
 * only on a real change. Everything the event changes commits in one transaction with the event's
 * own state, so an event is applied entirely or not at all, and a crash leaves it to be re-run.
 */
export class InboundProcessor {
  private readonly maxAttempts: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: InboundProcessorOptions) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.maxWaitMs = (options.maxWaitHours ?? 7 * 24) * 3600_000;
  }

  async process(eventId: string): Promise<ProcessOutcome> {
    const { events, logger } = this.options;
    const event = await events.claim(eventId, LEASE_SECONDS);
    if (!event) return 'SKIPPED';
    let opened: OpenedConnector;
    try {
      opened = await this.options.opener.openConnector(event.connection_id, { logger: logger.child({ connectionId: event.connection_id }) });
    } catch (error) {
      if (!(error instanceof ConnectionUnavailableError)) throw error;
      if (error.reason === 'INACTIVE') return this.wait(event, `${error.message} The event is applied once the connection is usable again.`);
      await events.finish(event.id, 'DROPPED', error.message);
      return 'DROPPED';
    }
    try {
      return await this.apply(event, opened);
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      if (error.kind === 'AUTH') {
        // As a sync would: the connection stops until its credentials are rotated, and the event waits for that.
        await this.options.opener.connections.markInvalid(event.connection_id, error.message);
        return this.wait(event, `${opened.connector.displayName} refused the credentials (${error.message}).`);
      }
      if (event.attempts >= this.maxAttempts) {
        await events.finish(event.id, 'FAILED', `Re-reading from ${opened.connector.displayName} failed ${event.attempts} times; last: ${error.message}`);
        return 'FAILED';
      }
      const after = Math.min(600, 5 * 2 ** (event.attempts - 1));
      await events.postpone(event.id, 'QUEUED', `Re-read failed (${error.message}); retrying in ${after} s.`, after);
      await this.options.requeue(event.id, after);
      return 'RETRY';
    }
  }

  private async wait(event: InboundEventRow, reason: string): Promise<ProcessOutcome> {
    if (Date.now() - event.received_at.getTime() > this.maxWaitMs) {
      await this.options.events.finish(event.id, 'DROPPED', `${reason} Dropped: the connection stayed unusable for ${this.maxWaitMs / 3600_000} h.`);
      return 'DROPPED';
    }
    await this.options.events.postpone(event.id, 'WAITING', reason, 60);
    return 'WAITING';
  }

  private async apply(event: InboundEventRow, opened: OpenedConnector): Promise<ProcessOutcome> {
    const { pool } = this.options;
    const connectionId = event.connection_id;
    const idOf = (ref: RemoteRef) => stableId(connectionId, ref.model, ref.remote_id);
    const deletedCandidates = event.deleted.filter((r) => r.model === 'candidates');
    // A deleted or merged-away candidate's applications are re-read: gone (delete) or moved to the kept candidate (merge).
    const related: RemoteRef[] = deletedCandidates.length
      ? (
          await pool.query<{ remote_id: string }>(
            `SELECT remote_id FROM ats_applications WHERE connection_id = $1 AND candidate_id = ANY($2::uuid[]) AND remote_deleted_at IS NULL`,
            [connectionId, deletedCandidates.map(idOf)],
          )
        ).rows.map((r) => ({ model: 'applications' as const, remote_id: r.remote_id }))
      : [];
    const toFetch = [...new Map([...event.refresh, ...related].map((r) => [key(r), r])).values()];
    const notes: string[] = [];
    let fetched: MappedPage & { missing?: RemoteRef[] } = { records: {} };
    if (toFetch.length > 0) {
      if (opened.connector.fetchByIds) fetched = await opened.connector.fetchByIds(opened.context, toFetch);
      else notes.push(`${opened.connector.displayName} cannot re-read records one by one: ${toFetch.map(key).join(', ')} change with the next sync.`);
    }
    const returned = new Set(Object.entries(fetched.records).flatMap(([model, list]) => (list ?? []).map((r) => `${model}:${r.remote_id}`)));
    const missing = new Map((fetched.missing ?? []).map((r) => [key(r), r]));
    const unread = event.refresh.filter((r) => !returned.has(key(r)) && !missing.has(key(r)));
    if (unread.length && opened.connector.fetchByIds) notes.push(`Not re-read (the connector cannot fetch them by id): ${unread.map(key).join(', ')}; they change with the next sync.`);
    // Related applications that did not come back are gone with their candidate.
    for (const r of related) if (!returned.has(key(r))) missing.set(key(r), r);

    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(eventsLockSql, [connectionId]);
      const now = new Date();
      const counts: RunCounts = {};
      const touched: Partial<Record<AtsModel, string[]>> = {};
      const touch = (model: AtsModel, ids: string[]) => void (touched[model] = [...new Set([...(touched[model] ?? []), ...ids])]);

      const fetchedCandidates = (fetched.records.candidates ?? []).map((c) => c.remote_id);
      const { rows: known } = await client.query<{ remote_id: string }>(
        `SELECT remote_id FROM ats_candidates WHERE connection_id = $1 AND remote_id = ANY($2::text[]) AND remote_deleted_at IS NULL`,
        [connectionId, fetchedCandidates],
      );
      const createdCandidates = fetchedCandidates.filter((id) => !known.some((k) => k.remote_id === id));

      const gone = [...event.deleted, ...missing.values()];
      const deleted = await markDeleted(client, connectionId, gone, now);
      // Offers of applications that went go with them.
      const goneApplications = deleted.filter((d) => d.model === 'applications').map((d) => d.id);
      if (goneApplications.length) {
        const { rows } = await client.query<{ id: string; remote_id: string }>(
          `UPDATE ats_offers SET remote_deleted_at = $3, changed_at = $3
           WHERE connection_id = $1 AND application_id = ANY($2::uuid[]) AND remote_deleted_at IS NULL RETURNING id, remote_id`,
          [connectionId, goneApplications, now],
        );
        for (const r of rows) deleted.push({ model: 'offers', ...r });
      }
      for (const d of deleted) {
        addCounts(counts, d.model, { deleted: 1 });
        touch(d.model, [d.id]);
      }

      const written = await writeBatch(client, [fetched], { connectionId, seenRunId: null, now });
      for (const [model, c] of Object.entries(written)) addCounts(counts, model, { created: c!.created, updated: c!.updated, unchanged: c!.unchanged, deleted: c!.deleted });
      for (const [model, list] of Object.entries(fetched.records) as [AtsModel, { remote_id: string }[]][]) {
        touch(model, (list ?? []).map((r) => stableId(connectionId, model, r.remote_id)));
      }

      const change: AppliedChange = {
        client,
        connectionId,
        provider: opened.connection.provider,
        eventId: event.id,
        counts,
        touched,
        createdCandidates,
        deletedCandidates: deleted.filter((d) => d.model === 'candidates').map((d) => d.remote_id),
        now,
      };
      for (const effect of this.options.effects ?? []) await effect(change);
      await this.options.events.applied(client, event.id, counts, notes.length ? notes.join(' ') : null);
      await client.query('COMMIT');
      return 'APPLIED';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/** Marks records deleted (only those not already deleted); returns what it marked. */
async function markDeleted(client: pg.ClientBase, connectionId: string, refs: RemoteRef[], now: Date): Promise<{ model: AtsModel; id: string; remote_id: string }[]> {
  const out: { model: AtsModel; id: string; remote_id: string }[] = [];
  const byModel = new Map<AtsModel, string[]>();
  for (const r of refs) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r.remote_id]);
  for (const [model, remoteIds] of byModel) {
    const { rows } = await client.query<{ id: string; remote_id: string }>(
      `UPDATE ${MODEL_TABLES[model].table} SET remote_deleted_at = $3, changed_at = $3
       WHERE connection_id = $1 AND remote_id = ANY($2::text[]) AND remote_deleted_at IS NULL RETURNING id, remote_id`,
      [connectionId, remoteIds, now],
    );
    out.push(...rows.map((r) => ({ model, ...r })));
  }
  return out;
}
