import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { Request, Response } from 'express';
import { ApiKeysService } from '../../api-keys/api-keys.service.js';
import { APP_CONFIG } from '../../app/tokens.js';
import { ApiKeyGuard } from '../../common/auth/api-key.guard.js';
import type { Principal } from '../../common/auth/principal.js';
import type { AppConfig } from '../../config/app-config.js';
import { AtsReadService } from '../ats-read.service.js';
import { readListQuery } from '../query/list-query.param.js';
import { READ_ROUTES, type ReadRoute } from '../read-routes.js';
import { headerOf, ResolveConnectionPipe } from '../scope/connection-scope.js';
import { writeJson } from './send-json.js';

const JSON_CONTENT = 'application/json; charset=utf-8';
/** `/v1/ats/<model>` or `/v1/ats/<model>/<uuid>`, exactly (no trailing slash, no escapes, lower-case model). */
const PATH = /^\/v1\/ats\/([a-z-]+)(?:\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}))?$/;

/**
 * The read API's usual requests answered before Nest's router, guard, pipes and exception filter run
 * — with the same code: the app's ApiKeyGuard (on the controller's own handler metadata), the
 * connection scope pipe, the list-query fast path, AtsReadService, and the controllers' headers.
 * A request it cannot answer as the controller would (a HEAD or conditional GET, a query the
 * validation pipe must judge, a refused key or connection, a bad cursor, any error) goes on to Nest
 * untouched, which answers it exactly as before: errors never leave from here.
 */
@Injectable()
export class ReadFastPath implements NestMiddleware {
  /** false: every read goes through Nest (the equality spec compares the two). */
  enabled = true;
  /** Requests answered here (the spec checks they were). */
  answered = 0;
  private readonly guard: ApiKeyGuard;

  constructor(
    reflector: Reflector,
    apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly scope: ResolveConnectionPipe,
    private readonly reads: AtsReadService,
  ) {
    this.guard = new ApiKeyGuard(reflector, apiKeys, config);
  }

  use(request: Request, response: Response, next: (error?: unknown) => void): void {
    if (!this.enabled || request.method !== 'GET' || request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined) {
      return next();
    }
    const url = request.url;
    const q = url.indexOf('?');
    const match = PATH.exec(q < 0 ? url : url.slice(0, q));
    const route = match ? READ_ROUTES.get(match[1]) : undefined;
    if (!route) return next();
    this.answer(request, response, route, match![2]?.toLowerCase(), next).then(
      (done) => {
        if (done) this.answered += 1;
        else next();
      },
      () => (response.headersSent ? response.destroy() : next()),
    );
  }

  /** true when answered; false (nothing sent) when Nest should answer. Throws (nothing sent) on any error. */
  private async answer(request: Request, response: Response, route: ReadRoute, id: string | undefined, next: () => void): Promise<boolean> {
    const query = id === undefined ? readListQuery(route.query, request.query as Record<string, unknown>) : undefined;
    if (id === undefined && !query) return false;
    const handler = (route.controller.prototype as Record<string, (...args: unknown[]) => unknown>)[id === undefined ? 'list' : 'get'];
    if (!(await this.guard.canActivate(new ExecutionContextHost([request, response, next], route.controller, handler)))) return false;
    const principal = (request as Request & { principal: Principal }).principal;
    const connectionId = await this.scope.transform({ principal, header: headerOf(request) });
    const body = id === undefined ? await this.reads.listBody(route.model, connectionId, query!) : await this.reads.getBody(route.model, connectionId, id);
    response.setHeader('Content-Type', JSON_CONTENT);
    await writeJson(request, response, body);
    return true;
  }
}
