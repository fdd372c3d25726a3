import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { DEFAULT_SYNC_WORKER_HEAP_MB } from '../config/defaults.js';
import type { ConnectorContextOptions } from '../connectors/connector-context.js';
import type { ExecuteOutcome } from './sync-runner.js';
import type { SyncMetrics } from './sync.metrics.js';

/**
 * Sync workers in processes of their own. A FULL allocates fast (pages parsed, rows built and
 * serialized) and V8 lets an uncapped old space grow to ~200 MB before it collects, although at most
 * ~42 MB survives a collection (docs/benchmarks.md, "Memory"). `ats-sync serve` therefore runs each
 * sync worker as a child process started with `--max-old-space-size` (ATS_SYNC_WORKER_HEAP_MB), so a
 * sync's memory is bounded and the API's heap is not the sync's. The parent supervises: a worker
 * that dies is started again and the runs it left RUNNING are re-enqueued (the connection's advisory
 * lock died with its database session); on shutdown each worker interrupts its run (it resumes from
 * its last committed page) and exits.
 */

/** What a worker process needs to run syncs; sent over IPC (not the environment: it holds the key). */
export interface SyncWorkerSettings {
  /** `--max-old-space-size` of the worker process, in MB. */
  heapMb: number;
  databaseUrl: string;
  /** The SecretBox key, base64. */
  encryptionKey: string;
  logLevel: string;
  partnerPatienceMinutes?: number;
  pollingIntervalSeconds?: number;
  /** Runner overrides for benchmarks (partner limits lifted, a subset of streams); unset in the product. */
  runner?: { http?: Pick<ConnectorContextOptions, 'limits'>; streams?: readonly string[] };
}

/** The product's worker settings, from the configuration and the resolved database URL. */
export function syncWorkerSettings(config: AppConfig, databaseUrl: string): SyncWorkerSettings {
  return {
    heapMb: config.syncWorkerHeapMb ?? DEFAULT_SYNC_WORKER_HEAP_MB,
    databaseUrl,
    encryptionKey: config.encryptionKey.toString('base64'),
    logLevel: config.logLevel,
    partnerPatienceMinutes: config.partnerPatienceMinutes,
  };
}

/** One job's result, as the worker reports it. */
export interface SyncJobReport {
  runId: string;
  outcome: ExecuteOutcome | 'ERROR';
  /** Time inside SyncRunner.execute. */
  seconds: number;
  /** The worker process's peak RSS so far (process.resourceUsage().maxRSS). */
  maxRssMb: number;
  /** v8.getHeapStatistics().heap_size_limit of the worker process. */
  heapLimitMb: number;
}

export type ParentMessage = { type: 'init'; settings: SyncWorkerSettings } | { type: 'stop' };
export type WorkerMessage =
  | { type: 'hello' }
  | { type: 'ready'; pid: number; heapLimitMb: number }
  | { type: 'job'; report: SyncJobReport }
  | { type: 'metric'; method: 'run' | 'counts' | 'request'; args: unknown[] };

export interface SyncWorkerProcessesOptions {
  /** Worker processes (each runs one sync at a time). */
  count: number;
  settings: SyncWorkerSettings;
  logger: Logger;
  /** The parent's metrics, fed by the workers' reports (so /metrics still shows the syncs). */
  metrics?: SyncMetrics;
  /** Called once a restarted worker is ready (the queue re-enqueues the runs the dead one left). */
  onRestart?: () => Promise<unknown>;
  /** Before the first restart; doubles per crash in a row up to 30 s (default 1000). */
  restartDelayMs?: number;
  /** How long stop() waits for a worker to interrupt its run and exit before killing it (default 20 s). */
  stopTimeoutMs?: number;
}

const ENTRY = fileURLToPath(new URL('./sync-worker-main.js', import.meta.url));

/** The flags a worker process starts with: the parent's, with our heap cap instead of any other. */
export function workerExecArgv(heapMb: number, parentArgv: readonly string[] = process.execArgv): string[] {
  return [...parentArgv.filter((a) => !/^--max[-_]old[-_]space[-_]size(=|$)/.test(a)), `--max-old-space-size=${heapMb}`];
}

interface Slot {
  index: number;
  child?: ChildProcess;
  pid?: number;
  startedAt: number;
  crashesInARow: number;
  restartTimer?: NodeJS.Timeout;
}

