import { Router, type Request } from 'express';
import type { GemUser } from '../gem.types.js';
import { GemHttpError } from './gem-errors.js';
import { boolParam, pageOf, setV0Pagination, stringParam, unixParam, v0Page, type Predicate } from './list-query.js';
import { MODEL_CODE, newCandidate, type GemStore, type StoredCandidate, type StoredProject } from './sandbox-store.js';
import { unixSeconds, v0Candidate } from './views.js';

const TEXT_FIELDS = ['first_name', 'last_name', 'nickname', 'title', 'company', 'location', 'school', 'phone_number', 'linked_in_handle'] as const;

function invalid(field: string, message: string): never {
  throw new GemHttpError(400, `${field}: ${message}`, { [field]: { message } });
}

function textFields(body: Record<string, unknown>): Partial<Record<(typeof TEXT_FIELDS)[number], string | null>> {
  const out: Partial<Record<(typeof TEXT_FIELDS)[number], string | null>> = {};
  for (const field of TEXT_FIELDS) {
    const value = body[field];
    if (value === undefined) continue;
    if (value !== null && typeof value !== 'string') invalid(field, 'must be a string or null');
    if (typeof value === 'string' && value.length > 255) invalid(field, 'must be at most 255 characters');
    out[field] = value as string | null;
  }
  return out;
}

function emailsOf(body: Record<string, unknown>): { email_address: string; is_primary: boolean }[] | undefined {
  const emails = body.emails;
  if (emails === undefined) return undefined;
  if (!Array.isArray(emails) || emails.length > 20) invalid('emails', 'must be a list of at most 20 emails');
  return emails.map((e, i) => {
    const address = (e as { email_address?: unknown })?.email_address;
    if (typeof address !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(address)) invalid(`emails[${i}].email_address`, 'must be an email address');
    return { email_address: address, is_primary: Boolean((e as { is_primary?: unknown }).is_primary) };
  });
}

