import { ARCHIVE_REASONS, CURRENCIES } from './catalog.js';
import { buildArchiveReason, buildSource, buildUser } from './build-organization.js';
import { candidateIdentity } from './build-candidates.js';
import { buildStage, hiringTeamMember, stageInterviews } from './build-jobs.js';
import { DAY } from './state.js';
import { iso, type World } from './world.js';

export function buildApplication(world: World, a: number) {
  const s = world.state.applications[a];
  const job = world.state.jobs[s.job];
  const who = candidateIdentity(world, s.candidate);
  const primaryEmail = who.emails.find((e) => e.isPrimary) ?? who.emails[0];
  const primaryPhone = who.phones.find((p) => p.isPrimary) ?? who.phones[0];
  const recruiter = job.team.find(([, role]) => role === 1);
  return {
    id: world.ids.id('application', a),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    status: s.status,
    customFields: a % 3 === 0 ? [{ id: world.ids.id('customField', 20), title: 'Referral Bonus Eligible', isPrivate: false, value: a % 2 === 0 }] : [],
    candidate: {
      id: world.ids.id('candidate', s.candidate),
      name: who.name,
      ...(primaryEmail ? { primaryEmailAddress: primaryEmail } : {}),
      ...(primaryPhone ? { primaryPhoneNumber: primaryPhone } : {}),
    },
    currentInterviewStage: buildStage(world, s.stage),
    ...(s.source >= 0 ? { source: buildSource(world, s.source) } : {}),
    ...(s.archiveReason >= 0 && s.archiveReason < ARCHIVE_REASONS.length ? { archiveReason: { ...buildArchiveReason(world, s.archiveReason), customFields: [] } } : {}),
    ...(s.archivedAt !== null ? { archivedAt: iso(s.archivedAt) } : {}),
    job: {
      id: world.ids.id('job', s.job),
      title: job.title,
      locationId: world.ids.id('location', job.location),
      departmentId: world.ids.id('department', job.department),
    },
    ...(world.state.candidates[s.candidate].creditedTo >= 0 ? { creditedToUser: buildUser(world, world.state.candidates[s.candidate].creditedTo) } : {}),
    hiringTeam: recruiter ? [hiringTeamMember(world, recruiter[0], recruiter[1])] : [],
    ...(job.postings.length > 0 && s.source === 0 ? { appliedViaJobPostingId: world.ids.id('posting', job.postings[0]) } : {}),
  };
}

/** Events of a schedule: index = schedule * 4 + k. `expandInterview` adds the interview definition. */
export function buildEvents(world: World, sc: number, expandInterview: boolean) {
  const s = world.state.schedules[sc];
  const interviews = stageInterviews(world, s.stage);
  // Users never change after generation, so the interviewer pool is computed once.
  const users = world.memo('enabled-users', () => world.state.users.map((u, i) => (u.enabled ? i : -1)).filter((i) => i >= 0));
  const events = [];
  for (let k = 0; k < s.events; k++) {
    const f = world.fakerFor('event', sc * 4 + k);
    const interview = interviews[k % Math.max(1, interviews.length)];
    const interviewers = f.helpers.arrayElements(users, { min: 1, max: 3 });
    const start = s.createdAt + (2 + k) * DAY + f.number.int({ min: 9, max: 16 }) * 3600_000;
    const id = world.ids.id('event', sc * 4 + k);
    const done = s.status === 'Complete' || s.status === 'WaitingOnFeedback';
    events.push({
      id,
      interviewId: interview?.id ?? world.ids.id('interview', s.stage * 4),
      interviewScheduleId: world.ids.id('schedule', sc),
      interviewerUserIds: interviewers.map((u) => world.ids.id('user', u)),
      // trainingRole is null for qualified interviewers; the third one shadows.
      interviewers: interviewers.map((u, i) => ({ ...buildUser(world, u), trainingRole: i === 2 ? 'Shadow' : null, interviewerPool: null, isFeedbackRequired: i !== 2 })),
      createdAt: iso(s.createdAt),
      updatedAt: iso(s.updatedAt),
      startTime: iso(start),
      endTime: iso(start + 45 * 60_000),
      feedbackLink: `https://app.ashbyhq.com/interview-briefings/${id}/feedback`,
      location: k % 2 === 0 ? null : 'Room 4.01',
      meetingLink: k % 2 === 0 ? `https://meet.example.com/${id.slice(-12)}` : null,
      hasSubmittedFeedback: done,
      ...(expandInterview && interview ? { interview } : {}),
    });
  }
  return events;
}

export function buildSchedule(world: World, sc: number) {
  const s = world.state.schedules[sc];
  return {
    id: world.ids.id('schedule', sc),
    status: s.status,
    applicationId: world.ids.id('application', s.application),
    interviewStageId: world.ids.id('stage', s.stage),
    scheduledBy: buildUser(world, s.scheduledBy),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    interviewEvents: buildEvents(world, sc, false),
  };
}

export function buildOffer(world: World, o: number) {
  const s = world.state.offers[o];
  const f = world.fakerFor('offer', o);
  const app = world.state.applications[s.application];
  const author = world.state.jobs[app.job].team[0][0];
  return {
    id: world.ids.id('offer', o),
    ...(s.decidedAt !== null ? { decidedAt: iso(s.decidedAt) } : {}),
    applicationId: world.ids.id('application', s.application),
    acceptanceStatus: s.acceptance,
    offerStatus: s.offerStatus,
    latestVersion: {
      id: world.ids.id('offerVersion', o),
      startDate: iso(s.createdAt + f.number.int({ min: 14, max: 60 }) * DAY),
      salary: { currencyCode: f.helpers.arrayElement(CURRENCIES), value: f.number.int({ min: 55, max: 260 }) * 1000 },
      createdAt: iso(s.createdAt),
      customFields: [],
      fileHandles: [],
      author: buildUser(world, author),
      approvalStatus: 'Approved',
    },
  };
}
