import type { MappedPage } from '../../connector.js';
import type { AshbyCandidate, AshbyContact } from '../ashby.types.js';
import { customFields, date, mapEach, push, text, upper } from './common.js';
import { CANDIDATE_SOURCE } from './derived.js';

/** "Ada King Lovelace" → first "Ada", last "King Lovelace". */
export function splitName(name: unknown): { first: string | null; last: string | null } {
  const parts = typeof name === 'string' ? name.trim().split(/\s+/).filter(Boolean) : [];
  return { first: parts[0] ?? null, last: parts.length > 1 ? parts.slice(1).join(' ') : null };
}

/** The primary contact first, then the rest, without duplicates. */
function contacts(primary: AshbyContact | null | undefined, all: AshbyContact[] | null | undefined): AshbyContact[] {
  const out: AshbyContact[] = [];
  for (const c of [primary, ...(all ?? [])]) if (c?.value && !out.some((o) => o.value === c.value)) out.push(c);
  return out;
}

/** The handle at the end of a profile URL (linkedin.com/in/<handle>, github.com/<handle>). */
function username(url: string): string | null {
  try {
    const segments = new URL(url).pathname.split('/').filter(Boolean);
    return segments.length ? segments[segments.length - 1] : null;
  } catch {
    return null;
  }
}

export function mapCandidates(records: AshbyCandidate[]): MappedPage {
  const mapped = mapEach(records, 'candidates', (c) => c?.id, (c, page) => {
    const { first, last } = splitName(c.name);
    const components = c.location?.locationComponents ?? [];
    const component = (type: string) => components.find((x) => x?.type === type)?.name ?? null;
    const location = components.length ? { city: component('City'), state: component('Region'), country: component('Country') } : null;
    const tags = (c.tags ?? []).filter((t) => t?.id).map((t) => ({ member: { model: 'tags' as const, remote_id: t.id } }));
    push(page, 'candidates', {
      remote_id: c.id,
      fields: {
        first_name: first,
        last_name: last,
        company: text(c.company),
        title: text(c.position),
        confidential: null,
        // The candidate's own; the writer puts the first application's in its place (CANDIDATE_SOURCE).
        source: text(c.source?.title),
        phone_numbers: contacts(c.primaryPhoneNumber, c.phoneNumbers).map((p) => ({ phone_number: p.value!, type: upper(p.type) })),
        email_addresses: contacts(c.primaryEmailAddress, c.emailAddresses).map((e) => ({ email_address: e.value!, type: upper(e.type) })),
        social_media: (c.socialLinks ?? [])
          .filter((l) => typeof l?.url === 'string' && l.url !== '')
          .map((l) => ({ link: l.url!, type: upper(l.type), username: username(l.url!) })),
        location,
        custom_fields: customFields(c.customFields),
        integration_fields: [],
        remote_created_at: date(c.createdAt),
        remote_updated_at: date(c.updatedAt),
      },
      remote_data: c,
    });
    page.joins.push({
      join: 'candidate_tags',
      parent: { model: 'candidates', remote_id: c.id },
      members: tags,
    });
  });
  return { ...mapped, derived: [CANDIDATE_SOURCE] };
}
