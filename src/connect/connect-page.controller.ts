import { Body, Controller, Get, Header, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/auth/access.decorators.js';
import { ApiError } from '../common/errors/api-error.js';
import { findConnector } from '../connectors/connector-registry.js';
import { ConnectService } from './connect.service.js';
import { PageConnectDto } from './dto/create-link.dto.js';
import { CONNECT_CSP, CONNECT_CSS, CONNECT_HTML, CONNECT_JS } from './page/connect-page.js';
import { logoSvg } from './page/logo.js';
import { publicUrlOf } from './public-url.js';

const LINK_TOKEN = /^cl_[A-Za-z0-9_-]{43}$/;

/** The link token, sent by the page as a header (it lives in the URL fragment, which browsers never send). */
function linkToken(header: string | undefined): string {
  if (!header || !LINK_TOKEN.test(header)) throw ApiError.invalidField('X-Connect-Link', 'must be the token of a Connect link');
  return header;
}

/** The Connect page served by ats-sync, and the three calls it makes. No API key: the link token authorizes them. */
@ApiExcludeController()
@Public()
@Controller()
export class ConnectPageController {
  constructor(private readonly connect: ConnectService) {}

  @Get('connect')
  page(@Res() res: Response): void {
    res.setHeader('Content-Security-Policy', CONNECT_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(CONNECT_HTML);
  }

  @Get('connect/connect.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  script(): string {
    return CONNECT_JS;
  }

  @Get('connect/connect.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  style(): string {
    return CONNECT_CSS;
  }

  @Get('connect/logos/:file')
  logo(@Param('file') file: string, @Res() res: Response): void {
    const connector = findConnector(file.replace(/\.svg$/, ''));
    if (!connector || !file.endsWith('.svg')) throw ApiError.notFound('logo', file);
    res.type('image/svg+xml').setHeader('Cache-Control', 'public, max-age=86400');
    res.send(logoSvg(connector.displayName));
  }

  @Get('v1/connect/page')
  async describe(@Headers('x-connect-link') token: string | undefined) {
    return { status: 'success', data: await this.connect.describe(linkToken(token)) };
  }

  @Post('v1/connect/page/connect')
  @HttpCode(200)
  async submit(@Headers('x-connect-link') token: string | undefined, @Body() dto: PageConnectDto, @Req() req: Request) {
    return { status: 'success', data: await this.connect.connect(linkToken(token), dto.tool, dto.credentials, publicUrlOf(req)) };
  }

  @Get('v1/connect/page/webhook')
  async webhook(@Headers('x-connect-link') token: string | undefined) {
    return { status: 'success', data: await this.connect.webhookStatus(linkToken(token)) };
  }
}
