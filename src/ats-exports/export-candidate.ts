import { createHash } from 'node:crypto';
import type { CandidateCreate } from '../connectors/connector-actions.js';
import type { ExportCandidateDto } from './dto/export-request.dto.js';

/** What an export stores per candidate once validated: the request's fields with users resolved. */
export interface ExportCandidate {
  external_id: string;
  first_name: string | null;
  last_name: string | null;
  location: { city?: string | null; state?: string | null; country?: string | null } | null;
  email_addresses: string[];
  phone_numbers: string[];
  social_links: string[];
  source: string | null;
  created_by_user_remote_id: string | null;
  work_history: NonNullable<CandidateCreate['work_history']>;
  education: NonNullable<CandidateCreate['education']>;
}

const SAFE_ID = /^[a-z0-9][a-z0-9._-]{0,47}$/;

/**
 * A stable address for a candidate without one, derived from the external id alone so that every
 * export of the same profile uses the same address (and never mints a second candidate).
 */
export function placeholderEmail(externalId: string, domain: string): string {
  const local = SAFE_ID.test(externalId) ? externalId : createHash('sha256').update(externalId).digest('hex').slice(0, 20);
  return `no-email-${local}@${domain.toLowerCase()}`;
}

export function toExportCandidate(dto: ExportCandidateDto, createdBy: string | null): ExportCandidate {
  const text = (v: string | null | undefined) => (v == null || v.trim() === '' ? null : v.trim());
  const unique = (values: string[] | undefined, key: (v: string) => string) => [...new Map((values ?? []).map((v) => [key(v.trim()), v.trim()])).values()];
  return {
    external_id: dto.external_id.trim(),
    first_name: text(dto.first_name),
    last_name: text(dto.last_name),
    location: dto.location ? { city: text(dto.location.city), state: text(dto.location.state), country: text(dto.location.country) } : null,
    email_addresses: unique(dto.email_addresses, (e) => e.toLowerCase()),
    phone_numbers: unique(dto.phone_numbers, (p) => p.replace(/\D/g, '')),
    social_links: unique(dto.social_links, (l) => l),
    source: text(dto.source),
    created_by_user_remote_id: createdBy,
    work_history: (dto.work_history ?? []).map((w) => ({ company: text(w.company), title: text(w.title), start_date: w.start_date ?? null, end_date: w.end_date ?? null, is_current: w.is_current ?? null })),
    education: (dto.education ?? []).map((e) => ({ school: text(e.school), degree: text(e.degree), field_of_study: text(e.field_of_study), start_date: e.start_date ?? null, end_date: e.end_date ?? null })),
  };
}

/** The connector's create input for one exported candidate. */
export function toCandidateCreate(
  c: ExportCandidate,
  target: { job_remote_id: string | null; stage_remote_id: string | null },
  placeholder: string | null,
): CandidateCreate {
  const emails = c.email_addresses.length > 0 ? c.email_addresses : placeholder ? [placeholder] : [];
  return {
    first_name: c.first_name ?? '',
    last_name: c.last_name ?? '',
    company: c.work_history.find((w) => w.is_current)?.company ?? null,
    title: c.work_history.find((w) => w.is_current)?.title ?? null,
    location: c.location,
    sourced_by_user_remote_id: c.created_by_user_remote_id,
    source: c.source,
    application: target.job_remote_id ? { job_remote_id: target.job_remote_id, stage_remote_id: target.stage_remote_id } : null,
    attachments: [],
    remote_fields: null,
    emails: emails.map((email_address) => ({ email_address, type: null })),
    phones: c.phone_numbers.map((phone_number) => ({ phone_number, type: null })),
    social_links: c.social_links.map((url) => ({ url })),
    work_history: c.work_history,
    education: c.education,
  };
}
