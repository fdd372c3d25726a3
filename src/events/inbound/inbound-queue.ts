import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { InboundEvents } from './inbound-events.repository.js';
import type { InboundProcessor } from './inbound-processor.js';

const QUEUE = 'ats-sync.inbound-event';

export interface InboundQueueOptions {
  databaseUrl: string;
  events: InboundEvents;
  logger: Logger;
  /** Events this process applies at once; 0 only receives (another process applies). */
  workers: number;
  pollingIntervalSeconds?: number;
  /** How often this process looks for events whose queue message was lost or whose connection recovered. */
  sweepSeconds?: number;
}

/**
 * Inbound events travel through pg-boss so the receiver answers at once and any process applies
 * them. The inbound_events row is the source of truth: a lost message (a process killed between the
 * insert and the send) or a dead worker's lease is found by the sweep and queued again; applying an
 * event twice is harmless (claiming is atomic and a second claim finds it done).
 */
export class InboundQueue {
  private readonly boss: PgBoss;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private started = false;

  constructor(private readonly options: InboundQueueOptions) {
    this.boss = new PgBoss({ connectionString: options.databaseUrl, schema: 'pgboss', max: 2, application_name: 'ats-sync-events-queue' });
    this.boss.on('error', (error) => options.logger.error({ err: error }, 'inbound queue error'));
  }

  async start(processor: InboundProcessor): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(QUEUE, { name: QUEUE, policy: 'standard', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInMinutes: 15 });
    for (let i = 0; i < this.options.workers; i++) {
      await this.boss.work<{ eventId: string }>(QUEUE, { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 0.5 }, async ([job]) => {
        await processor.process(job.data.eventId);
      });
    }
    if (this.options.workers > 0) {
      this.sweeper = setInterval(() => {
        if (this.sweeping) return;
        this.sweeping = this.sweep()
          .catch((error) => this.options.logger.warn({ err: error }, 'inbound sweep failed'))
          .finally(() => (this.sweeping = null));
      }, (this.options.sweepSeconds ?? 5) * 1000);
      this.sweeper.unref();
    }
    this.started = true;
  }

  async enqueue(eventId: string, startAfterSeconds = 0): Promise<void> {
    await this.boss.send(QUEUE, { eventId }, startAfterSeconds > 0 ? { startAfter: startAfterSeconds } : {});
  }

  /** Queues again what may have been lost; returns how many. */
  async sweep(): Promise<number> {
    const due = await this.options.events.due(100);
    for (const id of due) await this.enqueue(id);
    return due.length;
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await this.sweeping;
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
