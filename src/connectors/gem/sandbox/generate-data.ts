import { Faker, en } from '@faker-js/faker';
import type { GemApplication, GemHiringTeam, GemJobStatus, GemUser } from '../gem.types.js';
import { GemStore, MODEL_CODE } from './sandbox-store.js';
import { userLite } from './views.js';

/** Generated history ends here, so the same seed gives the same timestamps on any day. */
export const GENERATED_UNTIL = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

const STAGE_NAMES = ['Application Review', 'Recruiter Screen', 'Hiring Manager Screen', 'Technical Interview', 'Onsite', 'Reference Check', 'Offer'];
/** Stages at these indexes hold interviews. */
const INTERVIEW_STAGES = new Set([1, 2, 3, 4]);
export const SOURCE_NAMES = ['LinkedIn', 'Referral', 'Company Website', 'Indeed', 'Gem Sourcing', 'Agency', 'Career Fair', 'Hacker News'];
export const REJECTION_REASONS = [
  ['Lacking skills', 'We rejected them'],
  ['Not a culture add', 'We rejected them'],
  ['Position filled', 'We rejected them'],
  ['Compensation mismatch', 'They rejected us'],
  ['Accepted another offer', 'They rejected us'],
  ['Unresponsive', 'None specified'],
] as const;
/** The empty list every record shares (frozen: nothing pushes onto it). */
const NONE: never[] = Object.freeze([]) as unknown as never[];
const TAGS = ['senior', 'remote', 'referral', 'silver-medalist', 'diversity', 'returner'];

export interface GeneratedSandbox {
  store: GemStore;
  /** The generator, left where generation ended: later creations continue its sequence. */
  faker: Faker;
}

