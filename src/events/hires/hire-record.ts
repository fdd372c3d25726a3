import type { EmailAddress, PhoneNumber } from '../../ats/entities/candidate.entity.js';

/** The joined synced rows one hire is built from. */
export interface HireSource {
  application_id: string;
  application_remote_id: string;
  candidate_id: string | null;
  job_id: string | null;
  offer_id: string | null;
  first_name: string | null;
  last_name: string | null;
  email_addresses: EmailAddress[] | null;
  phone_numbers: PhoneNumber[] | null;
  job_title: string | null;
  department: string | null;
  start_date: Date | null;
  salary_amount: string | null;
  salary_currency: string | null;
}

/** What a hire record says (everything but its identity and timestamps). */
export interface HireFields {
  candidate_id: string | null;
  job_id: string | null;
  offer_id: string | null;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  personal_email: string | null;
  /** PERSONAL when the candidate has an entry of that type; PRIMARY when it fell back to the first (primary) one. */
  personal_email_type: 'PERSONAL' | 'PRIMARY' | null;
  personal_phone: string | null;
  personal_phone_type: 'PERSONAL' | 'PRIMARY' | null;
  job_title: string | null;
  department: string | null;
  start_date: string | null;
  salary_amount: string | null;
  salary_currency: string | null;
}

/**
 * Name parts as the hires feed gives them (HRIS-style first / middle / last): the first word of the
 * first name is the first name, the last word of the last name is the last name, and every word in
 * between is the middle name. "Ada" + "King Lovelace" (Ashby keeps one name field, split at the
 * first space) → Ada / King / Lovelace; "Mary Ann" + "Smith" → Mary / Ann / Smith; a one-word name
 * has no last name.
 */
export function splitHireName(first: string | null, last: string | null): { first_name: string | null; middle_name: string | null; last_name: string | null } {
  const words = `${first ?? ''} ${last ?? ''}`.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { first_name: null, middle_name: null, last_name: null };
  if (words.length === 1) return { first_name: words[0], middle_name: null, last_name: null };
  return { first_name: words[0], middle_name: words.length > 2 ? words.slice(1, -1).join(' ') : null, last_name: words[words.length - 1] };
}

/** The entry of type PERSONAL, else the first one (connectors list the primary entry first). */
function personal<T>(entries: T[] | null, value: (e: T) => string, type: (e: T) => string | null): { value: string | null; type: 'PERSONAL' | 'PRIMARY' | null } {
  const list = entries ?? [];
  const own = list.find((e) => type(e)?.toUpperCase() === 'PERSONAL');
  if (own) return { value: value(own), type: 'PERSONAL' };
  return list.length ? { value: value(list[0]), type: 'PRIMARY' } : { value: null, type: null };
}

/** Pure: the joined rows of one hired application → its hire record. */
export function hireFields(s: HireSource): HireFields {
  const email = personal(s.email_addresses, (e) => e.email_address, (e) => e.type);
  const phone = personal(s.phone_numbers, (p) => p.phone_number, (p) => p.type);
  return {
    candidate_id: s.candidate_id,
    job_id: s.job_id,
    offer_id: s.offer_id,
    ...splitHireName(s.first_name, s.last_name),
    personal_email: email.value,
    personal_email_type: email.type,
    personal_phone: phone.value,
    personal_phone_type: phone.type,
    job_title: s.job_title,
    department: s.department,
    start_date: s.start_date ? s.start_date.toISOString() : null,
    salary_amount: s.salary_amount === null ? null : String(Number(s.salary_amount)),
    salary_currency: s.salary_currency,
  };
}
