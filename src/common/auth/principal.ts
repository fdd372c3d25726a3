import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling: the admin key, or a key scoped to one connection. */
export type Principal = { kind: 'admin' } | { kind: 'connection'; connectionId: string; apiKeyId: string };

export function canAccessConnection(principal: Principal, connectionId: string): boolean {
  return principal.kind === 'admin' || principal.connectionId === connectionId;
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => context.switchToHttp().getRequest().principal,
);
