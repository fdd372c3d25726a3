import type { World } from './data/world.js';
import type { FaultState, PagingSettings } from './faults.js';
import type { Mutations } from './mutations.js';
import { paginate } from './paging.js';
import type { Tracked } from './data/state.js';
import type { Delivery } from './webhooks.js';

/** What an endpoint handler gets: the data, the paging settings and a way to publish changes. */
export interface SandboxContext {
  world: World;
  faults: FaultState;
  paging: PagingSettings;
  /** Fires the webhooks of a finished mutation. */
  publish(mutations: Mutations): Promise<Delivery[]>;
}

export type Body = Record<string, unknown>;
export type Handler = (ctx: SandboxContext, body: Body) => unknown;

/** A paginated, sync-token list over one collection. */
export function listPage<S extends Tracked, T>(
  ctx: SandboxContext,
  endpoint: string,
  body: Body,
  items: readonly S[],
  include: (item: S, index: number) => boolean,
  build: (index: number) => T,
) {
  return paginate({ endpoint, body, currentSeq: ctx.world.state.seq, settings: ctx.paging }, items, include, build);
}

export const bool = (body: Body, name: string) => body[name] === true;

/** `createdAfter` (ms since epoch) as the list endpoints take it. */
export const createdAfter = (body: Body) => (typeof body.createdAfter === 'number' ? body.createdAfter : -Infinity);

export const expandList = (body: Body): string[] => (Array.isArray(body.expand) ? body.expand.filter((e): e is string => typeof e === 'string') : []);
