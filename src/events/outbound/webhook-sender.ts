import { hostname } from 'node:os';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { SecretBox } from '../../common/crypto/secret-box.js';
import { OUTBOX_CHANNEL } from './outbox.js';
import { komboSignature, SIGNATURE_HEADERS, timestampedSignature } from './signing.js';
import { endpointSecretAad } from './webhook-endpoints.repository.js';

export interface SenderOptions {
  pool: pg.Pool;
  secrets: SecretBox;
  logger: Logger;
  /** Deliveries sent at once by this process. */
  concurrency?: number;
  timeoutMs?: number;
  /** First retry delay; each next one doubles (with ±25 % jitter) up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A delivery is retried for this long after its event was written, then it fails. */
  retryForMs?: number;
  /** An endpoint is disabled after this many failed attempts in a row (across its deliveries). */
  disableAfterFailures?: number;
  pollMs?: number;
  workerId?: string;
}

interface Claimed {
  id: string;
  endpoint_id: string;
  event_id: string;
  attempts: number;
  created_at: Date;
  url: string;
  secret_encrypted: string;
  body: string;
}

type Outcome = { status: number | null; error: string | null; latencyMs: number };

/** 5xx, 408, 429 and no answer at all are worth another attempt; any other 4xx is the receiver refusing it. */
export const retryable = (o: Outcome) => o.status === null || o.status >= 500 || o.status === 408 || o.status === 429;

/**
 * Sends the outbox. Any number of processes run one: each claims due deliveries with
 * FOR UPDATE SKIP LOCKED and a lease, so a delivery is in one sender's hands at a time, and a
 * sender that dies only delays its claimed deliveries until the lease ends. Every attempt of a
 * delivery carries the same delivery id and the body written with the event.
 */
