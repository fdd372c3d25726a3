import { RequestMethod, type INestApplication } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { ResolveConnectionPipe } from '../ats-api/scope/connection-scope.js';
import { ACCESS_KEY, type Access } from '../common/auth/access.decorators.js';
import { KomboGeneralErrorsFilter } from '../general-api/kombo-general-errors.filter.js';

/** What the guard and the filters will do on one route, read from the same metadata they read. */
export interface RouteFacts {
  /** As ApiKeyGuard decides it: the handler's @Public()/@AdminOnly(), else the controller's, else any key. */
  access: Access;
  /** Errors leave through KomboGeneralErrorsFilter (Kombo's codes, the exact one in `error.ats_sync_code`). */
  komboGeneral: boolean;
  /** A parameter is @ScopedConnection(): the connection comes from X-Connection-Id / X-Integration-Id (or the scoped key). */
  connectionScoped: boolean;
}

/** `get /v1/connections/{id}`: the key of an operation in the OpenAPI document. */
export const operationKey = (method: string, path: string) => `${method.toLowerCase()} ${path}`;

const asList = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']).map(String);

/** Nest's `v1/x` + `:id` as OpenAPI's `/v1/x/{id}` (the form SwaggerModule writes). */
function openApiPath(...parts: string[]): string {
  const joined = `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const usesKomboFilter = (target: object): boolean =>
  ((Reflect.getMetadata(EXCEPTION_FILTERS_METADATA, target) as unknown[] | undefined) ?? []).some(
    (f) => f === KomboGeneralErrorsFilter || f instanceof KomboGeneralErrorsFilter,
  );

const resolvesConnection = (controller: object, name: string): boolean =>
  Object.values((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) as Record<string, { pipes?: unknown[] }> | undefined) ?? {}).some((arg) =>
    (arg.pipes ?? []).some((p) => p === ResolveConnectionPipe || p instanceof ResolveConnectionPipe),
  );

/** Every route of every controller, by operation key. */
export function routeFactsOf(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller?.prototype) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const access = (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, controller) ?? 'any-key') as Access;
        const komboGeneral = usesKomboFilter(controller) || usesKomboFilter(handler);
        const connectionScoped = resolvesConnection(controller, name);
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, controller))) {
          for (const route of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            facts.set(operationKey(RequestMethod[method], openApiPath(base, route)), { access, komboGeneral, connectionScoped });
          }
        }
      }
    }
  }
  return facts;
}
