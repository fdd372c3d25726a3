import type { CandidateMerge, CandidateUpdate, WriteResult } from '../connector-actions.js';
import type { ConnectorContext } from '../connector.js';
import { ashbyResults } from './ashby.client.js';
import type { AshbyCandidate } from './ashby.types.js';
import { candidateInfo, candidateRef, emailsOf, ONCE, phonesOf, sameUrl, socialType, withLinks, type AshbySocialType } from './ashby.write-helpers.js';

/**
 * Changes to an existing Ashby candidate's profile, always compared with Ashby's live profile (not
 * the mirror), so a retried call adds nothing twice. Ashby has no merge endpoint: "merge" adds what
 * is missing through candidate.update.
 */

/** "Merge with selected profile": the missing emails, a phone if there is none, links of a free type; the source is kept. */
export async function mergeIntoCandidate(ctx: ConnectorContext, input: CandidateMerge): Promise<WriteResult> {
  // Compared with Ashby's current profile, not the mirror: a retried merge adds nothing twice.
  const live = await candidateInfo(ctx, input.candidate_remote_id);
  const warnings: string[] = [];
  const known = new Set(emailsOf(live).map((e) => e.toLowerCase()));
  for (const { email_address } of input.emails) {
    if (known.has(email_address.toLowerCase())) continue;
    // candidate.update adds one alternate email per call; `email` would replace the primary one.
    await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, alternateEmail: email_address, sendNotifications: false }, undefined, ONCE);
    known.add(email_address.toLowerCase());
  }
  const digits = (p: string) => p.replace(/\D/g, '');
  const phones = phonesOf(live);
  const newPhones = input.phones.filter((p) => !phones.some((q) => digits(q) === digits(p.phone_number)));
  if (newPhones.length && phones.length === 0) {
    await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, phoneNumber: newPhones[0].phone_number, sendNotifications: false });
    newPhones.shift();
  }
  if (newPhones.length) warnings.push(`Ashby's API sets only the primary phone number, which the candidate has: ${newPhones.map((p) => p.phone_number).join(', ')} not added.`);
  const { links, skipped } = withLinks(live.socialLinks ?? [], input.social_links);
  if (links.length > (live.socialLinks ?? []).filter((l) => l?.url && l.type).length) {
    await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, socialLinks: links, sendNotifications: false });
  }
  if (skipped.length) warnings.push(`Ashby keeps one link per type: ${skipped.join(', ')} not added.`);
  // The source is never sent: the candidate keeps theirs.
  return { candidate_remote_id: live.id, touched: [candidateRef(live.id)], warnings, partner_status: 200 };
}

/**
 * Export re-runs: name, primary email and phone, links (a sent link replaces the one of its type),
 * location and credited user are set to what was sent; other emails are added. Nothing is cleared,
 * and the source is kept. Work history and education are not re-sent (no fields; the create's note stays).
 */
export async function updateCandidate(ctx: ConnectorContext, input: CandidateUpdate): Promise<WriteResult> {
  const live = await candidateInfo(ctx, input.candidate_remote_id);
  const warnings: string[] = [];
  const body: Record<string, unknown> = { candidateId: live.id, sendNotifications: false };
  const name = `${input.first_name} ${input.last_name}`.trim();
  if (name && name !== live.name) body.name = name;
  const [primary, ...others] = input.emails;
  if (primary && primary.email_address.toLowerCase() !== live.primaryEmailAddress?.value?.toLowerCase()) body.email = primary.email_address;
  if (input.phones[0] && input.phones[0].phone_number !== live.primaryPhoneNumber?.value) body.phoneNumber = input.phones[0].phone_number;
  if (input.phones.length > 1) warnings.push(`Ashby's API sets only the primary phone number: ${input.phones.slice(1).map((p) => p.phone_number).join(', ')} not sent.`);
  const sent = input.social_links.map(({ url }) => ({ type: socialType(url), url }));
  const kept = (live.socialLinks ?? []).filter((l) => l?.url && l.type && !sent.some((s) => s.type === l.type)).map((l) => ({ type: l.type as AshbySocialType, url: l.url! }));
  const links = [...kept, ...sent.filter((s, i) => sent.findIndex((t) => t.type === s.type) === i)];
  const sameLinks = links.length === (live.socialLinks ?? []).length && links.every((l) => (live.socialLinks ?? []).some((m) => m.type === l.type && m.url && sameUrl(m.url, l.url)));
  if (!sameLinks) body.socialLinks = links;
  if (input.location) {
    const location = { ...(input.location.city ? { city: input.location.city } : {}), ...(input.location.state ? { region: input.location.state } : {}), ...(input.location.country ? { country: input.location.country } : {}) };
    if (Object.keys(location).length) body.location = location;
  }
  if (input.sourced_by_user_remote_id) body.creditedToUserId = input.sourced_by_user_remote_id;
  // Setting the same values again is harmless, so this update may be retried.
  const updated = Object.keys(body).length > 2 ? await ashbyResults<AshbyCandidate>(ctx, 'candidate.update', body) : live;
  // A new primary email may replace the old one: the old one is kept as an alternate.
  const known = new Set(emailsOf(updated).map((e) => e.toLowerCase()));
  const keep = [...emailsOf(live).map((email_address) => ({ email_address })), ...others];
  for (const { email_address } of keep) {
    if (known.has(email_address.toLowerCase())) continue;
    await ashbyResults(ctx, 'candidate.update', { candidateId: live.id, alternateEmail: email_address, sendNotifications: false }, undefined, ONCE);
    known.add(email_address.toLowerCase());
  }
  if (input.company || input.title) warnings.push("Ashby's API takes no company or title for a candidate: they were not updated.");
  if ((input.work_history ?? []).length || (input.education ?? []).length) warnings.push('Ashby has no fields for work history or education: they were not updated.');
  return { candidate_remote_id: live.id, touched: [candidateRef(live.id)], warnings, partner_status: 200 };
}
