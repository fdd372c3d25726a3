import { hostname } from 'node:os';
import pLimit from 'p-limit';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { SecretBox } from '../common/crypto/secret-box.js';
import { ConnectionUnavailableError, ConnectorOpener, type ConnectorResolver } from '../connections/open-connector.js';
import type { ConnectorContextOptions } from '../connectors/connector-context.js';
import type { AtsModel, ConnectorContext, DerivedColumn, MappedPage, PartnerLimits, StoredLookup, StreamPosition, SyncStream } from '../connectors/connector.js';
import { RemoteError } from '../connectors/remote-error.js';
import { sleep } from '../common/sleep.js';
import { tryLockConnection } from './connection-lock.js';
import { DEFAULT_PATIENCE, isTransient, slowedDown, StreamPatience, type PatiencePolicy } from './partner-patience.js';
import { JOIN_TABLES, MODEL_TABLES } from './model-tables.js';
import { prefetch } from './prefetch.js';
import { settleStaging } from './copy-staging.js';
import { applyDerivedColumns, deriveForConnection, type WrittenRows } from './derived-columns.js';
import { addCounts, emptyPreparedBatch, markSeen, preparePage, sweepUnseen, writeBatch, type PreparedBatch, type RowChanges, type RunCounts } from './record-writer.js';
import { announceSyncCandidates, announceSyncFinished } from '../events/outbound/sync-events.js';
import { StreamStates } from './stream-states.js';
import { storedRecords } from './stored-records.js';
import { confirmPages, countConfirmed, isFirstFull, markConfirmedSeen, rememberPages, seenIds, UnchangedPages, type PageMark } from './unchanged-pages.js';
import { FINAL_STATES, SyncRuns, type StreamReport, type SyncError, type SyncRun, type SyncState, type SyncType } from './sync-runs.repository.js';
import type { SyncMetrics } from './sync.metrics.js';

type PageFailure = NonNullable<MappedPage['failures']>[number];

export interface SyncRunnerOptions {
  pool: pg.Pool;
  secrets: SecretBox;
  logger: Logger;
  metrics?: SyncMetrics;
  /** Which connector serves a provider; the registry unless a test brings its own. */
  resolveConnector?: ConnectorResolver;
  /** Retry policy, rate limits and timeout of partner HTTP (tests and benchmarks shorten or lift them). */
  http?: Pick<ConnectorContextOptions, 'retry' | 'limits' | 'timeoutMs'>;
  /** How long and how a stream waits out a partner that keeps failing (default: 15 minutes). */
  patience?: Partial<PatiencePolicy>;
  /**
   * Records written per transaction (default 4000); pages are batched up to this size. Each
   * transaction costs a dozen round trips to PostgreSQL on top of its rows, which wait while the
   * worker is mapping the next pages: at 1000 a FULL of 100k candidates spent ~15% more time.
   */
  batchSize?: number;
  /**
   * And at most about this many characters of COPY text per transaction (default 8 Mi), whatever
   * the records' size: what a batch holds in memory until it is written.
   */
  batchChars?: number;
  /**
   * Partner pages fetched ahead while the current batch is written (default 4). Pages come one
   * after another (each request needs the last one's cursor), so a deeper buffer fetches no faster:
   * it only keeps parsed pages alive longer when the writer is the slower side. Four cover a write
   * that lasts as long as four page requests.
   */
  prefetchPages?: number;
  /** Streams fetched at once (default 2); they share the connection's partner rate limit. */
  streamConcurrency?: number;
  /** Sync only these streams (by name); all of the connector's when absent. */
  streams?: readonly string[];
  workerId?: string;
}

/** What became of an execute() call. */
export type ExecuteOutcome =
  | 'FINISHED' // the run reached a final state
  | 'BUSY' // another worker holds this connection; try later
  | 'SKIPPED' // the run was already final or is gone
  | 'INTERRUPTED'; // stopped by the signal (shutdown); the run stays RUNNING and resumes

const MAX_REPORTED_ERRORS = 100;
/**
 * What a record of an unchanged page counts toward a batch's size: a tenth of one mapped and
 * written, so an unchanged FULL commits a tenth as often (each commit also saves the position and
 * the counts). A resumed run fetches again at most that many pages.
 */
const UNCHANGED_PAGE_WEIGHT = 0.1;
/** Waits kept per stream in the report (the total counts them all). */
const MAX_REPORTED_WAITS = 50;