/**
 * Supervises the sync worker processes. Emits 'ready' (pid, heapLimitMb), 'job' (SyncJobReport) and
 * 'exit' (pid, code, signal) — the last only for an exit nobody asked for.
 */
export class SyncWorkerProcesses extends EventEmitter {
  private readonly slots: Slot[];
  private stopping = false;

  constructor(private readonly options: SyncWorkerProcessesOptions) {
    super();
    this.slots = Array.from({ length: options.count }, (_, index) => ({ index, startedAt: 0, crashesInARow: 0 }));
  }

  /** The live worker processes' pids. */
  pids(): number[] {
    return this.slots.flatMap((s) => (s.child && s.pid !== undefined ? [s.pid] : []));
  }

  /** Starts every worker and waits until each is ready (its queue polling). */
  async start(): Promise<void> {
    await Promise.all(this.slots.map((slot) => this.spawn(slot)));
  }

  private spawn(slot: Slot): Promise<void> {
    const { settings, logger } = this.options;
    const child = fork(ENTRY, [], {
      execArgv: workerExecArgv(settings.heapMb),
      // Structured clone: the settings may hold Infinity (a benchmark's lifted rate limit).
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    slot.child = child;
    slot.pid = child.pid;
    slot.startedAt = Date.now();
    const ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: WorkerMessage) => {
        // The settings go once the worker listens (a message sent before may be lost while its modules load).
        if (message.type === 'hello') child.send({ type: 'init', settings } satisfies ParentMessage);
        else if (message.type === 'ready') {
          logger.info({ workerPid: message.pid, heapLimitMb: message.heapLimitMb, worker: slot.index }, 'sync worker ready');
          this.emit('ready', message.pid, message.heapLimitMb);
          resolve();
        } else if (message.type === 'job') {
          const { runId, outcome, seconds, maxRssMb, heapLimitMb } = message.report;
          logger.info({ runId, outcome, seconds: Math.round(seconds * 10) / 10, workerPid: child.pid, maxRssMb: Math.round(maxRssMb), heapLimitMb }, 'sync job done in its worker');
          this.emit('job', message.report);
        } else if (message.type === 'metric') {
          const metrics = this.options.metrics as unknown as Record<string, (...args: unknown[]) => void> | undefined;
          metrics?.[message.method]?.(...message.args);
        }
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`sync worker exited before it was ready (${signal ?? `code ${code}`})`));
        this.exited(slot, child, code, signal);
      });
      child.once('error', (error) => logger.error({ err: error }, 'sync worker process error'));
    });
    return ready;
  }

  private exited(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    if (this.stopping) return;
    const pid = slot.pid;
    // A worker that ran for a minute had not been crash-looping: start counting again.
    slot.crashesInARow = Date.now() - slot.startedAt > 60_000 ? 1 : slot.crashesInARow + 1;
    const delay = Math.min(30_000, (this.options.restartDelayMs ?? 1000) * 2 ** (slot.crashesInARow - 1));
    this.options.logger.error(
      {
        workerPid: pid,
        code,
        signal,
        restartInMs: delay,
        hint: signal === 'SIGABRT' || code === 134 ? `out of memory? raise ATS_SYNC_WORKER_HEAP_MB (now ${this.options.settings.heapMb})` : undefined,
      },
      'sync worker exited; starting another',
    );
    this.emit('exit', pid, code, signal);
    slot.restartTimer = setTimeout(() => {
      slot.restartTimer = undefined;
      if (this.stopping) return;
      this.spawn(slot)
        .then(() => this.options.onRestart?.())
        .catch((error: unknown) => this.options.logger.error({ err: error }, 'sync worker restart failed'));
    }, delay);
  }

  /** Asks every worker to interrupt its run and exit; kills the ones that do not within the timeout. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.restartTimer) clearTimeout(slot.restartTimer);
        const child = slot.child;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        try {
          child.send({ type: 'stop' } satisfies ParentMessage);
        } catch {
          child.kill('SIGTERM');
        }
        const timer = setTimeout(() => {
          this.options.logger.warn({ workerPid: child.pid }, 'sync worker did not stop in time; killing it');
          child.kill('SIGKILL');
        }, this.options.stopTimeoutMs ?? 20_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
