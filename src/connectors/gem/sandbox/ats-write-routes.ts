import { Router, type Request } from 'express';
import type { GemApplication, GemJob, GemJobStage } from '../gem.types.js';
import { GemHttpError } from './gem-errors.js';
import { MODEL_CODE, newCandidate, type GemStore, type StoredCandidate } from './sandbox-store.js';
import { atsCandidate, userLite } from './views.js';

/**
 * The Gem ATS API's writes. Gem's ATS API follows Greenhouse's Harvest API (same paths, same
 * shapes); partner-apis.md §2.5 anchors the candidate-with-application create and the notes. The
 * application create, the stage move and the reject are modelled on Harvest (UNCONFIRMED for Gem).
 * Unlike v0, the ATS create does not dedupe: the same email twice makes two candidates.
 */

function invalid(field: string, message: string): never {
  throw new GemHttpError(400, `${field}: ${message}`, { [field]: { message } });
}

const bodyOf = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : invalid('body', 'must be a JSON object');

function str(body: Record<string, unknown>, field: string, required = false): string | null {
  const value = body[field];
  if (value === undefined || value === null || value === '') {
    if (required) invalid(field, 'is required');
    return null;
  }
  if (typeof value !== 'string') invalid(field, 'must be a string');
  if (value.length > 255 && field !== 'body') invalid(field, 'must be at most 255 characters');
  return value;
}

const ATTACHMENT_TYPES = new Set(['resume', 'cover_letter', 'admin_only', 'other']);