/** Executes sync runs: every stream of the connector, page by page, each batch committed with its position. */
export class SyncRunner {
  private readonly opener: ConnectorOpener;
  private readonly workerId: string;

  constructor(private readonly options: SyncRunnerOptions) {
    this.opener = new ConnectorOpener({
      db: options.pool,
      secrets: options.secrets,
      logger: options.logger,
      resolveConnector: options.resolveConnector,
      http: options.http,
      onResponse: (provider, status) => options.metrics?.request(provider, status),
    });
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}`;
  }

  async execute(runId: string, signal: AbortSignal = new AbortController().signal): Promise<ExecuteOutcome> {
    const { pool } = this.options;
    const queued = await SyncRuns.get(pool, runId);
    if (!queued || FINAL_STATES.includes(queued.state)) return 'SKIPPED';
    const lock = await tryLockConnection(pool, queued.connection_id);
    if (!lock) return 'BUSY';
    try {
      // Re-read under the lock: another worker may have finished it meanwhile.
      const run = await SyncRuns.get(pool, runId);
      if (!run || FINAL_STATES.includes(run.state)) return 'SKIPPED';
      return await new RunExecution(this.options, this.opener, this.workerId, run, signal).execute();
    } finally {
      await lock.release();
    }
  }
}

/** The state of one run while it executes. */
class RunExecution {
  private readonly counts: RunCounts;
  private readonly streams: Record<string, StreamReport>;
  private readonly errors: SyncError[];
  private readonly logger: Logger;
  private readonly startedAt = new Date();
  private provider = '';
  private writes: Promise<unknown> = Promise.resolve();
  private readonly patience: PatiencePolicy;
  /** The connection's partner client; replaced by a slower one after a storm. */
  private context!: ConnectorContext;
  private limits!: PartnerLimits;
  private configuredLimits!: PartnerLimits;
  private lastSlowDown = 0;
  /** Per stream, the derived columns its pages carried in this run (its end recomputes them). */
  private readonly derived = new Map<string, Map<string, DerivedColumn>>();

  constructor(
    private readonly options: SyncRunnerOptions,
    private readonly opener: ConnectorOpener,
    private readonly workerId: string,
    private readonly run: SyncRun,
    private readonly signal: AbortSignal,
  ) {
    // A resumed run keeps what it had counted before the interruption.
    this.counts = run.counts ?? {};
    this.streams = run.streams ?? {};
    this.errors = run.errors ?? [];
    this.logger = options.logger.child({ runId: run.id, connectionId: run.connection_id, syncType: run.type });
    this.patience = { ...DEFAULT_PATIENCE, ...options.patience };
  }

  async execute(): Promise<ExecuteOutcome> {
    const { pool } = this.options;
    let opened;
    try {
      opened = await this.opener.openConnector(this.run.connection_id, { logger: this.logger });
    } catch (error) {
      if (!(error instanceof ConnectionUnavailableError)) throw error;
      if (!error.connection) return 'SKIPPED';
      if (error.reason === 'INACTIVE') {
        this.errors.push({ code: 'INTEGRATION.INACTIVE', message: `The connection was not synced: ${error.message.replace(/^The connection cannot be used: /, '')}` });
        return this.finish('CANCELLED', error.connection.provider);
      }
      this.errors.push({ code: 'INTEGRATION.MODEL_NOT_AVAILABLE', message: `No sync is available for provider ${error.connection.provider}.` });
      return this.finish('FAILED', error.connection.provider);
    }
    const { connection, connector, context } = opened;
    this.provider = connection.provider;
    this.context = context;
    this.limits = this.configuredLimits = this.options.http?.limits ?? connector.limits;
    if (!connector.streams?.length) {
      this.errors.push({ code: 'INTEGRATION.MODEL_NOT_AVAILABLE', message: `No sync is available for provider ${connection.provider}.` });
      return this.finish('FAILED', connection.provider);
    }

    await SyncRuns.start(pool, this.run.id, this.workerId);
    this.logger.info({ provider: connection.provider }, 'sync started');

    const streams = connector.streams.filter((s) => !this.options.streams || this.options.streams.includes(s.name));
    // Streams run side by side (fetching is what takes time); references never need another stream
    // to have run first, since they are stable ids. Their writes still go one transaction at a time.
    const slots = pLimit(this.options.streamConcurrency ?? 2);
    let failedStreams = 0;
    let refused: RemoteError | undefined;
    await Promise.all(
      streams.map((stream) =>
        slots(async () => {
          if (this.streams[stream.name]?.state === 'SUCCEEDED' || refused || this.signal.aborted) return; // done before an interruption, or no point
          try {
            await this.runStreamPatiently(stream);
          } catch (error) {
            if (this.signal.aborted) return;
            failedStreams += 1;
            const report = this.describe(error);
            this.streams[stream.name] = { ...this.streams[stream.name], state: 'FAILED', finished_at: new Date().toISOString(), error: report.message };
            this.pushError({ stream: stream.name, ...report });
            this.logger.warn({ stream: stream.name, code: report.code, err: error }, 'stream failed');
            await this.countConfirmedOfFailed(stream).catch((err) => this.logger.warn({ stream: stream.name, err }, 'could not count the confirmed pages of a failed stream'));
            await this.deriveDeferred(stream).catch((err) => this.logger.warn({ stream: stream.name, err }, 'could not derive the columns of a failed first FULL'));
            if (error instanceof RemoteError && error.kind === 'AUTH') refused ??= error;
          }
        }),
      ),
    );
    if (this.signal.aborted) {
      await this.saveProgress();
      this.logger.info('sync interrupted; it resumes from its last committed page');
      return 'INTERRUPTED';
    }
    if (refused) {
      await this.opener.connections.markInvalid(connection.id, refused.message);
      return this.finish('FAILED', connection.provider);
    }
    const recordsFailed = Object.values(this.counts).some((c) => (c?.failed ?? 0) > 0);
    const state: SyncState =
      failedStreams === streams.length ? 'FAILED' : failedStreams > 0 || recordsFailed ? 'PARTIALLY_FAILED' : 'SUCCEEDED';
    return this.finish(state, connection.provider);
  }

  /**
   * A stream that waits out a partner in trouble: when the HTTP client gives up on a 429 or 5xx, the
   * stream waits (doubling, with jitter), slows the connection's request rate, and resumes from its
   * last committed batch, until the partner has failed for the patience window with no page through.
   */
  private async runStreamPatiently(stream: SyncStream): Promise<void> {
    const patience = new StreamPatience(this.patience);
    for (;;) {
      const pagesBefore = this.streams[stream.name]?.pages ?? 0;
      try {
        await this.runStream(stream, this.context);
        return;
      } catch (error) {
        if (!isTransient(error) || this.signal.aborted) throw error;
        if ((this.streams[stream.name]?.pages ?? 0) > pagesBefore) patience.progressed();
        const wait = patience.nextWait();
        if (wait === undefined) {
          throw new RemoteError(error.kind, `${error.message} Waited ${Math.round(patience.stormSeconds())} s for the partner to recover; the stream gave up.`, error.details);
        }
        const rate = await this.slowDown();
        const report = this.streams[stream.name];
        report.waits = [
          ...(report.waits ?? []),
          { at: new Date().toISOString(), seconds: wait / 1000, code: error.code, reason: error.message, requests_per_second: rate },
        ].slice(-MAX_REPORTED_WAITS);
        report.waited_seconds = Math.round(((report.waited_seconds ?? 0) + wait / 1000) * 1000) / 1000;
        this.logger.warn({ stream: stream.name, waitMs: wait, code: error.code, requestsPerSecond: rate }, 'partner keeps failing; waiting before resuming the stream');
        // The wait is in the report while it lasts (serialised with the batches' own progress writes).
        await this.transaction((client) => SyncRuns.progress(client, this.run.id, this.counts, this.streams, this.errors));
        await sleep(wait, this.signal);
      }
    }
  }

  /** After a storm the connection asks less of the partner: a new client at a lower rate, shared by every stream. */
  private async slowDown(): Promise<number> {
    // Streams failing in the same storm slow the connection down once.
    if (Date.now() - this.lastSlowDown < this.patience.firstWaitMs) return this.limits.requestsPerSecond;
    this.lastSlowDown = Date.now();
    this.limits = slowedDown(this.limits, this.configuredLimits, this.patience);
    const { context } = await this.opener.openConnector(this.run.connection_id, { logger: this.logger, http: { ...this.options.http, limits: this.limits } });
    this.context = context;
    return this.limits.requestsPerSecond;
  }

  /** One stream: DELTA from its saved position where it can, else FULL; an expired position falls back to FULL. */
  private async runStream(stream: SyncStream, context: ConnectorContext): Promise<void> {
    const state = await StreamStates.load(this.options.pool, this.run.connection_id, stream.name);
    let mode: SyncType = this.run.type;
    let position: StreamPosition | null = null;
    let note: string | undefined;
    if (mode === 'DELTA') {
      if (!stream.supportsDelta) {
        mode = 'FULL';
        note = 'the partner cannot list only changes for this stream';
      } else if (!state.delta_position) {
        mode = 'FULL';
        note = 'no saved position yet (first sync of this stream)';
      } else {
        position = state.delta_position;
      }
    }
    if (mode === 'FULL' && state.full_run_id === this.run.id) position = state.full_position; // resume

    const previous = this.streams[stream.name];
    this.streams[stream.name] = {
      state: 'RUNNING',
      mode,
      pages: previous?.pages ?? 0,
      started_at: new Date().toISOString(),
      note,
      // A stream resumed after waiting out the partner keeps the record of its waits.
      ...(previous?.waits ? { waits: previous.waits, waited_seconds: previous.waited_seconds } : {}),
      // A resumed FULL keeps the judgement its first attempt made: once some of its rows committed its
      // tables no longer look empty, and asking again (a resumed pass that starts over from the top)
      // would count a first FULL's records through a seen set it never kept.
      ...(mode === 'FULL' && previous?.first_full !== undefined ? { first_full: previous.first_full } : {}),
    };
    try {
      await this.pass(stream, context, mode, position);
    } catch (error) {
      if (!(error instanceof RemoteError && error.kind === 'POSITION_EXPIRED') || (mode === 'FULL' && position === null)) throw error;
      this.logger.info({ stream: stream.name, reason: error.message }, 'saved position no longer accepted; running a FULL pass');
      this.streams[stream.name] = { ...this.streams[stream.name], mode: 'FULL', note: `fell back to FULL: ${error.message}` };
      await this.pass(stream, context, 'FULL', null);
    }
    // A FULL is marked done by its completion (completeFull), in the same commit.
    if (this.streams[stream.name].state === 'SUCCEEDED') return;
    this.streams[stream.name] = this.doneReport(stream.name);
    await this.saveProgress();
  }

  private doneReport(stream: string): StreamReport {
    return { ...this.streams[stream], state: 'SUCCEEDED', finished_at: new Date().toISOString() };
  }

  private async pass(stream: SyncStream, context: ConnectorContext, mode: SyncType, position: StreamPosition | null): Promise<void> {
    const batchSize = this.options.batchSize ?? 4000;
    const batchChars = this.options.batchChars ?? 8 * 1024 * 1024;
    const full = (b: Batch) => b.size >= batchSize || b.rows.copyChars >= batchChars;
    // A stream's first FULL (its tables hold nothing of this connection): nothing can have gone, so it
    // keeps no seen set and sweeps nothing, which saves a write per record; a record it meets twice
    // is then recognised by its row, written earlier in this run. Other passes record what they saw
    // in the run: a FULL's sweep needs it, and each record is counted once.
    const report = this.streams[stream.name];
    if (mode === 'FULL' && position === null && report.first_full === undefined) report.first_full = await isFirstFull(this.options.pool, this.run.connection_id, stream);
    const firstFull = mode === 'FULL' && report.first_full === true;
    const seenRunId = firstFull ? null : this.run.id;
    let lastPosition = position;
    let sweepSafe = true;
    // Each page's rows are built as it arrives (lean: what the write reads); its records are then garbage.
    type Batch = { pages: number; rows: PreparedBatch; failures: PageFailure[]; size: number; position: StreamPosition | null; skipped: number[]; marks: PageMark[] };
    const emptyBatch = (): Batch => ({ pages: 0, rows: emptyPreparedBatch({ lean: true }), failures: [], size: 0, position: null, skipped: [], marks: [] });
    let batch = emptyBatch();
    // A FULL from the top compares each page with the last FULL's; a resumed one does not know page numbers.
    const memo = mode === 'FULL' && position === null && !firstFull ? await UnchangedPages.load(this.options.pool, this.run.connection_id, stream) : null;
    let pageNumber = 0;
    // The derived columns this stream's pages carry: the sweep, or a first FULL's end, recomputes them.
    const rules = this.derivedOf(stream);

    // A batch is written while the next one is fetched and mapped; batches still commit in order.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (batch.pages === 0 && batch.skipped.length === 0 && batch.position === null) return;
      const done = batch;
      batch = emptyBatch();
      await writing;
      writing = this.writeBatch(stream, mode, seenRunId, done.failures, done.rows, done.position, { runId: mode === 'FULL' ? this.run.id : null, skipped: done.skipped, marks: done.marks });
      // Surfaces a failed write at the next await even if no further batch comes.
      writing.catch(() => undefined);
    };

    const stored = (model: AtsModel, remoteIds: string[], columns: string[], options?: StoredLookup) =>
      storedRecords(this.options.pool, this.run.connection_id, model, remoteIds, columns, options);
    const pages = stream.fetch(context, { mode, position, startedAt: this.startedAt, signal: this.signal, stored });
    try {
      for await (const page of prefetch(pages, this.options.prefetchPages ?? 4)) {
        const number = pageNumber++;
        // Every page of a FULL from the top is hashed (for the next FULL); compared when hashes are stored.
        const hash = mode === 'FULL' && position === null ? UnchangedPages.hash(page.records) : undefined;
        if (memo && hash && memo.isUnchanged(number, hash)) {
          batch.skipped.push(number);
          // Confirming a page costs far less than writing its records: more go in one transaction.
          batch.size += page.records.length * UNCHANGED_PAGE_WEIGHT;
          batch.position = page.position;
          lastPosition = page.position;
          this.streams[stream.name].pages += 1;
          if (full(batch)) await flush();
          continue;
        }
        const mapped = stream.map(page.records);
        for (const rule of mapped.derived ?? []) rules.set(JSON.stringify(rule), rule);
        const seen = hash ? seenIds(mapped) : null;
        if (hash && seen) batch.marks.push({ page: number, hash, seen });
        for (const failure of mapped.failures ?? []) {
          if (!failure.model || !failure.remote_id) sweepSafe = false;
          this.pushError({ stream: stream.name, code: 'REMOTE.RECORD_INVALID', message: failure.reason, remote_id: failure.remote_id });
        }
        // The rows (values, hashes, COPY text) are built while the previous batch is being written.
        preparePage(this.run.connection_id, mapped, batch.rows);
        batch.failures.push(...(mapped.failures ?? []));
        batch.pages += 1;
        batch.size += Object.values(mapped.records).reduce((n, records) => n + (records?.length ?? 0), 0);
        batch.position = page.position;
        lastPosition = page.position;
        this.streams[stream.name].pages += 1;
        if (full(batch)) await flush();
        // That write's statements (each a round trip) get a turn between pages, even when the next page is already here.
        else await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await flush();
    } finally {
      // Never leave a write running behind the run's back (the connection lock ends with the run).
      await writing.catch(() => undefined);
    }
    await writing;

    if (mode === 'FULL') await this.completeFull(stream, lastPosition, sweepSafe, firstFull, [...rules.values()]);
  }

  /** One transaction: the batch's rows, the seen ids of records that failed to map, the stream position and the counts. */
  /** One transaction: the batch's rows, its failures, the stream position and the run's counts. */
  private async writeBatch(
    stream: SyncStream,
    mode: SyncType,
    seenRunId: string | null,
    failures: PageFailure[],
    prepared: PreparedBatch,
    batchPosition: StreamPosition | null,
    unchanged: { runId: string | null; skipped: number[]; marks: PageMark[] } = { runId: null, skipped: [], marks: [] },
  ): Promise<void> {
    const pagesSoFar = this.streams[stream.name].pages;
    const { counts, written } = await this.transaction(async (client) => {
      const changes: RowChanges = { created: {}, deleted: {} };
      // No seen set is kept only by a stream's first FULL (pass()), whose tables started empty.
      const written = await writeBatch(client, prepared, { connectionId: this.run.connection_id, seenRunId, runStartedAt: this.run.started_at ?? this.startedAt, now: new Date(), changes, bulk: true, intoEmpty: seenRunId === null, deferDerived: seenRunId === null });
      await announceSyncCandidates(client, { connectionId: this.run.connection_id, provider: this.provider }, this.run.id, changes);
      if (unchanged.runId) {
        // Skipped pages are counted when the stream ends (countConfirmed), once however many pages carry an id.
        await confirmPages(client, this.run.connection_id, stream.name, unchanged.runId, unchanged.skipped);
        await rememberPages(client, this.run.connection_id, stream.name, unchanged.runId, unchanged.marks);
      }
      for (const failure of failures) {
        // Marked seen so the sweep keeps it, and counted once however often it comes back.
        const known = Boolean(seenRunId && failure.model && failure.remote_id);
        const first = !known || (await markSeen(client, seenRunId!, failure.model!, [failure.remote_id!], this.run.connection_id)).size > 0;
        if (first) addCounts(written, failure.model ?? stream.models[0], { fetched: 1, failed: 1 });
      }
      if (batchPosition) {
        if (mode === 'FULL') await StreamStates.saveFullProgress(client, this.run.connection_id, stream.name, this.run.id, batchPosition);
        else await StreamStates.saveDelta(client, this.run.connection_id, stream.name, batchPosition);
      }
      // Counts commit with the rows they count, so a resumed run neither loses nor repeats them.
      const counts = structuredClone(this.counts);
      for (const [model, c] of Object.entries(written)) addCounts(counts, model, c!);
      await SyncRuns.progress(client, this.run.id, counts, { ...this.streams, [stream.name]: { ...this.streams[stream.name], pages: pagesSoFar } }, this.errors);
      return { counts, written };
    });
    Object.assign(this.counts, counts);
    this.options.metrics?.counts(this.provider, written);
  }

  /**
   * Every page of the stream arrived: count the pages it confirmed unchanged, sweep what was not
   * seen, keep the position for the next DELTA, and mark the stream done, all in one commit: a run
   * resumed after it neither runs the stream again nor counts its confirmed pages twice.
   */
  private async completeFull(stream: SyncStream, lastPosition: StreamPosition | null, sweepSafe: boolean, firstFull = false, rules: DerivedColumn[] = []): Promise<void> {
    const scope = { connectionId: this.run.connection_id, runId: this.run.id, stream: stream.name };
    const { counts, confirmed, done } = await this.transaction(async (client) => {
      // A first FULL confirms no page (it had none stored); the ids of the pages it wrote are its rows'.
      const confirmed = firstFull ? {} : await countConfirmed(client, scope.connectionId, scope.stream, scope.runId);
      const counts = this.countsWith(confirmed);
      if (firstFull) {
        // Nothing of this connection was stored before the pass: nothing to sweep. Its batches left
        // the derived columns to now, computed once over the connection's rows (the related rows of
        // another stream included, whatever it has written so far; its own writes cover the rest).
        if (rules.length > 0) {
          await client.query(`SET LOCAL work_mem = '64MB'`);
          await deriveForConnection(client, rules, { connectionId: this.run.connection_id, now: new Date() });
        }
      } else if (sweepSafe) {
        // The sweep's set difference is hashed in memory (its plan does not depend on statistics,
        // so the seen set just written needs no ANALYZE).
        await client.query(`SET LOCAL work_mem = '64MB'`);
        const now = new Date();
        const changes: RowChanges = { created: {}, deleted: {} };
        const swept: WrittenRows = new Map();
        for (const model of stream.models) {
          // What a derived column of another row follows (e.g. an application's candidate_id) comes back with the swept rows.
          const columns = [...new Set(rules.filter((r) => r.from.model === model).map((r) => r.from.ref))];
          const rows: Record<string, unknown>[] = [];
          const deleted = await sweepUnseen(client, MODEL_TABLES[model].table, model, scope, now, changes, columns.length > 0 ? { columns, rows } : undefined);
          if (columns.length > 0) swept.set(model, rows);
          addCounts(counts, model, { deleted });
        }
        // A row the sweep marked deleted may have given a derived column its value (a candidate's
        // first application's source): recomputed from the live rows left, out of the counts as in a batch.
        if (rules.length > 0) await applyDerivedColumns(client, rules, swept, { connectionId: this.run.connection_id, now });
        await announceSyncCandidates(client, { connectionId: this.run.connection_id, provider: this.provider }, this.run.id, changes);
        for (const join of stream.joins ?? []) {
          const deleted = await sweepUnseen(client, JOIN_TABLES[join].table, join, scope, now);
          addCounts(counts, join, { deleted });
        }
      } else {
        this.pushError({ stream: stream.name, code: 'PLATFORM.SWEEP_SKIPPED', message: 'Deletion detection skipped: a record failed to map without a remote id.' });
      }
      await StreamStates.completeFull(client, this.run.connection_id, stream.name, lastPosition);
      const done = this.doneReport(stream.name);
      await SyncRuns.progress(client, this.run.id, counts, { ...this.streams, [stream.name]: done }, this.errors);
      return { counts, confirmed, done };
    });
    Object.assign(this.counts, counts);
    this.streams[stream.name] = done;
    this.options.metrics?.counts(this.provider, confirmed);
  }

  /**
   * A FULL stream that failed never reached its end, which counts the pages it confirmed: they are
   * counted now, and marked seen so that the stream, run again if the run resumes, does not count
   * them again. Only on failure: a sync_seen row per record is what confirming pages saves.
   */
  private async countConfirmedOfFailed(stream: SyncStream): Promise<void> {
    const report = this.streams[stream.name];
    if (report?.mode !== 'FULL' || report.first_full === true) return;
    const { counts, confirmed } = await this.transaction(async (client) => {
      const confirmed = await markConfirmedSeen(client, this.run.connection_id, stream.name, this.run.id);
      const counts = this.countsWith(confirmed);
      await SyncRuns.progress(client, this.run.id, counts, this.streams, this.errors);
      return { counts, confirmed };
    });
    Object.assign(this.counts, counts);
    this.options.metrics?.counts(this.provider, confirmed);
  }

  /** A first FULL that failed left its committed rows' derived columns undone (its batches defer them): done now. */
  private async deriveDeferred(stream: SyncStream): Promise<void> {
    const report = this.streams[stream.name];
    const rules = [...this.derivedOf(stream).values()];
    if (report?.mode !== 'FULL' || report.first_full !== true || rules.length === 0) return;
    await this.transaction((client) => deriveForConnection(client, rules, { connectionId: this.run.connection_id, now: new Date() }));
  }

  /** The derived columns a stream's pages carry (an empty page's too), with those its pages brought in this run. */
  private derivedOf(stream: SyncStream): Map<string, DerivedColumn> {
    let rules = this.derived.get(stream.name);
    if (!rules) this.derived.set(stream.name, (rules = new Map(derivedRules(stream).map((r) => [JSON.stringify(r), r]))));
    return rules;
  }

  /** The run's counts with `extra` added, for a transaction to save: this.counts takes them only once it commits. */
  private countsWith(extra: RunCounts): RunCounts {
    const counts = structuredClone(this.counts);
    for (const [model, c] of Object.entries(extra)) addCounts(counts, model, c!);
    return counts;
  }

  /** The run's transactions, one at a time: concurrent streams then never interleave their counts. */
  private transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const next = this.writes.then(() => this.runTransaction(work));
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async runTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      settleStaging(client, true);
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      settleStaging(client, false);
      throw error;
    } finally {
      client.release();
    }
  }

  private async saveProgress(): Promise<void> {
    await SyncRuns.progress(this.options.pool, this.run.id, this.counts, this.streams, this.errors);
  }

  private async finish(state: SyncState, provider: string): Promise<ExecuteOutcome> {
    // Every way a run ends comes here: its final state and its events (sync-finished, data-changed) commit together.
    await this.transaction(async (client) => {
      await SyncRuns.progress(client, this.run.id, this.counts, this.streams, this.errors);
      await SyncRuns.finish(client, this.run.id, state);
      await announceSyncFinished(client, this.run.id);
    });
    const seconds = (Date.now() - this.startedAt.getTime()) / 1000;
    this.options.metrics?.run(provider, this.run.type, state, seconds);
    this.logger.info({ state, seconds, counts: this.counts }, 'sync finished');
    return 'FINISHED';
  }

  private pushError(error: SyncError): void {
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push(error);
  }

  private describe(error: unknown): { code: string; message: string } {
    if (error instanceof RemoteError) return { code: error.code, message: error.message };
    return { code: 'PLATFORM.UNKNOWN_ERROR', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The derived columns a stream's pages carry, as an empty page of it says (none if its mapper cannot map one). */
function derivedRules(stream: SyncStream): DerivedColumn[] {
  try {
    return stream.map([]).derived ?? [];
  } catch {
    return [];
  }
}
