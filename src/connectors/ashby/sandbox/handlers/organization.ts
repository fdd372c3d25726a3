import { ARCHIVE_REASONS, HIRING_TEAM_ROLES, SOURCES } from '../data/catalog.js';
import {
  buildArchiveReason,
  buildDepartment,
  buildLocation,
  buildSource,
  buildTag,
  buildUser,
} from '../data/build-organization.js';
import { BASE_TIME, DAY, touch } from '../data/state.js';
import { iso } from '../data/world.js';
import { bool, listPage, type Handler } from '../context.js';
import { invalidInput, notFound, ok, requireString } from '../responses.js';

export const organizationHandlers: Record<string, Handler> = {
  'apiKey.info': () =>
    ok({ title: 'ats-sync sandbox key', createdAt: iso(BASE_TIME - 30 * DAY), scopes: ['candidates:read', 'candidates:write', 'jobs:read', 'interviews:read', 'offers:read', 'organization:read', 'hiringProcessMetadata:read', 'apiKeys:write'] }),

  'user.list': (ctx, body) =>
    listPage(ctx, 'user.list', body, ctx.world.state.users, (u) => u.enabled || bool(body, 'includeDeactivated'), (i) => buildUser(ctx.world, i)),

  'user.info': (ctx, body) => {
    const i = ctx.world.ids.index('user', requireString(body, 'userId'));
    if (i === undefined || i >= ctx.world.state.users.length) throw notFound('user', body.userId);
    return ok(buildUser(ctx.world, i));
  },

  'department.list': (ctx, body) =>
    listPage(ctx, 'department.list', body, ctx.world.state.departments, (d) => !d.archived || bool(body, 'includeArchived'), (i) => buildDepartment(ctx.world, i)),

  'location.list': (ctx, body) =>
    listPage(ctx, 'location.list', body, ctx.world.state.locations, (l) => !l.archived || bool(body, 'includeArchived'), (i) => buildLocation(ctx.world, i)),

  // Not paginated.
  'source.list': (ctx, body) => ({
    ...ok(SOURCES.map((_, i) => buildSource(ctx.world, i)).filter((s) => !s.isArchived || bool(body, 'includeArchived'))),
    moreDataAvailable: false,
  }),

  'archiveReason.list': (ctx, body) =>
    ok(ARCHIVE_REASONS.map((_, i) => buildArchiveReason(ctx.world, i)).filter((r) => !r.isArchived || bool(body, 'includeArchived'))),

  'hiringTeamRole.list': (ctx, body) =>
    ok(bool(body, 'namesOnly') ? [...HIRING_TEAM_ROLES] : HIRING_TEAM_ROLES.map((title, i) => ({ id: ctx.world.ids.id('hiringTeamRole', i), title }))),

  'candidateTag.list': (ctx, body) =>
    listPage(ctx, 'candidateTag.list', body, ctx.world.state.tags, (t) => !t.archived || bool(body, 'includeArchived'), (i) => buildTag(ctx.world, i)),

  // "If a tag already exists with that title, the existing tag will be returned" (any case here).
  'candidateTag.create': (ctx, body) => {
    const title = requireString(body, 'title').trim();
    if (title === '') throw invalidInput('`title` must not be empty.');
    const { tags } = ctx.world.state;
    const existing = tags.findIndex((_, i) => buildTag(ctx.world, i).title.toLowerCase() === title.toLowerCase() && !tags[i].archived);
    if (existing >= 0) return ok(buildTag(ctx.world, existing));
    const tag = { archived: false, title, seq: 0, updatedAt: 0 };
    tags.push(tag);
    touch(ctx.world.state, tag);
    return ok(buildTag(ctx.world, tags.length - 1));
  },
};