export class WebhookSender {
  private readonly o: Required<Omit<SenderOptions, 'pool' | 'secrets' | 'logger'>>;
  private timer: NodeJS.Timeout | null = null;
  private listener: pg.PoolClient | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly options: SenderOptions) {
    this.o = {
      concurrency: options.concurrency ?? 8,
      timeoutMs: options.timeoutMs ?? 10_000,
      baseDelayMs: options.baseDelayMs ?? 10_000,
      maxDelayMs: options.maxDelayMs ?? 3_600_000,
      retryForMs: options.retryForMs ?? 24 * 3_600_000,
      disableAfterFailures: options.disableAfterFailures ?? 100,
      pollMs: options.pollMs ?? 1_000,
      workerId: options.workerId ?? `${hostname()}:${process.pid}`,
    };
  }

  /** Polls, and wakes at once when a transaction that wrote events commits (LISTEN). */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      this.listener = await this.options.pool.connect();
      this.listener.on('notification', () => this.poke());
      this.listener.on('error', () => undefined);
      await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'webhook sender could not LISTEN; polling only');
    }
    this.timer = setInterval(() => this.poke(), this.o.pollMs);
    this.timer.unref();
    this.poke();
  }

  /** Runs a pass now (or right after the current one). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error) => this.options.logger.warn({ err: error }, 'webhook delivery pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.poke();
        }
      });
  }

  /** Sends every due delivery; resolves when none is left (tests and shutdown). */
  async drain(): Promise<void> {
    for (;;) {
      const batch = await this.claim(this.o.concurrency);
      if (batch.length === 0) return;
      await Promise.all(batch.map((d) => this.send(d)));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    if (this.listener) {
      await this.listener.query(`UNLISTEN ${OUTBOX_CHANNEL}`).catch(() => undefined);
      this.listener.release();
      this.listener = null;
    }
  }

  private async claim(limit: number): Promise<Claimed[]> {
    const lease = Math.ceil(this.o.timeoutMs / 1000) + 30;
    const { rows } = await this.options.pool.query<Claimed>(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE e.enabled AND ((d.state = 'PENDING' AND d.next_attempt_at <= now()) OR (d.state = 'SENDING' AND d.locked_until < now()))
         ORDER BY d.next_attempt_at LIMIT $1
         FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET state = 'SENDING', attempts = d.attempts + 1, locked_until = now() + make_interval(secs => $2)
       FROM due, webhook_endpoints e, webhook_events ev
       WHERE d.id = due.id AND e.id = d.endpoint_id AND ev.id = d.event_id
       RETURNING d.id, d.endpoint_id, d.event_id, d.attempts, ev.created_at, e.url, e.secret_encrypted, ev.body`,
      [limit, lease],
    );
    return rows;
  }

  private async post(d: Claimed): Promise<Outcome> {
    const secret = this.options.secrets.open(d.secret_encrypted, endpointSecretAad(d.endpoint_id));
    const started = performance.now();
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'ats-sync-webhooks',
          [SIGNATURE_HEADERS.kombo]: komboSignature(secret, d.body),
          [SIGNATURE_HEADERS.timestamped]: timestampedSignature(secret, d.body, Math.floor(Date.now() / 1000)),
          [SIGNATURE_HEADERS.deliveryId]: d.id,
          [SIGNATURE_HEADERS.eventId]: d.event_id,
          [SIGNATURE_HEADERS.attempt]: String(d.attempts),
        },
        body: d.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.o.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      return { status: res.status, error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      const e = error as Error;
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : `${e.message}${(e.cause as Error | undefined)?.message ? ` (${(e.cause as Error).message})` : ''}`;
      return { status: null, error: reason, latencyMs: Math.round(performance.now() - started) };
    }
  }

  private async send(d: Claimed): Promise<void> {
    const startedAt = new Date();
    const outcome = await this.post(d);
    const ok = outcome.error === null;
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO webhook_attempts (delivery_id, attempt, started_at, status, latency_ms, error, worker) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [d.id, d.attempts, startedAt, outcome.status, outcome.latencyMs, outcome.error, this.o.workerId],
      );
      if (ok) {
        await client.query(`UPDATE webhook_deliveries SET state = 'SUCCEEDED', delivered_at = now(), locked_until = NULL, last_status = $2, last_error = NULL WHERE id = $1`, [d.id, outcome.status]);
        await client.query(`UPDATE webhook_endpoints SET consecutive_failures = 0 WHERE id = $1 AND consecutive_failures <> 0`, [d.endpoint_id]);
      } else {
        const retryUntil = d.created_at.getTime() + this.o.retryForMs;
        const delay = this.delay(d.attempts);
        const again = retryable(outcome) && Date.now() + delay <= retryUntil;
        await client.query(
          `UPDATE webhook_deliveries SET state = $2, next_attempt_at = now() + make_interval(secs => $3), locked_until = NULL, last_status = $4, last_error = $5 WHERE id = $1`,
          [d.id, again ? 'PENDING' : 'FAILED', delay / 1000, outcome.status, again ? outcome.error : `${outcome.error}${retryable(outcome) ? ` (gave up: retried for ${Math.round(this.o.retryForMs / 3_600_000)} h)` : ' (not retried: the receiver refused it)'}`],
        );
        const { rows } = await client.query<{ consecutive_failures: number }>(
          `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1 WHERE id = $1 RETURNING consecutive_failures`,
          [d.endpoint_id],
        );
        if ((rows[0]?.consecutive_failures ?? 0) >= this.o.disableAfterFailures) {
          await client.query(
            `UPDATE webhook_endpoints SET enabled = false, updated_at = now(), disabled_reason = $2 WHERE id = $1 AND enabled`,
            [d.endpoint_id, `Disabled at ${new Date().toISOString()} after ${rows[0].consecutive_failures} failed delivery attempts in a row; last: ${outcome.error}. PATCH enabled=true to resume (pending deliveries are kept).`],
          );
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Exponential backoff with ±25 % jitter, so endpoints recovering from an outage are not hit in lockstep. */
  private delay(attempt: number): number {
    const exp = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(exp * (0.75 + Math.random() * 0.5));
  }
}
