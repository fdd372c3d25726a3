import { createParamDecorator, HttpStatus, Injectable, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { Principal } from '../../common/auth/principal.js';
import { ApiError, ErrorCode } from '../../common/errors/api-error.js';
import { ConnectionsRepository } from '../../connections/connections.repository.js';

const KNOWN_TTL_MS = 10_000;
const KNOWN_MAX = 10_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the request says about its connection, before it is checked. */
export interface ConnectionRequest {
  principal: Principal;
  /** `X-Connection-Id`, or Kombo's `X-Integration-Id` (what Kombo's SDK sends). */
  header: { name: string; value: string } | null;
}

/** The connection header of a request (throws the 400 when X-Connection-Id and X-Integration-Id disagree). */
export function headerOf(request: Request): ConnectionRequest['header'] {
  const own = request.headers['x-connection-id'];
  const kombo = request.headers['x-integration-id'];
  const pick = (name: string, value: string | string[] | undefined) =>
    value === undefined ? null : { name, value: Array.isArray(value) ? value.join(',') : value.trim() };
  const a = pick('X-Connection-Id', own);
  const b = pick('X-Integration-Id', kombo);
  if (a && b && a.value.toLowerCase() !== b.value.toLowerCase()) {
    throw ApiError.invalidField('X-Integration-Id', 'names another connection than X-Connection-Id; send one of them');
  }
  return a ?? b;
}

function notFound(id: string): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, ErrorCode.INTEGRATION_NOT_FOUND, 'Connection not found', `No connection with id ${id}.`);
}

/**
 * Resolves the connection every /v1/ats read is scoped to. A scoped key reads its own connection (and
 * may name it); naming another answers 404 like an unknown one, so a key learns nothing of others.
 * The admin key must name the connection.
 */
@Injectable()
export class ResolveConnectionPipe implements PipeTransform<ConnectionRequest, Promise<string>> {
  /**
   * Connections recently seen to exist, with when to check again. A connection deleted meanwhile
   * loses its rows with it (ON DELETE CASCADE), so a stale entry can only ever yield empty pages.
   */
  private readonly known = new Map<string, number>();

  private readonly connections: ConnectionsRepository;

  constructor(@InjectDataSource() db: DataSource) {
    this.connections = new ConnectionsRepository(db);
  }

  async transform({ principal, header }: ConnectionRequest): Promise<string> {
    if (header && !UUID.test(header.value)) throw ApiError.invalidField(header.name, 'must be a connection id (a UUID)');
    const requested = header?.value.toLowerCase();
    if (principal.kind === 'connection') {
      if (requested && requested !== principal.connectionId) throw notFound(requested);
      return principal.connectionId;
    }
    if (!requested) {
      throw ApiError.invalidField('X-Connection-Id', 'is required with the admin key: name the connection to read (or send X-Integration-Id)');
    }
    if ((this.known.get(requested) ?? 0) > Date.now()) return requested;
    if (!(await this.connections.exists(requested))) throw notFound(requested);
    if (this.known.size >= KNOWN_MAX) this.known.clear();
    this.known.set(requested, Date.now() + KNOWN_TTL_MS);
    return requested;
  }
}

const ConnectionHeader = createParamDecorator(
  (_: unknown, context: ExecutionContext): ConnectionRequest => {
    const request = context.switchToHttp().getRequest<Request & { principal: Principal }>();
    return { principal: request.principal, header: headerOf(request) };
  },
);

/** The id of the connection this request reads (checked: exists, and the key may read it). */
export const ScopedConnection = () => ConnectionHeader(ResolveConnectionPipe);
