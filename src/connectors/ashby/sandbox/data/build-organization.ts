import {
  ARCHIVE_REASONS,
  ARCHIVED_REASONS,
  ARCHIVED_SOURCES,
  DEPARTMENTS,
  LOCATIONS,
  SOURCE_TYPES,
  SOURCES,
  TAGS,
} from './catalog.js';
import { iso, type World } from './world.js';

const GLOBAL_ROLES = ['Organization Admin', 'Elevated Access', 'Limited Access', 'External Recruiter'] as const;

export function userName(world: World, u: number): { firstName: string; lastName: string; email: string } {
  return world.memo(`user-name:${u}`, () => {
    const f = world.nestedFakerFor('user', u);
    const firstName = f.person.firstName();
    const lastName = f.person.lastName();
    return { firstName, lastName, email: `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '') + `${u}@acme-talent.example` };
  });
}

export function buildUser(world: World, u: number) {
  const s = world.state.users[u];
  return {
    id: world.ids.id('user', u),
    ...userName(world, u),
    globalRole: GLOBAL_ROLES[s.role],
    isEnabled: s.enabled,
    updatedAt: iso(s.updatedAt),
    ...(s.manager >= 0 ? { managerId: world.ids.id('user', s.manager) } : {}),
    customFields: [],
  };
}

export function buildDepartment(world: World, d: number) {
  const s = world.state.departments[d];
  return {
    id: world.ids.id('department', d),
    name: DEPARTMENTS[d][0],
    externalName: DEPARTMENTS[d][0],
    isArchived: s.archived,
    ...(s.parent >= 0 ? { parentId: world.ids.id('department', s.parent) } : {}),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}

export function buildLocation(world: World, l: number) {
  const s = world.state.locations[l];
  const [name, workplaceType, country, region, city] = LOCATIONS[l];
  return {
    id: world.ids.id('location', l),
    name,
    externalName: name,
    isArchived: s.archived,
    address: {
      postalAddress: { addressCountry: country, ...(region ? { addressRegion: region } : {}), ...(city ? { addressLocality: city } : {}) },
    },
    isRemote: workplaceType === 'Remote',
    workplaceType,
    type: 'Location',
  };
}

export function buildSource(world: World, s: number) {
  const [title, type] = SOURCES[s];
  return {
    id: world.ids.id('source', s),
    title,
    isArchived: ARCHIVED_SOURCES.has(s),
    sourceType: { id: world.ids.id('sourceType', type), title: SOURCE_TYPES[type], isArchived: false },
  };
}

export function buildArchiveReason(world: World, r: number) {
  const [text, reasonType] = ARCHIVE_REASONS[r];
  return { id: world.ids.id('archiveReason', r), text, reasonType, isArchived: ARCHIVED_REASONS.has(r) };
}

export function buildTag(world: World, t: number) {
  return { id: world.ids.id('tag', t), title: world.state.tags[t].title ?? TAGS[t], isArchived: world.state.tags[t].archived };
}
