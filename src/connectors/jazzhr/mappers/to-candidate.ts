import type { JoinSet, MappedPage, NormalizedRecord } from '../../connector.js';
import type { JazzApplicantDetail } from '../jazzhr.types.js';
import { jazzRecord, mapEach, text } from './map-helpers.js';

const NETWORKS: [RegExp, string][] = [
  [/linkedin\.com/i, 'linkedin'],
  [/github\.com/i, 'github'],
  [/(twitter|x)\.com/i, 'twitter'],
];

function socialLink(url: string): { link: string; type: string | null; username: string | null } {
  const network = NETWORKS.find(([pattern]) => pattern.test(url))?.[1] ?? null;
  const username = network ? (url.replace(/\/+$/, '').split('/').pop() ?? null) : null;
  return { link: url, type: network, username: username || null };
}

/** "City, ST" → {city, state}; anything else is kept as the city. */
export function parseLocation(location: string): Record<string, string | null> | null {
  const value = text(location);
  if (!value) return null;
  const [city, state] = value.split(',').map((s) => s.trim());
  return { city: city || null, state: state || null, country: null, raw: value };
}

/**
 * JazzHR applicant details → candidates and candidate_tags (the applicant's categories). Only the
 * detail has email, address and links, so candidates are always mapped from it. JazzHR keeps the
 * source on the applicant, not per job.
 */
export function mapCandidates(records: JazzApplicantDetail[]): MappedPage {
  const candidates: NormalizedRecord<'candidates'>[] = [];
  const joins: JoinSet[] = [];
  const failures = mapEach('candidates', records, (a) => a.id, (a, id) => {
    const { activities: _activities, comments: _comments, comments_count: _count, jobs: _jobs, ...stable } = a;
    const email = text(a.email);
    const phone = text(a.phone);
    const links = [text(a.linkedin_url), text(a.website)].filter((l): l is string => l !== null);
    candidates.push(
      jazzRecord('candidates', id, a.apply_date, {
        first_name: text(a.first_name),
        last_name: text(a.last_name),
        company: null,
        title: null,
        confidential: null,
        source: text(a.source),
        email_addresses: email ? [{ email_address: email, type: null }] : [],
        phone_numbers: phone ? [{ phone_number: phone, type: null }] : [],
        social_media: links.map(socialLink),
        location: parseLocation(a.location),
        custom_fields: {
          address: text(a.address),
          desired_salary: text(a.desired_salary),
          desired_start_date: text(a.desired_start_date),
          recruiter_id: text(a.recruiter_id),
          resume_link: text(a.resume_link),
          questionnaire: (a.questionnaire ?? []).map((q) => ({ question: q.question, answer: q.answer })),
        },
        integration_fields: [],
      }, {
        // The activities, comments and jobs grow with every change elsewhere (a note, a stage move):
        // left out of the payload so that the stored record moves only when the candidate does.
        remote_data: stable,
      }),
    );
    const categories = [...new Set((a.categories ?? []).map((c) => text(c?.id)).filter((c): c is string => c !== null))];
    joins.push({ join: 'candidate_tags', parent: { model: 'candidates', remote_id: id }, members: categories.map((c) => ({ member: { model: 'tags', remote_id: c } })) });
  });
  return { records: { candidates }, joins, failures };
}
