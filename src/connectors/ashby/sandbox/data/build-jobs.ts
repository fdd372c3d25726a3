import { DEPARTMENTS, HIRING_TEAM_ROLES, LOCATIONS } from './catalog.js';
import { buildLocation, buildUser, userName } from './build-organization.js';
import { DAY, type StageState } from './state.js';
import { day, iso, type World } from './world.js';

export function hiringTeamMember(world: World, user: number, role: number) {
  return { userId: world.ids.id('user', user), ...userName(world, user), role: HIRING_TEAM_ROLES[role] };
}

function jobCustomFields(world: World, j: number) {
  const f = world.fakerFor('job-custom', j);
  const fields: { id: string; title: string; value: unknown; isPrivate?: boolean }[] = [
    { id: world.ids.id('customField', 1), title: 'Cost Center', value: `CC-${f.number.int({ min: 100, max: 999 })}`, isPrivate: false },
  ];
  if (f.datatype.boolean()) fields.push({ id: world.ids.id('customField', 2), title: 'Backfill', value: f.datatype.boolean(), isPrivate: false });
  return fields;
}

/** job.list / job.info item; `expand` adds `location` and `openings` as the API does. */
export function buildJob(world: World, j: number, expand: readonly string[] = []) {
  const s = world.state.jobs[j];
  const planId = world.ids.id('plan', s.plan);
  const team = s.team.map(([u, r]) => hiringTeamMember(world, u, r));
  const job: Record<string, unknown> = {
    id: world.ids.id('job', j),
    title: s.title,
    confidential: s.confidential,
    status: s.status,
    employmentType: s.employmentType,
    locationId: world.ids.id('location', s.location),
    departmentId: world.ids.id('department', s.department),
    defaultInterviewPlanId: planId,
    interviewPlanIds: [planId],
    customFields: jobCustomFields(world, j),
    jobPostingIds: s.postings.map((p) => world.ids.id('posting', p)),
    brandId: world.ids.id('brand', 0),
    hiringTeam: team,
    author: buildUser(world, s.author),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    ...(s.openedAt !== null ? { openedAt: iso(s.openedAt) } : {}),
    ...(s.closedAt !== null ? { closedAt: iso(s.closedAt) } : {}),
  };
  if (expand.includes('location')) job.location = buildLocation(world, s.location);
  if (expand.includes('openings')) {
    const state = s.status === 'Open' ? 'Open' : s.status === 'Closed' ? 'Filled' : s.status === 'Draft' ? 'Draft' : 'Closed';
    job.openings = [
      {
        id: world.ids.id('opening', j),
        ...(s.openedAt !== null ? { openedAt: iso(s.openedAt) } : {}),
        ...(s.closedAt !== null ? { closedAt: iso(s.closedAt) } : {}),
        isArchived: s.status === 'Archived',
        openingState: state,
        latestVersion: {
          id: world.ids.id('opening', 1_000_000 + j),
          identifier: `REQ-${1000 + j}`,
          description: `${s.title}, ${DEPARTMENTS[s.department][0]}`,
          authorId: world.ids.id('user', s.author),
          createdAt: iso(s.createdAt),
          jobIds: [job.id],
          isBackfill: false,
          employmentType: s.employmentType,
          locationIds: [s.location, ...s.extraLocations].map((l) => world.ids.id('location', l)),
          hiringTeam: team,
          customFields: [],
        },
      },
    ];
  }
  return job;
}

