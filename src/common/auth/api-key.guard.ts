import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeysService } from '../../api-keys/api-keys.service.js';
import { APP_CONFIG } from '../../app/tokens.js';
import type { AppConfig } from '../../config/app-config.js';
import { tokensEqual } from '../crypto/token-hash.js';
import { ApiError } from '../errors/api-error.js';
import { ACCESS_KEY, type Access } from './access.decorators.js';
import type { Principal } from './principal.js';

/** Global guard: every route needs `Authorization: Bearer <key>` unless marked @Public(). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access =
      this.reflector.getAllAndOverride<Access>(ACCESS_KEY, [context.getHandler(), context.getClass()]) ?? 'any-key';
    if (access === 'public') return true;

    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw ApiError.unauthenticated('Send your API key as `Authorization: Bearer <key>`.');
    const token = match[1];

    let principal: Principal;
    if (tokensEqual(token, this.config.adminKey)) {
      principal = { kind: 'admin' };
    } else {
      const key = await this.apiKeys.findByToken(token);
      if (!key) throw ApiError.unauthenticated('The API key is not valid or has been revoked.');
      principal = { kind: 'connection', connectionId: key.connection_id, apiKeyId: key.id };
    }
    if (access === 'admin' && principal.kind !== 'admin') {
      throw ApiError.forbidden('This call needs the admin key; a connection-scoped key cannot manage connections or keys.');
    }
    request.principal = principal;
    return true;
  }
}