/** A list of sub-objects (work_info, education_info) with only the keys Gem knows; dates YYYY-MM-DD. */
function listOf(body: Record<string, unknown>, field: string, keys: string[]): Record<string, unknown>[] {
  const value = body[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) invalid(field, 'must be a list');
  return value.map((item, i) => {
    if (!item || typeof item !== 'object') invalid(`${field}[${i}]`, 'must be an object');
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const v = (item as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (/date/.test(key) && v !== null && !(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) invalid(`${field}[${i}].${key}`, 'must be YYYY-MM-DD');
      out[key] = v;
    }
    return out;
  });
}

const bodyOf = (req: Request): Record<string, unknown> =>
  req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : invalid('body', 'must be a JSON object');

/** Gem API v0 (CRM): page/page_size (≤ 100), the X-Pagination header, Unix-second timestamps. */
export function v0Routes(store: GemStore): Router {
  const router = Router();

  router.get('/users', (req, res) => {
    const email = stringParam(req.query, 'email')?.toLowerCase();
    const filters: Predicate<GemUser>[] = [(u) => u.deleted_at === null];
    if (email) filters.push((u) => u.emails.includes(email));
    const page = v0Page(req.query);
    const { rows, total } = pageOf(store.users.items, filters, page, true);
    setV0Pagination(res, total, page);
    res.json(rows.map((u) => ({ id: u.id, name: u.name, email: u.primary_email_address })));
  });

  router.get('/candidates', (req, res) => {
    const q = req.query;
    const filters: Predicate<StoredCandidate>[] = [(c) => c.deleted_at === null];
    const email = stringParam(q, 'email')?.toLowerCase();
    if (email) filters.push((c) => c.email_addresses.some((e) => e.value.toLowerCase() === email));
    const handle = stringParam(q, 'linked_in_handle');
    if (handle) filters.push((c) => c.linked_in_handle === handle);
    const createdBy = stringParam(q, 'created_by');
    if (createdBy) filters.push((c) => c.created_by === createdBy);
    const createdAfter = unixParam(q, 'created_after');
    if (createdAfter !== undefined) filters.push((c) => unixSeconds(c.created_at)! > createdAfter);
    const createdBefore = unixParam(q, 'created_before');
    if (createdBefore !== undefined) filters.push((c) => unixSeconds(c.created_at)! < createdBefore);
    const updatedAfter = unixParam(q, 'updated_after');
    if (updatedAfter !== undefined) filters.push((c) => c.updated_at !== null && unixSeconds(c.updated_at)! > updatedAfter);
    if (q.candidate_ids !== undefined) {
      const ids = (Array.isArray(q.candidate_ids) ? q.candidate_ids : [q.candidate_ids]).flatMap((v) => String(v).split(','));
      if (ids.length > 20) invalid('candidate_ids', 'at most 20 ids');
      const wanted = new Set(ids);
      filters.push((c) => wanted.has(c.id));
    }
    const sort = stringParam(q, 'sort') ?? 'asc';
    if (sort !== 'asc' && sort !== 'desc') invalid('sort', 'must be asc or desc');
    const items = sort === 'asc' ? store.candidates.items : [...store.candidates.items].reverse();
    const page = v0Page(q);
    const { rows, total } = pageOf(items, filters, page, true);
    setV0Pagination(res, total, page);
    res.json(rows.map((c) => v0Candidate(store, c)));
  });

  router.get('/candidates/:id', (req, res) => {
    const candidate = store.candidates.get(req.params.id);
    if (!candidate || candidate.deleted_at) throw new GemHttpError(404, `Candidate ${req.params.id} not found`);
    res.json(v0Candidate(store, candidate));
  });

  // Gem dedupes on email and LinkedIn handle: a duplicate create is a 400 naming the existing candidate.
  router.post('/candidates', (req, res) => {
    const body = bodyOf(req);
    const createdBy = body.created_by;
    if (typeof createdBy !== 'string' || !store.users.get(createdBy)) invalid('created_by', 'must be the id of a user');
    const text = textFields(body);
    const emails = emailsOf(body) ?? [];
    const projectIds = (body.project_ids ?? []) as unknown;
    if (!Array.isArray(projectIds) || projectIds.length > 20 || projectIds.some((p) => typeof p !== 'string' || !store.projects.get(p))) {
      invalid('project_ids', 'must be at most 20 ids of existing projects');
    }
    const profileUrls = (body.profile_urls ?? []) as unknown;
    if (!Array.isArray(profileUrls) || profileUrls.some((u) => typeof u !== 'string' || !/^https?:\/\//.test(u))) invalid('profile_urls', 'must be a list of URLs');
    const wanted = new Set(emails.map((e) => e.email_address.toLowerCase()));
    const duplicate = store.candidates.items.find(
      (c) =>
        c.deleted_at === null &&
        ((text.linked_in_handle && c.linked_in_handle === text.linked_in_handle) || c.email_addresses.some((e) => wanted.has(e.value.toLowerCase()))),
    );
    if (duplicate) {
      throw new GemHttpError(400, 'A candidate with this email address or LinkedIn handle already exists.', { duplicate_candidate: { id: duplicate.id } });
    }
    const now = store.stamp();
    const candidate = store.candidates.add(
      newCandidate(
        {
          id: store.nextId(MODEL_CODE.candidate, Date.parse(now)),
          first_name: text.first_name ?? null,
          last_name: text.last_name ?? null,
          company: text.company ?? null,
          title: text.title ?? null,
          phone_numbers: text.phone_number ? [{ type: 'mobile', value: text.phone_number }] : [],
          email_addresses: emails.map((e, i) => ({ type: null, value: e.email_address, is_primary: e.is_primary || (i === 0 && !emails.some((x) => x.is_primary)) })),
          social_media_addresses: [...(text.linked_in_handle ? [{ value: `https://www.linkedin.com/in/${text.linked_in_handle}` }] : []), ...profileUrls.map((value) => ({ value }))],
          created_by: createdBy,
          nickname: text.nickname ?? null,
          location: text.location ?? null,
          school: text.school ?? null,
          linked_in_handle: text.linked_in_handle ?? null,
          sourced_from: typeof body.sourced_from === 'string' ? body.sourced_from : null,
        },
        now,
      ),
    );
    const work = listOf(body, 'work_info', ['company', 'title', 'work_start_date', 'work_end_date', 'is_current']);
    const education = listOf(body, 'education_info', ['school', 'parsed_university', 'parsed_school', 'start_date', 'end_date', 'field_of_study', 'parsed_major_1', 'parsed_major_2', 'degree']);
    if (work.length > 0) candidate.work_info = work;
    if (education.length > 0) candidate.education_info = education;
    for (const projectId of projectIds as string[]) {
      store.projectMembers.get(projectId)!.push({ candidate_id: candidate.id, added_at: unixSeconds(now)! });
    }
    res.status(201).json(v0Candidate(store, candidate));
  });

  router.put('/candidates/:id', (req, res) => {
    const candidate = store.candidates.get(req.params.id);
    if (!candidate || candidate.deleted_at) throw new GemHttpError(404, `Candidate ${req.params.id} not found`);
    const body = bodyOf(req);
    const text = textFields(body);
    const emails = emailsOf(body);
    for (const field of ['first_name', 'last_name', 'nickname', 'title', 'company', 'location', 'school'] as const) {
      if (text[field] !== undefined) candidate[field] = text[field] ?? null;
    }
    if (text.phone_number !== undefined) candidate.phone_numbers = text.phone_number ? [{ type: 'mobile', value: text.phone_number }] : [];
    // v0 emails carry no type: an address the candidate already has keeps the type the ATS gave it.
    if (emails) {
      const typeOf = new Map(candidate.email_addresses.map((e) => [e.value.toLowerCase(), e.type]));
      candidate.email_addresses = emails.map((e) => ({ type: typeOf.get(e.email_address.toLowerCase()) ?? null, value: e.email_address, is_primary: e.is_primary }));
    }
    candidate.updated_at = store.stamp();
    res.json(v0Candidate(store, candidate));
  });

  router.get('/projects', (req, res) => {
    const q = req.query;
    const filters: Predicate<StoredProject>[] = [];
    const userId = stringParam(q, 'user_id');
    if (userId) filters.push((p) => p.user_id === userId);
    const archived = boolParam(q, 'is_archived');
    if (archived !== undefined) filters.push((p) => p.is_archived === archived);
    const after = unixParam(q, 'created_after');
    if (after !== undefined) filters.push((p) => p.created_at > after);
    const before = unixParam(q, 'created_before');
    if (before !== undefined) filters.push((p) => p.created_at < before);
    const items = stringParam(q, 'sort') === 'desc' ? [...store.projects.items].reverse() : store.projects.items;
    const page = v0Page(q);
    const { rows, total } = pageOf(items, filters, page, true);
    setV0Pagination(res, total, page);
    res.json(rows);
  });

  router.post('/projects', (req, res) => {
    const body = bodyOf(req);
    if (typeof body.user_id !== 'string' || !store.users.get(body.user_id)) invalid('user_id', 'must be the id of a user');
    if (typeof body.name !== 'string' || body.name.length === 0 || body.name.length > 255) invalid('name', 'must be 1 to 255 characters');
    const privacy = body.privacy_type ?? 'personal';
    if (privacy !== 'confidential' && privacy !== 'personal' && privacy !== 'shared') invalid('privacy_type', 'must be confidential, personal or shared');
    const now = store.stamp();
    const project = store.projects.add({
      id: store.nextId(MODEL_CODE.project, Date.parse(now)),
      created_at: unixSeconds(now)!,
      user_id: body.user_id,
      name: body.name,
      privacy_type: privacy,
      description: typeof body.description === 'string' ? body.description : null,
      is_archived: false,
      project_fields: [],
      context: null,
    });
    store.projectMembers.set(project.id, []);
    res.status(201).json(project);
  });

  const projectOf = (id: string) => store.projects.get(id) ?? (() => { throw new GemHttpError(404, `Project ${id} not found`); })();

  router.get('/projects/:id', (req, res) => {
    res.json(projectOf(req.params.id));
  });

  router.patch('/projects/:id', (req, res) => {
    const project = projectOf(req.params.id);
    const body = bodyOf(req);
    if (body.name !== undefined) {
      if (typeof body.name !== 'string' || body.name.length === 0 || body.name.length > 255) invalid('name', 'must be 1 to 255 characters');
      project.name = body.name;
    }
    if (body.description !== undefined) project.description = typeof body.description === 'string' ? body.description : null;
    if (body.is_archived !== undefined) project.is_archived = Boolean(body.is_archived);
    res.json(project);
  });

  router.get('/projects/:id/candidates', (req, res) => {
    projectOf(req.params.id);
    const page = v0Page(req.query);
    const { rows, total } = pageOf(store.projectMembers.get(req.params.id) ?? [], [], page, true);
    setV0Pagination(res, total, page);
    res.json(rows);
  });

  const membershipBody = (req: Request): string[] => {
    const body = bodyOf(req);
    const ids = body.candidate_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000 || ids.some((id) => typeof id !== 'string')) {
      invalid('candidate_ids', 'must be a list of 1 to 1000 candidate ids');
    }
    if (typeof body.user_id !== 'string' || !store.users.get(body.user_id)) invalid('user_id', 'must be the id of a user');
    for (const id of ids as string[]) if (!store.candidates.get(id)) invalid('candidate_ids', `candidate ${id} does not exist`);
    return ids as string[];
  };

  router.put('/projects/:id/candidates', (req, res) => {
    projectOf(req.params.id);
    const ids = membershipBody(req);
    const members = store.projectMembers.get(req.params.id)!;
    const already = ids.find((id) => members.some((m) => m.candidate_id === id));
    if (already) throw new GemHttpError(400, `Candidate ${already} is already in the project.`, { candidate_ids: { id: already } });
    const at = unixSeconds(store.stamp())!;
    for (const id of ids) members.push({ candidate_id: id, added_at: at });
    res.status(204).end();
  });

  router.delete('/projects/:id/candidates', (req, res) => {
    projectOf(req.params.id);
    const ids = new Set(membershipBody(req));
    store.projectMembers.set(req.params.id, store.projectMembers.get(req.params.id)!.filter((m) => !ids.has(m.candidate_id)));
    res.status(204).end();
  });

  return router;
}
