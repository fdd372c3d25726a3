import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small writable partner API for the write path's tests, served over real HTTP. Like the real
 * ones it does not dedupe creates, keeps contact lists per candidate, and can be told to store a
 * create and then not answer in time (the response is lost, the write is not).
 */
export interface WJob {
  id: string;
  name: string;
  status: 'open' | 'closed';
  confidential: boolean;
  stage_ids: string[];
}
export interface WCandidate {
  id: string;
  first_name: string;
  last_name: string;
  emails: string[];
  phones: string[];
  links: string[];
  source: string | null;
  tags: string[];
  work?: unknown[];
  education?: unknown[];
  created_at: string;
  updated_at: string;
}
export interface WApplication {
  id: string;
  candidate_id: string;
  job_id: string;
  stage_id: string;
  status: 'active' | 'rejected';
  reason_id: string | null;
  updated_at: string;
}
export interface WFile {
  id: string;
  candidate_id: string;
  application_id: string | null;
  name: string;
  content_type: string;
  type: string;
  size: number;
  created_at: string;
}

export interface WritableFaults {
  /** The next N creates are stored, then answered only after `hangMs` (past the client's timeout). */
  commitThenHang?: { count: number; hangMs: number };
  /** Delay every write response (ms), to hold a request in flight. */
  writeLatencyMs?: number;
  /** Creates of candidates with this last name are refused (422), as a partner refuses one bad record. */
  refuseLastName?: string;
}

export class WritableAts {
  jobs = new Map<string, WJob>();
  stages = new Map<string, { id: string; name: string }>();
  reasons = new Map<string, { id: string; name: string }>();
  candidates = new Map<string, WCandidate>();
  applications = new Map<string, WApplication>();
  notes: { id: string; application_id: string; content: string }[] = [];
  files: WFile[] = [];
  projects = new Map<string, Set<string>>([['proj-1', new Set()], ['proj-2', new Set()]]);
  faults: WritableFaults = {};
  /** Every request, as "METHOD /path". */
  log: string[] = [];
  url = '';
  private seq = 0;
  private server?: Server;

  constructor(readonly apiKey: string) {
    for (const [id, name] of [['st-lead', 'New Lead'], ['st-screen', 'Screen'], ['st-onsite', 'Onsite'], ['st-other', 'Other job stage']]) this.stages.set(id, { id, name });
    this.jobs.set('job-open', { id: 'job-open', name: 'Engineer', status: 'open', confidential: false, stage_ids: ['st-lead', 'st-screen', 'st-onsite'] });
    this.jobs.set('job-second', { id: 'job-second', name: 'Designer', status: 'open', confidential: false, stage_ids: ['st-other'] });
    this.jobs.set('job-closed', { id: 'job-closed', name: 'Old role', status: 'closed', confidential: false, stage_ids: ['st-lead'] });
    this.jobs.set('job-secret', { id: 'job-secret', name: 'Stealth CTO', status: 'open', confidential: true, stage_ids: ['st-lead'] });
    this.reasons.set('rr-1', { id: 'rr-1', name: 'Not a fit' });
    this.addCandidate({ first_name: 'José', last_name: 'Núñez', emails: ['Jose.Nunez@Example.com'], phones: ['+34 600 111 222'], links: [], source: 'Referral', tags: ['vip'] });
    this.addCandidate({ first_name: 'Ada', last_name: 'Lovelace', emails: ['ada@example.com'], phones: [], links: ['https://example.com/ada'], source: 'LinkedIn', tags: [] });
    const ada = [...this.candidates.values()][1];
    this.addApplication(ada.id, 'job-open', 'st-lead');
  }

