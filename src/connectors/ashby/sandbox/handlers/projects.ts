import { buildCandidate } from '../data/build-candidates.js';
import { iso } from '../data/world.js';
import { listPage, type Handler, type SandboxContext } from '../context.js';
import { notFound, ok, requireString } from '../responses.js';

function projectIndex(ctx: SandboxContext, id: unknown): number {
  const i = ctx.world.ids.index('project', id);
  if (i === undefined || i >= ctx.world.state.projects.length) throw notFound('project', id);
  return i;
}

function buildProject(ctx: SandboxContext, i: number) {
  const p = ctx.world.state.projects[i];
  return {
    id: ctx.world.ids.id('project', i),
    title: p.title,
    description: p.description,
    isArchived: p.archived,
    confidential: p.confidential,
    authorId: ctx.world.ids.id('user', 0),
    createdAt: iso(p.createdAt),
    customFieldEntries: [],
  };
}

/** Ashby's projects: listed and read, and candidates added one at a time (adding one twice changes nothing). */
export const projectHandlers: Record<string, Handler> = {
  'project.list': (ctx, body) => listPage(ctx, 'project.list', body, ctx.world.state.projects, () => true, (i) => buildProject(ctx, i)),

  'project.info': (ctx, body) => ok(buildProject(ctx, projectIndex(ctx, requireString(body, 'projectId')))),

  'candidate.addProject': (ctx, body) => {
    const c = ctx.world.ids.index('candidate', requireString(body, 'candidateId'));
    if (c === undefined || c >= ctx.world.state.candidates.length || ctx.world.state.candidates[c].deleted) throw notFound('candidate', body.candidateId);
    const project = ctx.world.state.projects[projectIndex(ctx, requireString(body, 'projectId'))];
    if (!project.members.includes(c)) project.members.push(c);
    return ok(buildCandidate(ctx.world, c));
  },
};