/** Deterministic Gem data: the same seed and size always give the same records. */
export function generateGemData(seed: number, candidateCount: number): GeneratedSandbox {
  const f = new Faker({ locale: [en] });
  f.seed(seed);
  const store = new GemStore();
  const iso = (ms: number) => new Date(ms).toISOString();
  const between = (from: number, to: number) => f.number.int({ min: Math.floor(from), max: Math.max(Math.floor(from), Math.floor(to)) });
  const start = GENERATED_UNTIL - 730 * DAY;

  // Offices and departments: small trees (the first one is every other's parent).
  const officeCount = Math.min(12, 3 + Math.floor(candidateCount / 20_000));
  for (let i = 0; i < officeCount; i++) {
    const created = between(start, start + 30 * DAY);
    const city = f.location.city();
    const parent = store.offices.items[0];
    store.offices.add({
      id: store.nextId(MODEL_CODE.office, created),
      name: i === 0 ? 'Headquarters' : `${city} Office`,
      location: { name: i === 0 ? f.location.city() : `${city}, ${f.location.state()}` },
      parent_id: i === 0 ? null : parent.id,
      child_ids: [],
      parent_office_external_id: null,
      child_office_external_ids: [],
      deleted_at: null,
      created_at: iso(created),
      updated_at: iso(created),
    });
    if (i > 0) parent.child_ids.push(store.offices.items[i].id);
  }
  const departmentCount = Math.min(15, 5 + Math.floor(candidateCount / 20_000));
  const departmentNames = ['Engineering', 'Sales', 'Marketing', 'Finance', 'People', 'Design', 'Legal', 'Support', 'Operations', 'Data', 'Security', 'Product', 'Research', 'IT', 'Facilities'];
  for (let i = 0; i < departmentCount; i++) {
    const created = between(start, start + 30 * DAY);
    store.departments.add({
      id: store.nextId(MODEL_CODE.department, created),
      name: departmentNames[i],
      parent_id: null,
      child_ids: [],
      parent_department_external_id: null,
      child_department_external_ids: [],
      deleted_at: null,
      created_at: iso(created),
      updated_at: iso(created),
    });
  }
  const offices = store.offices.items;
  const departments = store.departments.items;
  const strip = <T extends { created_at: string; updated_at: string }>({ created_at, updated_at, ...rest }: T) => rest;

  // Users: recruiting team; a few disabled, one site admin.
  const userCount = Math.max(12, Math.ceil(candidateCount / 200));
  for (let i = 0; i < userCount; i++) {
    const created = between(start, start + 60 * DAY);
    const first = f.person.firstName();
    const last = f.person.lastName();
    const email = `${first}.${last}.${i}@example.com`.toLowerCase();
    store.users.add({
      id: store.nextId(MODEL_CODE.user, created),
      name: `${first} ${last}`,
      first_name: first,
      last_name: last,
      employee_id: f.datatype.boolean(0.7) ? `E${1000 + i}` : null,
      primary_email_address: email,
      emails: [email],
      disabled: i > 3 && f.datatype.boolean(0.1),
      site_admin: i === 0,
      linked_candidate_ids: [],
      offices: [strip(f.helpers.arrayElement(offices))],
      departments: [strip(f.helpers.arrayElement(departments))],
      created_at: iso(created),
      updated_at: iso(between(created, GENERATED_UNTIL - DAY)),
      deleted_at: null,
    });
  }
  const users = store.users.items;
  // Nested copies are shared between records (never changed in place), which keeps 100k candidates small.
  const lites = new Map(users.map((u) => [u.id, userLite(u)]));
  const pickUsers = (min: number, max: number) => f.helpers.arrayElements(users, { min, max }).map((u) => lites.get(u.id)!);

  // Jobs, with their posts and their interview plans (stages).
  const jobCount = Math.max(6, Math.ceil(candidateCount / 100));
  for (let i = 0; i < jobCount; i++) {
    const created = between(start, GENERATED_UNTIL - 200 * DAY);
    const status: GemJobStatus = i < 3 ? 'open' : f.helpers.weightedArrayElement([
      { weight: 70, value: 'open' as const },
      { weight: 15, value: 'closed' as const },
      { weight: 10, value: 'draft' as const },
      { weight: 5, value: 'pending_approval' as const },
    ]);
    const opened = status === 'draft' || status === 'pending_approval' ? null : between(created, created + 10 * DAY);
    const closed = status === 'closed' && opened !== null ? between(opened + 30 * DAY, GENERATED_UNTIL - 20 * DAY) : null;
    const hiringTeam: GemHiringTeam = {
      hiring_managers: pickUsers(1, 2),
      recruiters: pickUsers(1, 2),
      // Some jobs have no coordinator: empty lists happen.
      coordinators: i % 5 === 4 ? [] : pickUsers(1, 1),
      sourcers: pickUsers(1, 1),
    };
    const title = f.person.jobTitle();
    const job = store.jobs.add({
      id: store.nextId(MODEL_CODE.job, created),
      name: title,
      requisition_id: f.datatype.boolean(0.85) ? `REQ-${String(1000 + i)}` : null,
      confidential: f.datatype.boolean(0.08),
      status,
      is_template: false,
      created_at: iso(created),
      opened_at: opened === null ? null : iso(opened),
      closed_at: closed === null ? null : iso(closed),
      updated_at: iso(between(closed ?? opened ?? created, GENERATED_UNTIL - 10 * DAY)),
      deleted_at: null,
      departments: f.helpers.arrayElements(departments, { min: 1, max: 3 }).map(strip),
      offices: f.helpers.arrayElements(offices, { min: 1, max: 3 }).map(strip),
      hiring_team: hiringTeam,
    });

    // Posts: open jobs have one or two live and active posts (published at different times) and
    // maybe an inactive old one; other jobs only inactive or unpublished ones.
    const postCount = f.number.int({ min: 1, max: 3 });
    for (let p = 0; p < postCount; p++) {
      const postCreated = between(created, created + 60 * DAY);
      const liveAndActive = status === 'open' && (p === 0 || f.datatype.boolean(0.4));
      const active = liveAndActive || f.datatype.boolean(0.3);
      store.jobPosts.add({
        id: store.nextId(MODEL_CODE.jobPost, postCreated),
        title: p === 0 ? title : `${title} (${f.location.city()})`,
        active,
        live: liveAndActive,
        first_published_at: liveAndActive || f.datatype.boolean(0.5) ? iso(between(postCreated, postCreated + 20 * DAY)) : null,
        job_id: job.id,
        content: `<p>${f.lorem.paragraph()}</p><ul><li>${f.lorem.sentence()}</li></ul>`,
        created_at: iso(postCreated),
        updated_at: iso(between(postCreated + 20 * DAY, GENERATED_UNTIL - 5 * DAY)),
        deleted_at: null,
      });
    }

    const stageCount = f.number.int({ min: 5, max: STAGE_NAMES.length });
    const names = [...STAGE_NAMES.slice(0, stageCount - 1), STAGE_NAMES[STAGE_NAMES.length - 1]];
    names.forEach((name, priority) => {
      const stageId = store.nextId(MODEL_CODE.jobStage, created);
      const interviews = INTERVIEW_STAGES.has(priority)
        ? Array.from({ length: f.number.int({ min: 1, max: 2 }) }, (_, k) => ({
            id: store.nextId(MODEL_CODE.interviewItem, created),
            name: k === 0 ? name : `${name} (${f.helpers.arrayElement(['Systems', 'Values', 'Coding', 'Portfolio'])})`,
            schedulable: true,
            estimated_minutes: f.helpers.arrayElement([30, 45, 60]),
            default_interviewer_users: pickUsers(1, 2),
            interview_kit: null,
            deleted_at: null,
            job_stage_interview_item_id: store.nextId(MODEL_CODE.interviewItem, created),
          }))
        : [];
      store.addJobStage({
        id: stageId,
        name,
        created_at: iso(created),
        updated_at: iso(created),
        deleted_at: null,
        active: true,
        job_id: job.id,
        priority,
        interviews,
      });
    });
  }
  const hiringJobs = store.jobs.items.filter((j) => j.status === 'open' || j.status === 'closed');
  const jobLites = new Map(store.jobs.items.map((j) => [j.id, [{ id: j.id, name: j.name }]]));
  const stageLites = new Map(store.jobStages.items.map((s) => [s.id, { id: s.id, name: s.name }]));
  const postsByJob = new Map<string, string[]>();
  for (const post of store.jobPosts.items) postsByJob.set(post.job_id, [...(postsByJob.get(post.job_id) ?? []), post.id]);
  const sources = SOURCE_NAMES.map((name, i) => ({ id: store.nextId(MODEL_CODE.source, start + i), public_name: name }));
  const reasons = REJECTION_REASONS.map(([name, type], i) => ({
    id: store.nextId(MODEL_CODE.rejectionReason, start + i),
    name,
    type: { id: `type-${type.split(' ')[0].toLowerCase()}`, name: type },
  }));
  for (const source of sources) store.sources.add(source);
  for (const reason of reasons) store.rejectionReasons.add(reason);

  // Candidates, created in time order so list order is creation order.
  const createdTimes = Array.from({ length: candidateCount }, () => between(start + 30 * DAY, GENERATED_UNTIL - 40 * DAY)).sort((a, b) => a - b);
  const pendingInterviews: { application: GemApplication; stageIndex: number; at: number }[] = [];
  for (let i = 0; i < candidateCount; i++) {
    const created = createdTimes[i];
    const first = f.person.firstName();
    const last = f.person.lastName();
    const id = store.nextId(MODEL_CODE.candidate, created);
    const handle = `${first}-${last}-${i}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
    const social: { value: string }[] = [];
    if (f.datatype.boolean(0.7)) social.push({ value: `https://www.linkedin.com/in/${handle}` });
    if (f.datatype.boolean(0.3)) social.push({ value: `https://github.com/${handle}` });
    if (f.datatype.boolean(0.2)) social.push({ value: `https://twitter.com/${handle}` });
    const emailCount = f.number.int({ min: 1, max: 3 });
    const emails = Array.from({ length: emailCount }, (_, k) => ({
      type: k === 0 ? 'personal' : f.helpers.arrayElement(['work', 'other']),
      value: k === 0 ? `${handle}@example.com` : `${handle}.${k}@example.org`,
      is_primary: k === 0,
    }));
    const phones = Array.from({ length: f.number.int({ min: 0, max: 2 }) }, (_, k) => ({
      type: k === 0 ? 'mobile' : f.helpers.arrayElement(['work', 'home']),
      value: f.phone.number({ style: 'international' }),
    }));

    // Applications: one, sometimes two, each with its own source.
    let lastActivity = created;
    const appCount = f.datatype.boolean(0.3) ? 2 : 1;
    for (let a = 0; a < appCount; a++) {
      const job = f.helpers.arrayElement(hiringJobs);
      const stages = store.stagesByJob.get(job.id)!;
      const applied = between(created + a * DAY, created + (a + 3) * DAY);
      const activity = between(applied, Math.min(applied + 60 * DAY, GENERATED_UNTIL - DAY));
      lastActivity = Math.max(lastActivity, activity);
      const status = f.helpers.weightedArrayElement([
        { weight: 70, value: 'active' as const },
        { weight: 22, value: 'rejected' as const },
        { weight: 8, value: 'hired' as const },
      ]);
      const stageIndex = status === 'hired' ? stages.length - 1 : f.number.int({ min: 0, max: stages.length - 2 });
      const application: GemApplication = {
        id: store.nextId(MODEL_CODE.application, applied),
        candidate_id: id,
        applied_at: iso(applied),
        rejected_at: status === 'rejected' ? iso(activity) : null,
        last_activity_at: iso(activity),
        source: f.datatype.boolean(0.95) ? f.helpers.arrayElement(sources) : null,
        credited_to: f.datatype.boolean(0.6) ? f.helpers.arrayElement(users).id : null,
        rejection_reason: status === 'rejected' ? f.helpers.arrayElement(reasons) : null,
        jobs: jobLites.get(job.id)!,
        job_post_id: f.helpers.arrayElement(postsByJob.get(job.id)!),
        status,
        current_stage: stageLites.get(stages[stageIndex].id)!,
        deleted_at: null,
      };
      store.addApplication(application);
      if (stageIndex >= 1 && f.datatype.boolean(0.45)) pendingInterviews.push({ application, stageIndex, at: applied });
    }

    store.candidates.add({
      id,
      first_name: first,
      last_name: last,
      company: f.datatype.boolean(0.8) ? f.company.name() : null,
      title: f.datatype.boolean(0.8) ? f.person.jobTitle() : null,
      is_private: f.datatype.boolean(0.05),
      attachments: NONE,
      phone_numbers: phones,
      email_addresses: emails,
      social_media_addresses: social,
      tags: f.helpers.arrayElements(TAGS, { min: 0, max: 2 }),
      educations: NONE,
      employments: NONE,
      linked_user_ids: NONE,
      created_at: iso(created),
      updated_at: iso(lastActivity),
      last_activity: iso(lastActivity),
      deleted_at: null,
      created_by: users[i % users.length].id,
      nickname: null,
      location: f.datatype.boolean(0.6) ? f.location.city() : null,
      school: null,
      linked_in_handle: social[0]?.value.includes('linkedin') ? handle : null,
      sourced_from: null,
    });
  }

  // Scheduled interviews: for applications past the first stage, at the interview stages they passed.
  for (const { application, stageIndex, at } of pendingInterviews) {
    const stages = store.stagesByJob.get(application.jobs[0].id)!;
    const withInterviews = stages.slice(1, stageIndex + 1).filter((s) => s.interviews.length > 0);
    for (const stage of withInterviews.slice(f.datatype.boolean(0.3) ? -2 : -1)) {
      const definition = f.helpers.arrayElement(stage.interviews);
      const startMs = between(at + DAY, at + 50 * DAY);
      const interviewers = f.helpers.arrayElements(users, { min: 1, max: 2 }).map((u) => ({
        ...lites.get(u.id)!,
        email: u.primary_email_address,
        response_status: f.helpers.arrayElement(['needs_action', 'declined', 'tentative', 'accepted'] as const),
        scorecard_id: f.datatype.boolean(0.5) ? store.nextId(MODEL_CODE.scorecard, startMs) : null,
      }));
      store.interviews.add({
        id: store.nextId(MODEL_CODE.interview, startMs - DAY),
        application_id: application.id,
        external_event_id: f.datatype.boolean(0.5) ? f.string.alphanumeric(16) : null,
        created_at: iso(startMs - DAY),
        updated_at: iso(between(startMs - DAY, startMs + DAY)),
        start: { date_time: iso(startMs) },
        end: { date_time: iso(startMs + definition.estimated_minutes * 60_000) },
        location: f.datatype.boolean(0.3) ? `${f.location.city()} office` : null,
        video_conferencing_url: f.datatype.boolean(0.7) ? `https://meet.example.com/${f.string.alpha(10).toLowerCase()}` : null,
        status: startMs < GENERATED_UNTIL - 7 * DAY ? 'complete' : f.helpers.arrayElement(['scheduled', 'awaiting_feedback'] as const),
        interview: { id: definition.id, name: definition.name },
        organizer: lites.get(f.helpers.arrayElement(users).id)!,
        interviewers,
        job_stage_interview_item_id: definition.job_stage_interview_item_id,
        deleted_at: null,
      });
    }
  }

  softDeleteSome(store, f);
  addProjects(store, f, users, start);
  return { store, faker: f };
}

