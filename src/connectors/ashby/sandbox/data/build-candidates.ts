import { buildSource, buildTag, buildUser } from './build-organization.js';
import { CURRENCIES } from './catalog.js';
import { iso, type World } from './world.js';

type Contact = { value: string; type: 'Personal' | 'Work' | 'Other'; isPrimary: boolean };
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Name, emails and phones: what application.list repeats of the candidate, so kept cheap. */
export function candidateIdentity(world: World, c: number) {
  const s = world.state.candidates[c];
  const f = world.fakerFor('candidate', c);
  const firstName = f.person.firstName();
  const lastName = f.person.lastName();
  const handle = `${slug(firstName)}.${slug(lastName)}${c}`;
  const emails: Contact[] = [];
  const phones: Contact[] = [];
  const links: { type: string; url: string }[] = [];
  if (!s.sparse) {
    emails.push({ value: `${handle}@${f.helpers.arrayElement(['gmail.com', 'outlook.com', 'proton.me', 'yahoo.com'])}`, type: 'Personal', isPrimary: true });
    if (f.number.float() < 0.5) emails.push({ value: `${slug(firstName)}@${slug(f.company.name())}.example`, type: 'Work', isPrimary: false });
    if (f.number.float() < 0.15) emails.push({ value: `${handle}@alumni.example.edu`, type: 'Other', isPrimary: false });
    if (f.number.float() < 0.85) phones.push({ value: f.phone.number({ style: 'international' }), type: 'Personal', isPrimary: true });
    if (f.number.float() < 0.25) phones.push({ value: f.phone.number({ style: 'international' }), type: 'Work', isPrimary: phones.length === 0 });
    if (f.number.float() < 0.7) links.push({ type: 'LinkedIn', url: `https://www.linkedin.com/in/${handle.replace('.', '-')}` });
    if (f.number.float() < 0.3) links.push({ type: 'GitHub', url: `https://github.com/${slug(firstName)}${slug(lastName)}` });
    if (f.number.float() < 0.1) links.push({ type: 'Twitter', url: `https://twitter.com/${slug(lastName)}${c}` });
    if (f.number.float() < 0.15) links.push({ type: 'Website', url: `https://${slug(lastName)}${c}.dev` });
  }
  const o = s.override ?? {};
  const name = o.name ?? `${firstName} ${lastName}`;
  if (o.email !== undefined) {
    for (const e of emails) e.isPrimary = false;
    emails.unshift({ value: o.email, type: 'Personal', isPrimary: true });
  }
  for (const alt of o.alternateEmails ?? []) emails.push({ value: alt, type: 'Other', isPrimary: false });
  if (o.phone !== undefined) {
    for (const p of phones) p.isPrimary = false;
    phones.unshift({ value: o.phone, type: 'Personal', isPrimary: true });
  }
  return { name, emails, phones, links: o.socialLinks ?? links };
}

/** Uploaded files get ids past any generated résumé's (those use the candidate's index). */
export const UPLOADED_FILE_BASE = 0x100000000;

export const fileHandle = (world: World, index: number) => {
  const id = world.ids.id('file', index);
  return Buffer.from(`{"handle":"${id}"}`).toString('base64url');
};

/** The files uploaded to a candidate, oldest first, as Ashby's file handles. */
function uploadedFiles(world: World, c: number) {
  const out: { resume: boolean; handle: { id: string; name: string; handle: string } }[] = [];
  world.state.files.forEach((f, i) => {
    if (f.candidate !== c) return;
    const index = UPLOADED_FILE_BASE + i;
    out.push({ resume: f.resume, handle: { id: world.ids.id('file', index), name: f.name, handle: fileHandle(world, index) } });
  });
  return out;
}