export function atsWriteRoutes(store: GemStore): Router {
  const router = Router();

  const jobFor = (id: string | null, field: string): GemJob => {
    const job = id ? store.jobs.get(id) : undefined;
    if (!job || job.deleted_at) invalid(field, `no job with id ${id}`);
    if (job.status !== 'open') invalid(field, `job ${id} is ${job.status}: it takes no applications`);
    return job;
  };

  /** The stage asked for (of that job), or the job's first stage. */
  const stageFor = (job: GemJob, id: string | null): GemJobStage => {
    const stages = (store.stagesByJob.get(job.id) ?? []).filter((s) => !s.deleted_at).sort((a, b) => a.priority - b.priority);
    if (id === null) {
      if (stages.length === 0) invalid('job_id', `job ${job.id} has no stages`);
      return stages[0];
    }
    const stage = stages.find((s) => s.id === id);
    if (!stage) invalid('initial_stage_id', `${id} is not a stage of job ${job.id}`);
    return stage;
  };

  const userId = (value: unknown, field: string): string | null => {
    if (value === undefined || value === null) return null;
    const id = (value as { user_id?: unknown }).user_id ?? value;
    if (typeof id !== 'string' || !store.users.get(id)) invalid(field, 'must name a user');
    return id;
  };

  const newApplication = (candidateId: string, job: GemJob, stage: GemJobStage, body: Record<string, unknown>, now: string): GemApplication => {
    const sourceId = str(body, 'source_id');
    const source = sourceId ? (store.sources.get(sourceId) ?? invalid('source_id', `no source with id ${sourceId}`)) : null;
    return {
      id: store.nextId(MODEL_CODE.application, Date.parse(now)),
      candidate_id: candidateId,
      applied_at: now,
      rejected_at: null,
      last_activity_at: now,
      source,
      credited_to: userId(body.sourcer, 'sourcer') ?? userId(body.recruiter, 'recruiter'),
      rejection_reason: null,
      jobs: [{ id: job.id, name: job.name }],
      job_post_id: null,
      status: 'active',
      current_stage: { id: stage.id, name: stage.name },
      deleted_at: null,
    };
  };

  const attachmentsOf = (body: Record<string, unknown>, now: string): StoredCandidate['attachments'] => {
    const list = body.attachments ?? [];
    if (!Array.isArray(list)) invalid('attachments', 'must be a list');
    return list.map((a, i) => {
      const item = (a ?? {}) as Record<string, unknown>;
      if (typeof item.filename !== 'string' || item.filename === '') invalid(`attachments[${i}].filename`, 'is required');
      if (typeof item.type !== 'string' || !ATTACHMENT_TYPES.has(item.type)) invalid(`attachments[${i}].type`, `must be one of ${[...ATTACHMENT_TYPES].join(', ')}`);
      if (typeof item.content !== 'string' || item.content === '') invalid(`attachments[${i}].content`, 'must be the base64 file content');
      const id = store.nextId(MODEL_CODE.attachment, Date.parse(now));
      return { filename: item.filename, url: `https://files.gem.example/${id}/${encodeURIComponent(item.filename)}`, type: item.type, created_at: now };
    });
  };

  const candidateOf = (id: string): StoredCandidate => {
    const candidate = store.candidates.get(id);
    if (!candidate || candidate.deleted_at) throw new GemHttpError(404, `Candidate ${id} not found`);
    return candidate;
  };

  const applicationOf = (id: string): GemApplication => {
    const application = store.applications.get(id);
    if (!application || application.deleted_at) throw new GemHttpError(404, `Application ${id} not found`);
    return application;
  };

  /** A change to an application is activity on it and on its candidate. */
  const touch = (application: GemApplication, now: string) => {
    application.last_activity_at = now;
    const candidate = store.candidates.get(application.candidate_id);
    if (candidate) candidate.last_activity = now;
  };

  // The (deprecated but working) create: a candidate and their application to one job, in one call.
  router.post('/candidates', (req, res) => {
    const body = bodyOf(req);
    const firstName = str(body, 'first_name', true)!;
    const lastName = str(body, 'last_name', true)!;
    const email = str(body, 'email', true)!;
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) invalid('email', 'must be an email address');
    const job = jobFor(str(body, 'job_id', true), 'job_id');
    const stage = stageFor(job, str(body, 'initial_stage_id'));
    const handle = str(body, 'linkedin_handle');
    const phone = str(body, 'phone_number');
    const now = store.stamp();
    const candidate = newCandidate(
      {
        id: store.nextId(MODEL_CODE.candidate, Date.parse(now)),
        first_name: firstName,
        last_name: lastName,
        company: str(body, 'company'),
        title: str(body, 'title'),
        phone_numbers: phone ? [{ type: 'mobile', value: phone }] : [],
        email_addresses: [{ type: 'personal', value: email, is_primary: true }],
        social_media_addresses: handle ? [{ value: `https://www.linkedin.com/in/${handle}` }] : [],
        created_by: userId(body.sourcer, 'sourcer') ?? userId(body.recruiter, 'recruiter') ?? store.users.items[0].id,
        linked_in_handle: handle,
      },
      now,
    );
    const application = newApplication(candidate.id, job, stage, body, now);
    candidate.attachments = attachmentsOf(body, now);
    store.candidates.add(candidate);
    store.addApplication(application);
    res.status(201).json(atsCandidate(store, candidate));
  });

  // Harvest: POST /candidates/{id}/applications adds an application for an existing candidate.
  router.post('/candidates/:id/applications', (req, res) => {
    const candidate = candidateOf(req.params.id);
    const body = bodyOf(req);
    const job = jobFor(str(body, 'job_id', true), 'job_id');
    const active = (store.applicationsByCandidate.get(candidate.id) ?? []).find((a) => !a.deleted_at && a.status === 'active' && a.jobs.some((j) => j.id === job.id));
    if (active) throw new GemHttpError(422, `Candidate ${candidate.id} already has an active application (${active.id}) for job ${job.id}.`, { job_id: { application_id: active.id } });
    const stage = stageFor(job, str(body, 'initial_stage_id'));
    const now = store.stamp();
    const application = newApplication(candidate.id, job, stage, body, now);
    store.addApplication(application);
    candidate.updated_at = now;
    candidate.last_activity = now;
    res.status(201).json(application);
  });

  router.get('/applications/:id', (req, res) => {
    const application = store.applications.get(req.params.id);
    if (!application) throw new GemHttpError(404, `Application ${req.params.id} not found`);
    res.json(application);
  });

  // Harvest's move: from_stage_id must be the current stage, so a repeated move fails instead of moving twice.
  router.post('/applications/:id/move', (req, res) => {
    const application = applicationOf(req.params.id);
    const body = bodyOf(req);
    const from = str(body, 'from_stage_id', true);
    const to = str(body, 'to_stage_id', true)!;
    if (application.status !== 'active') invalid('application_id', `application ${application.id} is ${application.status}`);
    if (application.current_stage?.id !== from) invalid('from_stage_id', `the application is in stage ${application.current_stage?.id ?? 'none'}, not ${from}`);
    const stage = (store.stagesByJob.get(application.jobs[0]?.id ?? '') ?? []).find((s) => s.id === to && !s.deleted_at);
    if (!stage) invalid('to_stage_id', `${to} is not a stage of the application's job`);
    application.current_stage = { id: stage.id, name: stage.name };
    touch(application, store.stamp());
    res.json(application);
  });

  router.post('/applications/:id/reject', (req, res) => {
    const application = applicationOf(req.params.id);
    const body = bodyOf(req);
    const reasonId = str(body, 'rejection_reason_id', true)!;
    const reason = store.rejectionReasons.get(reasonId) ?? invalid('rejection_reason_id', `no rejection reason with id ${reasonId}`);
    if (application.status !== 'active') invalid('application_id', `application ${application.id} is ${application.status}`);
    const now = store.stamp();
    application.status = 'rejected';
    application.rejected_at = now;
    application.rejection_reason = reason;
    touch(application, now);
    const notes = str(body, 'notes');
    if (notes) addNote(application.candidate_id, application.credited_to ?? store.users.items[0].id, notes, 'private', now);
    res.json(application);
  });

  const addNote = (candidateId: string, userIdValue: string, text: string, visibility: 'public' | 'private', now: string) => {
    const user = store.users.get(userIdValue)!;
    const note = { id: store.nextId(MODEL_CODE.note, Date.parse(now)), created_at: now, body: text, user: userLite(user), private: visibility === 'private', visibility };
    store.notesByCandidate.set(candidateId, [...(store.notesByCandidate.get(candidateId) ?? []), note]);
    return note;
  };

  router.post('/candidates/:id/activity_feed/notes', (req, res) => {
    const candidate = candidateOf(req.params.id);
    const body = bodyOf(req);
    const user = userId(body.user_id, 'user_id') ?? invalid('user_id', 'is required');
    const text = body.body;
    if (typeof text !== 'string' || text.trim() === '' || text.length > 10_000) invalid('body', 'must be 1 to 10000 characters');
    const visibility = body.visibility ?? 'public';
    if (visibility !== 'public' && visibility !== 'private') invalid('visibility', 'must be public or private');
    const now = store.stamp();
    const note = addNote(candidate.id, user, text, visibility, now);
    candidate.last_activity = now;
    res.status(201).json(note);
  });

  router.get('/candidates/:id/activity_feed/notes', (req, res) => {
    res.json(store.notesByCandidate.get(candidateOf(req.params.id).id) ?? []);
  });

  return router;
}
