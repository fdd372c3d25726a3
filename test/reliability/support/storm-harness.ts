import pg from 'pg';
import { pino } from 'pino';
import { SecretBox } from '../../../src/common/crypto/secret-box.js';
import { createPool } from '../../../src/database/pool.js';
import type { PatiencePolicy } from '../../../src/sync/partner-patience.js';
import { SyncRunner } from '../../../src/sync/sync-runner.js';
import { SyncRuns, type SyncRun, type SyncType } from '../../../src/sync/sync-runs.repository.js';
import { API_KEY as ASHBY_KEY, startSandbox as startAshby } from '../../connectors/ashby/ashby-test-support.js';
import { API_KEY as GEM_KEY, startSandbox as startGem } from '../../connectors/gem/gem-test-kit.js';
import { API_KEY as JAZZ_KEY, startSandbox as startJazz } from '../../connectors/jazzhr/jazzhr-test-kit.js';
import { insertConnectionRow } from '../../support/connection-row.js';
import { FAST_RETRY } from '../../sync/support/engine-harness-constants.js';
import type { TestDatabase } from '../../support/test-database.js';
import { contentOf } from './content-snapshot.js';

/** Each provider's sandbox, small enough for a test, with its key. */
export const STORM_PROVIDERS = [
  { provider: 'ashby', key: ASHBY_KEY, start: () => startAshby(80, 5) },
  { provider: 'gem', key: GEM_KEY, start: () => startGem({ candidates: 3000 }) },
  // Its rate limit is lifted (ROOMY_LIMIT); the proxy and the sandbox's switches make the storms.
  { provider: 'jazzhr', key: JAZZ_KEY, start: () => startJazz({ candidates: 80 }) },
] as const;

/** Short waits for tests: the HTTP client gives up after ~0.3 s, then the stream's patience takes over. */
export const TEST_PATIENCE: Partial<PatiencePolicy> = { windowMs: 30_000, firstWaitMs: 100, maxWaitMs: 1_000 };

export class StormHarness {
  readonly pool: pg.Pool;
  readonly secrets: SecretBox;

  constructor(
    readonly db: TestDatabase,
    encryptionKey: Buffer,
  ) {
    this.pool = createPool(db.url, { max: 6 });
    this.secrets = new SecretBox(encryptionKey);
  }

  connection(provider: string, baseUrl: string, apiKey: string): Promise<string> {
    return insertConnectionRow(this.pool, this.secrets, { provider, baseUrl, apiKey });
  }

  /** One run, executed to its end by the real engine. */
  async sync(connectionId: string, type: SyncType = 'FULL', patience: Partial<PatiencePolicy> = TEST_PATIENCE): Promise<SyncRun> {
    const runner = new SyncRunner({
      pool: this.pool,
      secrets: this.secrets,
      logger: pino({ level: process.env.STORM_LOG_LEVEL ?? 'silent' }),
      http: { retry: FAST_RETRY, limits: { requestsPerSecond: 2_000, concurrency: 4 }, timeoutMs: 1_000 },
      patience,
      batchSize: 40,
    });
    const run = await SyncRuns.create(this.pool, connectionId, type, 'MANUAL');
    await runner.execute(run.id);
    return (await SyncRuns.get(this.pool, run.id))!;
  }

  /** The connection's content without internal ids (see contentOf). */
  content(connectionId: string): Promise<Record<string, string[]>> {
    return contentOf(this.pool, connectionId);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Waits the run's report shows, over all its streams. */
export function waitsOf(run: SyncRun): { count: number; seconds: number; rates: number[] } {
  const waits = Object.values(run.streams).flatMap((s) => s.waits ?? []);
  return {
    count: waits.length,
    seconds: Object.values(run.streams).reduce((n, s) => n + (s.waited_seconds ?? 0), 0),
    rates: waits.map((w) => w.requests_per_second),
  };
}

/** True when a run changed nothing: every count but fetched/unchanged is 0. */
export function changedNothing(run: SyncRun): boolean {
  return Object.values(run.counts).every((c) => !c || (c.created === 0 && c.updated === 0 && c.deleted === 0 && c.failed === 0));
}