  private now(): string {
    return new Date(Date.now() + this.seq).toISOString();
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${String(this.seq).padStart(4, '0')}`;
  }

  addCandidate(c: Omit<WCandidate, 'id' | 'created_at' | 'updated_at'>): WCandidate {
    const now = this.now();
    const candidate = { ...c, id: this.id('cand'), created_at: now, updated_at: now };
    this.candidates.set(candidate.id, candidate);
    return candidate;
  }

  addApplication(candidateId: string, jobId: string, stageId: string): WApplication {
    const application: WApplication = { id: this.id('app'), candidate_id: candidateId, job_id: jobId, stage_id: stageId, status: 'active', reason_id: null, updated_at: this.now() };
    this.applications.set(application.id, application);
    return application;
  }

  /** Requests other than reads. */
  writes(): string[] {
    return this.log.filter((l) => !l.startsWith('GET '));
  }

  async start(): Promise<string> {
    const app = express();
    app.use(express.json({ limit: '10mb' }));
    app.use((req, res, next) => {
      this.log.push(`${req.method} ${req.path}`);
      if (req.header('x-key') !== this.apiKey) return void res.status(401).json({ error: 'invalid key' });
      if (req.method !== 'GET' && this.faults.writeLatencyMs) return void setTimeout(next, this.faults.writeLatencyMs);
      next();
    });
    app.get('/ping', (_req, res) => void res.json({ ok: true }));
    app.get('/jobs', (_req, res) => void res.json([...this.jobs.values()]));
    app.get('/stages', (_req, res) => void res.json([...this.stages.values()]));
    app.get('/reasons', (_req, res) => void res.json([...this.reasons.values()]));
    app.get('/applications', (_req, res) => void res.json([...this.applications.values()]));
    app.get('/candidates', (req, res) => {
      const email = typeof req.query.email === 'string' ? req.query.email.toLowerCase() : null;
      res.json([...this.candidates.values()].filter((c) => !email || c.emails.some((e) => e.toLowerCase() === email)));
    });
    app.get('/candidates/:id', (req, res) => this.found(res, this.candidates.get(req.params.id)));
    app.get('/applications/:id', (req, res) => this.found(res, this.applications.get(req.params.id)));
    app.get('/candidates/:id/files', (req, res) => void res.json(this.files.filter((f) => f.candidate_id === req.params.id)));

    app.post('/candidates', (req, res) => {
      const b = req.body;
      if (!b.first_name || !b.last_name) return void res.status(422).json({ error: 'first_name and last_name are required' });
      if (this.faults.refuseLastName && b.last_name === this.faults.refuseLastName) return void res.status(422).json({ error: `last_name ${b.last_name} is not accepted` });
      const candidate = this.addCandidate({ first_name: b.first_name, last_name: b.last_name, emails: b.emails ?? [], phones: b.phones ?? [], links: b.links ?? [], source: b.source ?? null, tags: [], work: b.work ?? [], education: b.education ?? [] });
      const application = b.application ? this.addApplication(candidate.id, b.application.job_id, b.application.stage_id ?? this.jobs.get(b.application.job_id)!.stage_ids[0]) : null;
      const hang = this.faults.commitThenHang;
      if (hang && hang.count > 0) {
        hang.count -= 1;
        return void setTimeout(() => res.json({ candidate, application }), hang.hangMs);
      }
      res.json({ candidate, application });
    });
    app.post('/candidates/:id/contact', (req, res) => {
      const c = this.candidates.get(req.params.id);
      if (!c) return void res.status(404).json({ error: 'no such candidate' });
      const add = (list: string[], more: string[] = []) => [...list, ...more.filter((m) => !list.some((l) => l.toLowerCase() === m.toLowerCase()))];
      this.candidates.set(c.id, { ...c, emails: add(c.emails, req.body.emails), phones: add(c.phones, req.body.phones), links: add(c.links, req.body.links), updated_at: this.now() });
      res.json(this.candidates.get(c.id));
    });
    app.put('/candidates/:id', (req, res) => {
      const c = this.candidates.get(req.params.id);
      if (!c) return void res.status(404).json({ error: 'no such candidate' });
      const b = req.body;
      this.candidates.set(c.id, { ...c, first_name: b.first_name ?? c.first_name, last_name: b.last_name ?? c.last_name, emails: b.emails ?? c.emails, phones: b.phones ?? c.phones, links: b.links ?? c.links, work: b.work ?? c.work, education: b.education ?? c.education, updated_at: this.now() });
      res.json(this.candidates.get(c.id));
    });
    app.put('/projects/:id/candidates', (req, res) => {
      const project = this.projects.get(req.params.id);
      if (!project) return void res.status(404).json({ error: 'no such project' });
      for (const id of req.body.candidate_ids ?? []) project.add(id);
      res.status(204).end();
    });
    app.post('/applications', (req, res) => {
      const { candidate_id, job_id, stage_id } = req.body;
      if (!this.candidates.has(candidate_id) || !this.jobs.has(job_id)) return void res.status(422).json({ error: 'unknown candidate or job' });
      res.json(this.addApplication(candidate_id, job_id, stage_id ?? this.jobs.get(job_id)!.stage_ids[0]));
    });
    app.post('/applications/:id/stage', (req, res) => this.patchApplication(req, res, { stage_id: req.body.stage_id }));
    app.post('/applications/:id/reject', (req, res) => this.patchApplication(req, res, { status: 'rejected', reason_id: req.body.reason_id }));
    app.post('/applications/:id/notes', (req, res) => {
      if (!this.applications.has(req.params.id)) return void res.status(404).json({ error: 'no such application' });
      const note = { id: this.id('note'), application_id: req.params.id, content: req.body.content };
      this.notes.push(note);
      res.json(note);
    });
    app.post('/candidates/:id/tags', (req, res) => {
      const c = this.candidates.get(req.params.id);
      if (!c) return void res.status(404).json({ error: 'no such candidate' });
      if (!c.tags.includes(req.body.name)) this.candidates.set(c.id, { ...c, tags: [...c.tags, req.body.name], updated_at: this.now() });
      res.json(this.candidates.get(c.id));
    });
    app.delete('/candidates/:id/tags/:name', (req, res) => {
      const c = this.candidates.get(req.params.id);
      if (!c) return void res.status(404).json({ error: 'no such candidate' });
      this.candidates.set(c.id, { ...c, tags: c.tags.filter((t) => t !== req.params.name), updated_at: this.now() });
      res.json(this.candidates.get(c.id));
    });
    app.post('/candidates/:id/files', (req, res) => {
      if (!this.candidates.has(req.params.id)) return void res.status(404).json({ error: 'no such candidate' });
      const file: WFile = {
        id: this.id('file'),
        candidate_id: req.params.id,
        application_id: req.body.application_id ?? null,
        name: req.body.name,
        content_type: req.body.content_type,
        type: req.body.type,
        size: Buffer.from(req.body.data, 'base64').length,
        created_at: this.now(),
      };
      this.files.push(file);
      res.json(file);
    });
    this.server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private found(res: express.Response, record: unknown): void {
    if (!record) return void res.status(404).json({ error: 'not found' });
    res.json(record);
  }

  private patchApplication(req: express.Request, res: express.Response, patch: Partial<WApplication>): void {
    const a = this.applications.get(String(req.params.id));
    if (!a) return void res.status(404).json({ error: 'no such application' });
    this.applications.set(a.id, { ...a, ...patch, updated_at: this.now() });
    res.json(this.applications.get(a.id));
  }
}