export function buildCandidate(world: World, c: number) {
  const s = world.state.candidates[c];
  const id = world.ids.id('candidate', c);
  const who = candidateIdentity(world, c);
  // Company, title and school move with `version`, so a generated update changes the profile.
  const f = world.fakerFor('candidate-profile', c, s.version);
  const profile = s.sparse
    ? {}
    : {
        ...(f.number.float() < 0.9 ? { position: f.person.jobTitle() } : {}),
        ...(f.number.float() < 0.9 ? { company: f.company.name() } : {}),
        ...(f.number.float() < 0.5 ? { school: `${f.location.city()} University` } : {}),
      };
  const customFields: { id: string; title: string; value: unknown; isPrivate: boolean }[] = [];
  if (!s.sparse && f.number.float() < 0.3)
    customFields.push({ id: world.ids.id('customField', 10), title: 'Desired Salary', isPrivate: true, value: { value: f.number.int({ min: 60, max: 250 }) * 1000, currencyCode: f.helpers.arrayElement(CURRENCIES) } });
  if (!s.sparse && f.number.float() < 0.4) customFields.push({ id: world.ids.id('customField', 11), title: 'Notice Period (weeks)', isPrivate: false, value: f.number.int({ min: 0, max: 12 }) });
  if (!s.sparse && f.number.float() < 0.3) customFields.push({ id: world.ids.id('customField', 12), title: 'Open to Relocation', isPrivate: false, value: f.datatype.boolean() });
  const resume = !s.sparse && f.number.float() < 0.6 ? { id: world.ids.id('file', c), name: `${who.name.replace(/\s+/g, '_')}_Resume.pdf`, handle: Buffer.from(`{"handle":"${world.ids.id('file', c)}"}`).toString('base64url') } : undefined;
  const uploaded = uploadedFiles(world, c);
  const resumes = [...(resume ? [resume] : []), ...uploaded.filter((u) => u.resume).map((u) => u.handle)];
  const files = [...(resume ? [resume] : []), ...uploaded.map((u) => u.handle)];
  const o = s.override?.location;
  const place = o ?? (s.sparse ? undefined : f.number.float() < 0.7 ? { city: f.location.city(), region: f.location.state(), country: f.location.country() } : undefined);
  // Every draw from `f` happens here, before other records (users, tags…) are built into this one.
  const timezone = !s.sparse && c % 2 === 0 ? f.location.timeZone() : undefined;
  return {
    id,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    name: who.name,
    ...(who.emails[0] ? { primaryEmailAddress: who.emails.find((e) => e.isPrimary) ?? who.emails[0] } : {}),
    emailAddresses: who.emails,
    ...(who.phones[0] ? { primaryPhoneNumber: who.phones.find((p) => p.isPrimary) ?? who.phones[0] } : {}),
    phoneNumbers: who.phones,
    socialLinks: who.links,
    tags: s.tags.map((t) => buildTag(world, t)),
    ...profile,
    applicationIds: s.apps.filter((a) => !world.state.applications[a].deleted).map((a) => world.ids.id('application', a)),
    // The latest résumé is the candidate's résumé; every file (résumés included) is in fileHandles.
    ...(resumes.length ? { resumeFileHandle: resumes[resumes.length - 1] } : {}),
    fileHandles: files,
    customFields,
    profileUrl: `https://app.ashbyhq.com/candidates/${id}`,
    ...(s.source >= 0 ? { source: buildSource(world, s.source) } : {}),
    ...(s.creditedTo >= 0 ? { creditedToUser: buildUser(world, s.creditedTo) } : {}),
    ...(timezone ? { timezone } : {}),
    ...(place
      ? {
          location: {
            id: world.ids.id('candidateLocation', c),
            locationSummary: [place.city, place.region, place.country].filter(Boolean).join(', '),
            locationComponents: [
              ...(place.city ? [{ type: 'City', name: place.city }] : []),
              ...(place.region ? [{ type: 'Region', name: place.region }] : []),
              ...(place.country ? [{ type: 'Country', name: place.country }] : []),
            ],
          },
        }
      : {}),
  };
}
