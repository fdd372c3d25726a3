import type { GemCandidate, GemUser, GemUserLite } from '../gem.types.js';
import type { GemStore, StoredCandidate } from './sandbox-store.js';

// How stored records look on the wire: the ATS API joins a candidate's applications in; the v0
// (CRM) API has its own candidate shape with Unix-second timestamps.

export function userLite(user: GemUser): GemUserLite {
  return { id: user.id, name: user.name, first_name: user.first_name, last_name: user.last_name, employee_id: user.employee_id };
}

export function atsCandidate(store: GemStore, candidate: StoredCandidate): GemCandidate {
  const { created_by, nickname, location, school, linked_in_handle, sourced_from, work_info, education_info, ...ats } = candidate;
  const applications = store.applicationsByCandidate.get(candidate.id) ?? [];
  return { ...ats, applications, application_ids: applications.map((a) => a.id) };
}

export const unixSeconds = (iso: string | null): number | null => (iso ? Math.floor(Date.parse(iso) / 1000) : null);

export function v0Candidate(store: GemStore, c: StoredCandidate): Record<string, unknown> {
  return {
    id: c.id,
    created_at: unixSeconds(c.created_at),
    created_by: c.created_by,
    last_updated_at: unixSeconds(c.updated_at),
    candidate_greenhouse_id: null,
    first_name: c.first_name,
    last_name: c.last_name,
    nickname: c.nickname,
    weblink: null,
    emails: c.email_addresses.map((e) => ({ email_address: e.value, is_primary: e.is_primary })),
    phone_number: c.phone_numbers[0]?.value ?? null,
    location: c.location,
    linked_in_handle: c.linked_in_handle,
    profiles: c.social_media_addresses.map((s) => ({ network: networkOf(s.value), url: s.value, username: s.value.split('/').pop() ?? null })),
    company: c.company,
    title: c.title,
    school: c.school,
    education_info: c.education_info ?? [],
    work_info: c.work_info ?? [],
    custom_fields: [],
    due_date: null,
    project_ids: [...store.projectMembers.entries()].filter(([, members]) => members.some((m) => m.candidate_id === c.id)).map(([id]) => id),
    sourced_from: c.sourced_from,
    gem_source: c.sourced_from,
  };
}

function networkOf(url: string): string {
  const match = /(linkedin|github|twitter|x)\.com/.exec(url);
  return match ? match[1] : 'other';
}
