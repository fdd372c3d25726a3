import type { JoinSet, MappedPage, NormalizedRecord } from '../../connector.js';
import type { GemApplication, GemCandidate } from '../gem.types.js';
import { addOnce, mapEach, remoteRecord, text } from './map-helpers.js';

const NETWORKS: [RegExp, string][] = [
  [/linkedin\.com/i, 'linkedin'],
  [/github\.com/i, 'github'],
  [/(twitter|x)\.com/i, 'twitter'],
  [/dribbble\.com/i, 'dribbble'],
];

export function socialLink(url: string): { link: string; type: string | null; username: string | null } {
  const network = NETWORKS.find(([pattern]) => pattern.test(url))?.[1] ?? null;
  const username = network ? (url.replace(/\/+$/, '').split('/').pop() ?? null) : null;
  return { link: url, type: network, username: username || null };
}

/** The candidate's first application: the earliest applied, not deleted when another one is not. */
export function firstApplication(applications: GemApplication[]): GemApplication | null {
  const byTime = [...applications].filter((a) => a?.id).sort((a, b) => (Date.parse(a.applied_at) || 0) - (Date.parse(b.applied_at) || 0));
  return byTime.find((a) => !a.deleted_at) ?? byTime[0] ?? null;
}

/**
 * Gem ATS candidates → candidates, tags and candidate_tags. The source is the source of the first
 * application (Gem embeds a candidate's applications, so no other call is needed).
 */
export function mapCandidates(records: GemCandidate[]): MappedPage {
  const candidates: NormalizedRecord<'candidates'>[] = [];
  const tags: NormalizedRecord<'tags'>[] = [];
  const seenTags = new Set<string>();
  const joins: JoinSet[] = [];
  const failures = mapEach('candidates', records, (c) => c.id, (c, id) => {
    const emails = [...(c.email_addresses ?? [])].filter((e) => text(e?.value)).sort((a, b) => Number(b.is_primary) - Number(a.is_primary));
    candidates.push(
      remoteRecord('candidates', id, c, {
        first_name: text(c.first_name),
        last_name: text(c.last_name),
        company: text(c.company),
        title: text(c.title),
        confidential: c.is_private ?? null,
        source: text(firstApplication(c.applications ?? [])?.source?.public_name),
        phone_numbers: (c.phone_numbers ?? []).filter((p) => text(p?.value)).map((p) => ({ phone_number: p.value.trim(), type: text(p.type) })),
        email_addresses: emails.map((e) => ({ email_address: e.value.trim(), type: text(e.type) })),
        social_media: (c.social_media_addresses ?? []).filter((s) => text(s?.value)).map((s) => socialLink(s.value.trim())),
        // Gem keeps candidate custom fields in its CRM (v0) API only; the ATS candidate has none.
        custom_fields: {},
        integration_fields: [],
      }),
    );
    // A deleted candidate keeps no tags: the empty set removes the ones it had (as a FULL's sweep would).
    const names = c.deleted_at ? [] : [...new Set((c.tags ?? []).map((t) => text(t)).filter((t): t is string => t !== null))];
    for (const name of names) addOnce(tags, seenTags, { remote_id: name, fields: { name }, remote_data: { name } });
    joins.push({ join: 'candidate_tags', parent: { model: 'candidates', remote_id: id }, members: names.map((name) => ({ member: { model: 'tags', remote_id: name } })) });
  });
  return { records: { candidates, tags }, joins, failures };
}
