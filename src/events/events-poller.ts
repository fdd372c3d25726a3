import type pg from 'pg';
import type { Logger } from 'pino';
import { watchHires } from './hires/hires-watch.js';

/**
 * What syncs change reaches the hires feed through this poll: every few seconds each connection's
 * hires are brought up to date. (A sync's own events, sync-finished, data-changed and
 * candidate.created/.deleted, are written by the sync in its transactions: src/events/outbound/sync-events.ts.)
 */
export class EventsPoller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly logger: Logger,
    private readonly intervalMs = 3_000,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        const { rows } = await this.pool.query<{ id: string; provider: string }>('SELECT id, provider FROM connections ORDER BY id');
        for (const c of rows) await watchHires(this.pool, c.id, c.provider);
      } catch (error) {
        this.logger.warn({ err: error }, 'events poll failed');
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
