import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { APP_CONFIG } from '../app/tokens.js';
import { Public } from '../common/auth/access.decorators.js';
import { tokensEqual } from '../common/crypto/token-hash.js';
import { ApiError } from '../common/errors/api-error.js';
import { UuidParamPipe } from '../common/validation/uuid-param.pipe.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectService } from '../connect/connect.service.js';
import { publicUrlOf } from '../connect/public-url.js';
import { ConnectionsService } from '../connections/connections.service.js';
import { success, successList } from '../common/success.js';
import { StartSyncDto, SyncRunResponse } from '../sync/dto/sync.dto.js';
import { SyncsService } from '../sync/syncs.service.js';
import { SetEnabledDto } from '../general-api/dto/general.dto.js';
import { csrfTokenOf, DashboardSessions, sessionCookie, sessionTokenOf } from './dashboard-sessions.js';
import { DashboardReads } from './dashboard.repository.js';
import { DASHBOARD_CSP, DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS, loginPage } from './page/dashboard-page.js';

const ADMIN = { kind: 'admin' } as const;

/**
 * A request from this origin. Browsers send Sec-Fetch-Site, which no page can forge; without it
 * (older clients, curl) an Origin, when sent, must be this one. (Under Referrer-Policy no-referrer
 * a form POST's Origin is "null", so Sec-Fetch-Site decides for browsers.)
 */
function sameOrigin(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site) return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  return origin === undefined || origin === publicUrlOf(req);
}

/**
 * The operator dashboard: sign in with the admin key (in a POST body, never a URL), then an
 * HttpOnly SameSite=Strict session cookie. Every change also needs the session's CSRF token in a
 * header and a same-origin request. Scoped keys are refused.
 */
@ApiExcludeController()
@Public()
@Controller('dashboard')
export class DashboardController {
  private readonly sessions: DashboardSessions;
  private readonly reads: DashboardReads;

  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly apiKeys: ApiKeysService,
    private readonly connections: ConnectionsService,
    private readonly syncs: SyncsService,
    private readonly connect: ConnectService,
  ) {
    this.sessions = new DashboardSessions(db);
    this.reads = new DashboardReads(db);
  }

  private html(res: Response, body: string, status = 200): void {
    res.status(status).setHeader('Content-Security-Policy', DASHBOARD_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(body);
  }

  /** The session token when the request carries a live session; for changes, also a matching CSRF header from this origin. */
  private async session(req: Request, change: boolean): Promise<string> {
    const token = sessionTokenOf(req);
    if (!token || !(await this.sessions.valid(token))) throw ApiError.unauthenticated('Sign in to the dashboard again (the session is missing or expired).');
    if (change && (!sameOrigin(req) || !this.sessions.csrfMatches(token, req.header('x-csrf-token')))) {
      throw ApiError.forbidden('This change did not come from the dashboard page (CSRF check failed); reload the page and try again.');
    }
    return token;
  }

  @Get()
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = sessionTokenOf(req);
    if (token && (await this.sessions.valid(token))) return this.html(res, DASHBOARD_HTML);
    this.html(res, loginPage(null));
  }

  @Get('dashboard.js')
  script(@Res() res: Response): void {
    res.type('text/javascript').send(DASHBOARD_JS);
  }

  @Get('dashboard.css')
  style(@Res() res: Response): void {
    res.type('text/css').send(DASHBOARD_CSS);
  }

  @Post('login')
  async login(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>): Promise<void> {
    if (!sameOrigin(req)) return this.html(res, loginPage('Sign in from the dashboard page itself.'), HttpStatus.FORBIDDEN);
    const key = typeof body?.key === 'string' ? body.key.trim() : '';
    if (!key || !tokensEqual(key, this.config.adminKey)) {
      const scoped = key ? await this.apiKeys.findByToken(key) : null;
      const message = scoped ? 'That key is scoped to one connection; the dashboard needs the admin key.' : 'That is not the admin key.';
      return this.html(res, loginPage(message), scoped ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED);
    }
    const token = await this.sessions.create();
    res.setHeader('Set-Cookie', sessionCookie(token, req.secure));
    res.redirect(303, '/dashboard');
  }

  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = await this.session(req, true);
    await this.sessions.end(token);
    res.setHeader('Set-Cookie', sessionCookie(null, req.secure));
  }

  // ---- JSON for the page's script ----

  @Get('api/session')
  async csrf(@Req() req: Request) {
    return success({ csrf_token: csrfTokenOf(await this.session(req, false)) });
  }

  @Get('api/connections')
  async list(@Req() req: Request) {
    await this.session(req, false);
    return successList(await this.reads.connections());
  }

  @Get('api/connections/:id/syncs')
  async history(@Req() req: Request, @Param('id', UuidParamPipe) id: string) {
    await this.session(req, false);
    return successList((await this.syncs.list(ADMIN, id, 20)).map(SyncRunResponse.from));
  }

  @Get('api/connections/:id/activity')
  async activity(@Req() req: Request, @Param('id', UuidParamPipe) id: string) {
    await this.session(req, false);
    await this.connections.get(ADMIN, id);
    return success({ deliveries: await this.reads.deliveries(id), write_actions: await this.reads.writeActions(id) });
  }

  @Post('api/connections/:id/sync')
  @HttpCode(202)
  async sync(@Req() req: Request, @Param('id', UuidParamPipe) id: string, @Body() dto: StartSyncDto) {
    await this.session(req, true);
    return success(SyncRunResponse.from((await this.syncs.request(ADMIN, id, dto.type)).run));
  }

  @Post('api/connections/:id/enabled')
  @HttpCode(200)
  async enabled(@Req() req: Request, @Param('id', UuidParamPipe) id: string, @Body() dto: SetEnabledDto) {
    await this.session(req, true);
    await this.connections.update(ADMIN, id, { enabled: dto.value });
    return success({});
  }

  /** Rotating credentials goes through a Connect link: the key is pasted into the Connect page, never into the dashboard. */
  @Post('api/connections/:id/relink')
  @HttpCode(200)
  async relink(@Req() req: Request, @Param('id', UuidParamPipe) id: string) {
    await this.session(req, true);
    return success({ link: await this.connect.createRelink(id, null, 'EMBEDDED', publicUrlOf(req)) });
  }

  @Delete('api/connections/:id')
  async remove(@Req() req: Request, @Param('id', UuidParamPipe) id: string) {
    await this.session(req, true);
    await this.connections.remove(ADMIN, id);
    return success({});
  }
}