/** About 1% of candidates and applications, one job and one post are already soft-deleted. */
function softDeleteSome(store: GemStore, f: Faker): void {
  const deleteAt = (record: { deleted_at: string | null; updated_at?: string | null }, ms: number) => {
    record.deleted_at = new Date(ms).toISOString();
    if ('updated_at' in record) record.updated_at = record.deleted_at;
  };
  const at = GENERATED_UNTIL - 2 * DAY;
  for (const c of store.candidates.items) if (f.datatype.boolean(0.01)) deleteAt(c, at);
  for (const a of store.applications.items) {
    if (f.datatype.boolean(0.01)) {
      a.deleted_at = new Date(at).toISOString();
      a.last_activity_at = a.deleted_at;
    }
  }
  const jobs = store.jobs.items;
  if (jobs.length > 6) deleteAt(jobs[jobs.length - 1], at);
  const posts = store.jobPosts.items.filter((p) => !p.live);
  if (posts.length > 0) deleteAt(posts[0], at);
}

function addProjects(store: GemStore, f: Faker, users: GemUser[], start: number): void {
  const count = Math.max(3, Math.min(50, Math.ceil(store.candidates.items.length / 500)));
  for (let i = 0; i < count; i++) {
    const created = f.number.int({ min: start, max: GENERATED_UNTIL - DAY });
    const project = store.projects.add({
      id: store.nextId(MODEL_CODE.project, created),
      created_at: Math.floor(created / 1000),
      user_id: f.helpers.arrayElement(users).id,
      name: `${f.company.buzzNoun()} pipeline ${i + 1}`,
      privacy_type: f.helpers.arrayElement(['confidential', 'personal', 'shared'] as const),
      description: f.datatype.boolean(0.5) ? f.lorem.sentence() : null,
      is_archived: f.datatype.boolean(0.1),
      project_fields: [],
      context: null,
    });
    const members = f.helpers.arrayElements(store.candidates.items, { min: 0, max: Math.min(20, store.candidates.items.length) });
    store.projectMembers.set(project.id, members.map((c) => ({ candidate_id: c.id, added_at: project.created_at + 3600 })));
  }
}
