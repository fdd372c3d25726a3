import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small partner API for engine tests, served over real HTTP: keyset paging (`after`, `limit`),
 * `updated_after` deltas, an API key header, and switchable faults (failing pages, 429 storms with
 * or without Retry-After, records that move or vanish between pages, malformed records).
 */
export interface FakeCandidate {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  tags: string[];
  updated_at: string;
}

export interface FakeApplication {
  id: string;
  candidate_id: string;
  status: string;
  updated_at: string;
}

export interface Faults {
  /** Fail these 1-based page numbers of a list with this status, every time. */
  failPages?: { list: 'candidates' | 'applications'; page: number; status: number }[];
  /** Answer the next N requests with 429. */
  rateLimitStorm?: { count: number; retryAfterSeconds?: number };
  /** Before serving page N of candidates, delete this candidate (it vanishes mid-run). */
  vanishBeforePage?: { page: number; id: string };
  /** A record whose shape is broken (the mapper must reject it). */
  malformedCandidate?: boolean;
  /** Refuse every request with 401 (revoked key). */
  revoked?: boolean;
  /** Delay every response (ms), to give a test time to act mid-run. */
  latencyMs?: number;
}

export class FakeAts {
  candidates = new Map<string, FakeCandidate>();
  applications = new Map<string, FakeApplication>();
  faults: Faults = {};
  requests = 0;
  // Seeded records date from a day ago; later changes get the current time (always increasing).
  private clock = Date.now() - 86_400_000;
  private server?: Server;
  url = '';

  constructor(
    readonly apiKey: string,
    size: number,
  ) {
    for (let i = 0; i < size; i++) this.addCandidate(i, true);
  }

  /** Strictly increasing partner timestamps. */
  tick(): string {
    this.clock += 1;
    return new Date(this.clock).toISOString();
  }

  /** From now on, changes are stamped with the current time. */
  private now(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock).toISOString();
  }

  addCandidate(i: number, seeded = false): FakeCandidate {
    const id = `c${String(i).padStart(7, '0')}`;
    const updated_at = seeded ? this.tick() : this.now();
    const candidate = { id, first_name: `First${i}`, last_name: `Last${i}`, email: `person${i}@example.com`, tags: [`t${i % 3}`], updated_at };
    this.candidates.set(id, candidate);
    const application = { id: `a${id.slice(1)}`, candidate_id: id, status: 'active', updated_at: candidate.updated_at };
    this.applications.set(application.id, application);
    return candidate;
  }

  update(id: string, patch: Partial<FakeCandidate>): void {
    const candidate = this.candidates.get(id)!;
    this.candidates.set(id, { ...candidate, ...patch, updated_at: this.now() });
  }

  remove(id: string): void {
    this.candidates.delete(id);
    this.applications.delete(`a${id.slice(1)}`);
  }

  async start(): Promise<string> {
    const app = express();
    app.use((req, res, next) => {
      this.requests += 1;
      if (this.faults.revoked || req.header('x-key') !== this.apiKey) return void res.status(401).json({ error: 'invalid key' });
      const storm = this.faults.rateLimitStorm;
      if (storm && storm.count > 0) {
        storm.count -= 1;
        if (storm.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(storm.retryAfterSeconds));
        return void res.status(429).json({ error: 'slow down' });
      }
      setTimeout(next, this.faults.latencyMs ?? 0);
    });
    app.get('/ping', (_req, res) => void res.json({ ok: true }));
    app.get('/candidates', (req, res) => this.list(req, res, 'candidates'));
    app.get('/applications', (req, res) => this.list(req, res, 'applications'));
    this.server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private list(req: express.Request, res: express.Response, list: 'candidates' | 'applications'): void {
    const limit = Number(req.query.limit ?? 100);
    const after = String(req.query.after ?? '');
    const page = Number(req.query.page_number ?? 1);
    const vanish = this.faults.vanishBeforePage;
    if (list === 'candidates' && vanish && vanish.page === page) {
      this.remove(vanish.id);
      this.faults.vanishBeforePage = undefined;
    }
    const failing = this.faults.failPages?.find((f) => f.list === list && f.page === page);
    if (failing) return void res.status(failing.status).json({ error: 'boom' });

    const updatedAfter = req.query.updated_after ? String(req.query.updated_after) : undefined;
    const source: (FakeCandidate | FakeApplication)[] = [...(list === 'candidates' ? this.candidates : this.applications).values()];
    const items: unknown[] = source
      .filter((r) => r.id > after && (!updatedAfter || r.updated_at >= updatedAfter))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, limit);
    const hasMore = items.length === limit;
    if (list === 'candidates' && this.faults.malformedCandidate && page === 1) items.unshift({ id: 'broken-1', first_name: 42 });
    res.json({ data: items, has_more: hasMore });
  }
}
