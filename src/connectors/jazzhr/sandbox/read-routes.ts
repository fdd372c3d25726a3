import type { Request, Response } from 'express';
import type { JazzStore } from './sandbox-store.js';
import { applicantDetail, applicantSummary, jobDetail } from './views.js';

/** JazzHR's page size: a page holds at most 100 records, and no reply says how many pages there are. */
export const PAGE_SIZE = 100;

type Filter<T> = (record: T, value: string, store: JazzStore) => boolean;

interface Resource<T> {
  list: (store: JazzStore) => T[];
  /** GET /<resource>/<filter>/<value>…: the filters this list takes, as path segments. */
  filters: Record<string, Filter<T>>;
  /** How a list item looks (applicants: a summary without email). */
  item?: (store: JazzStore, record: T) => unknown;
  /** GET /<resource>/{id}: the detail, where it differs from the list item. */
  detail?: (store: JazzStore, record: T) => unknown;
  id: (record: T) => string;
  /** Newest first (activities); others list in creation order. */
  newestFirst?: boolean;
}

const eq =
  <T>(field: keyof T): Filter<T> =>
  (r, v) =>
    String(r[field]).toLowerCase() === v.toLowerCase();
const contains =
  <T>(field: keyof T): Filter<T> =>
  (r, v) =>
    String(r[field]).toLowerCase().includes(v.toLowerCase());
const onOrAfter =
  <T>(field: keyof T): Filter<T> =>
  (r, v) =>
    String(r[field]) >= v;
const onOrBefore =
  <T>(field: keyof T): Filter<T> =>
  (r, v) =>
    String(r[field]) <= v;

// One resource table; each entry is a list JazzHR serves (partner-apis.md §3.2).
const RESOURCES: Record<string, Resource<any>> = {
  applicants: {
    list: (s) => s.applicants,
    id: (a) => a.id,
    item: applicantSummary,
    detail: applicantDetail,
    filters: {
      // A name search matches first, last or full name (there is no email search).
      name: (a, v) => `${a.first_name} ${a.last_name}`.toLowerCase().includes(v.toLowerCase()),
      city: (a, v) => String(a.location).toLowerCase().startsWith(v.toLowerCase()),
      job_id: (a, v, s) => s.of(a.id).jobs.some((m) => m.job_id === v),
      job_title: (a, v, s) => s.of(a.id).jobs.some((m) => (s.job(m.job_id)?.title ?? '').toLowerCase().includes(v.toLowerCase())),
      recruiter_id: eq('recruiter_id'),
      apply_date: eq('apply_date'),
      from_apply_date: onOrAfter('apply_date'),
      to_apply_date: onOrBefore('apply_date'),
      status: (a, v, s) => s.of(a.id).jobs.some((m) => String(m.workflow_step_id) === v),
      rating: (a, v, s) => s.of(a.id).jobs.some((m) => m.rating === v),
    },
  },
  jobs: {
    list: (s) => s.jobs,
    id: (j) => j.id,
    detail: jobDetail,
    filters: {
      title: contains('title'),
      recruiter: eq('hiring_lead'),
      hiring_lead: eq('hiring_lead'),
      board_code: eq('board_code'),
      department: eq('department'),
      team_id: eq('team_id'),
      state: eq('state'),
      city: eq('city'),
      from_open_date: onOrAfter('original_open_date'),
      to_open_date: onOrBefore('original_open_date'),
      status: eq('status'),
      confidential: (j, v, s) => s.confidentialJobs.has(j.id) === (v === 'true' || v === '1'),
    },
  },
  users: { list: (s) => s.users, id: (u) => u.id, filters: {} },
  workflows: { list: (s) => s.workflows, id: (w) => w.workflow_id, filters: {} },
  applicants2jobs: { list: (s) => s.applicants2jobs, id: (m) => m.id, filters: { applicant_id: eq('applicant_id'), job_id: eq('job_id') } },
  hires: { list: (s) => s.hires, id: (h) => h.id, filters: { applicant_id: eq('applicant_id'), job_id: eq('job_id') } },
  activities: { list: (s) => s.activities, id: (a) => a.id, newestFirst: true, filters: { user_id: eq('user_id'), object_id: eq('object_id'), category: eq('category') } },
  categories: { list: (s) => s.categories, id: (c) => c.id, filters: { name: contains('name'), status: eq('status') } },
  categories2applicants: { list: (s) => s.categories2applicants, id: (c) => c.id, filters: { applicant_id: eq('applicant_id'), category_id: eq('category_id') } },
  notes: { list: (s) => s.notes, id: (n) => n.id, filters: { applicant_id: eq('applicant_id') } },
  files: { list: (s) => s.files, id: (x) => x.id, filters: { applicant_id: eq('applicant_id') } },
};

export const RESOURCE_NAMES = Object.keys(RESOURCES);

/** A JazzHR list reply: exactly one match is sent as a bare object, not a one-element array. */
export function listBody(items: unknown[]): unknown {
  return items.length === 1 ? items[0] : items;
}

export interface ReadRoute {
  /** For the stats: e.g. "GET /applicants/{id}" or "GET /applicants/name". */
  endpoint: string;
  /** The applicant whose detail was read, for the stats' detail counts. */
  detailOf?: string;
}

/**
 * GET /<resource>[/{id}] or GET /<resource>[/<filter>/<value>]…[/page/<n>]. Filters are path
 * segments, pages 1-based at 100 a page; an unknown resource or filter is a 404.
 */
export function handleRead(store: JazzStore, req: Request, res: Response): ReadRoute {
  const segments = req.path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const [name, ...rest] = segments;
  const resource = RESOURCES[name];
  if (!resource) {
    res.status(404).json({ _error: `Unknown resource "${name ?? ''}".` });
    return { endpoint: `GET /${name ?? ''}` };
  }
  if (rest.length === 1) {
    const record = resource.list(store).find((r) => resource.id(r) === rest[0]);
    if (!record) {
      res.status(404).json({ _error: `No ${name} record with id ${rest[0]}.` });
    } else {
      res.json((resource.detail ?? resource.item ?? ((_s: JazzStore, r: unknown) => r))(store, record));
    }
    return { endpoint: `GET /${name}/{id}`, detailOf: name === 'applicants' ? rest[0] : undefined };
  }
  if (rest.length % 2 !== 0) {
    res.status(404).json({ _error: `Filters come in pairs: /${name}/<filter>/<value>.` });
    return { endpoint: `GET /${name}` };
  }
  let page = 1;
  const applied: [Filter<unknown>, string][] = [];
  const keys: string[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const [key, value] = [rest[i], rest[i + 1]];
    if (key === 'page') {
      if (!/^\d+$/.test(value) || Number(value) < 1) {
        res.status(404).json({ _error: `Page must be a whole number from 1, not "${value}".` });
        return { endpoint: `GET /${name}` };
      }
      page = Number(value);
      continue;
    }
    const filter = resource.filters[key];
    if (!filter) {
      res.status(404).json({ _error: `Unknown filter "${key}" for ${name} (known: ${Object.keys(resource.filters).join(', ') || 'none'}).` });
      return { endpoint: `GET /${name}` };
    }
    applied.push([filter, value]);
    keys.push(key);
  }
  let matches = resource.list(store).filter((r) => applied.every(([filter, value]) => filter(r, value, store)));
  if (resource.newestFirst) matches = [...matches].reverse();
  const slice = matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const item = resource.item;
  res.json(listBody(item ? slice.map((r) => item(store, r)) : slice));
  return { endpoint: `GET /${[name, ...keys].join('/')}` };
}