export function buildPlan(world: World, p: number) {
  const s = world.state.plans[p];
  return {
    id: world.ids.id('plan', p),
    title: `${world.state.jobs[s.job].title} Interview Plan`,
    isArchived: s.archived,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

export function buildStage(world: World, g: number) {
  const s: StageState = world.state.stages[g];
  return {
    id: world.ids.id('stage', g),
    title: s.title,
    type: s.type,
    orderInInterviewPlan: s.order,
    interviewStageGroupId: world.ids.id('stageGroup', ['Lead', 'PreInterviewScreen', 'Active', 'Offer', 'Hired', 'Archived'].indexOf(s.type)),
    interviewPlanId: world.ids.id('plan', s.plan),
  };
}

const INTERVIEWS_BY_STAGE: Record<string, string[]> = {
  'Recruiter Screen': ['Recruiter Screen'],
  'Technical Interview': ['Coding Interview', 'System Design'],
  'Take-home Review': ['Take-home Review'],
  Onsite: ['Values Interview', 'Architecture Deep Dive', 'Hiring Manager Interview'],
  'Reference Check': ['Reference Call'],
};

/** The interview definitions of a stage: index = stage * 4 + k. */
export function stageInterviews(world: World, g: number) {
  const s = world.state.stages[g];
  return (INTERVIEWS_BY_STAGE[s.title] ?? []).map((title, k) => ({
    id: world.ids.id('interview', g * 4 + k),
    title,
    externalTitle: title,
    isArchived: false,
    isDebrief: false,
    isFeedbackRequired: true,
    isFeedbackRequested: true,
    instructionsPlain: `Assess the candidate for the ${title.toLowerCase()}.`,
    jobId: world.ids.id('job', world.state.plans[s.plan].job),
    feedbackFormDefinitionId: world.ids.id('feedbackForm', g * 4 + k),
  }));
}

export function buildJobInterviewPlan(world: World, j: number) {
  const plan = world.state.plans[world.state.jobs[j].plan];
  return {
    jobId: world.ids.id('job', j),
    interviewPlanId: world.ids.id('plan', world.state.jobs[j].plan),
    stages: plan.stages.map((g) => {
      const { interviewPlanId: _, ...stage } = buildStage(world, g);
      return {
        ...stage,
        activities: stageInterviews(world, g).map((interview, k) => ({
          id: world.ids.id('activity', g * 4 + k),
          title: interview.title,
          interviews: [{ id: world.ids.id('activity', 100_000_000 + g * 4 + k), title: interview.title, interviewId: interview.id, interviewDurationMinutes: 45, isSchedulable: true }],
        })),
      };
    }),
  };
}

function postingCommon(world: World, p: number) {
  const s = world.state.postings[p];
  const job = world.state.jobs[s.job];
  const id = world.ids.id('posting', p);
  return {
    id,
    title: job.title,
    jobId: world.ids.id('job', s.job),
    departmentName: DEPARTMENTS[job.department][0],
    teamName: DEPARTMENTS[job.department][0],
    locationName: LOCATIONS[job.location][0],
    locationIds: {
      primaryLocationId: world.ids.id('location', job.location),
      secondaryLocationIds: job.extraLocations.map((l) => world.ids.id('location', l)),
    },
    workplaceType: LOCATIONS[job.location][1],
    employmentType: job.employmentType,
    isListed: s.listed,
    publishedDate: day(s.publishedAt),
    ...(s.listed ? { externalLink: `https://careers.acme-talent.example/jobs/${id}` } : {}),
    applyLink: `https://jobs.ashbyhq.com/acme-talent/${id}/application`,
    shouldDisplayCompensationOnJobBoard: false,
    updatedAt: iso(s.updatedAt),
  };
}

export const buildPostingSummary = (world: World, p: number) => postingCommon(world, p);

export function buildPosting(world: World, p: number) {
  const common = postingCommon(world, p);
  const f = world.fakerFor('posting', p);
  const opening = `We are hiring a ${common.title} to join ${common.departmentName}.`;
  const body = f.lorem.paragraphs(2);
  const html = `<p>${opening}</p><p>${body.replace(/\n/g, '</p><p>')}</p>`;
  const { shouldDisplayCompensationOnJobBoard, ...rest } = common;
  return {
    ...rest,
    descriptionPlain: `${opening}\n\n${body}`,
    descriptionHtml: html,
    descriptionParts: { descriptionBody: { html, plain: `${opening}\n\n${body}` } },
    linkedData: { '@context': 'https://schema.org/', '@type': 'JobPosting', title: common.title, datePosted: common.publishedDate },
    applicationFormDefinition: { sections: [] },
    surveyFormDefinitions: [],
    compensation: { compensationTiers: [], shouldDisplayCompensationOnJobBoard },
    // The posting's job board life: published a while after the job opened.
    applicationDeadline: iso(world.state.postings[p].publishedAt + 90 * DAY),
  };
}
