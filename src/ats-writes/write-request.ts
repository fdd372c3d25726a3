import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '../common/auth/principal.js';

/** What every write needs to know about its HTTP request, besides its body. */
export interface WriteMeta {
  principal: Principal;
  idempotencyKey: string | null;
  /** Method, path and raw body: the same key with another fingerprint is refused. */
  fingerprint: { method: string; path: string; body: unknown };
}

export interface WriteRequest extends WriteMeta {
  connectionId: string;
}

/** The request's principal, `Idempotency-Key` and fingerprint. */
export const CurrentWrite = createParamDecorator((_: unknown, context: ExecutionContext): WriteMeta => {
  const request = context.switchToHttp().getRequest<Request & { principal: Principal }>();
  const key = request.headers['idempotency-key'];
  return {
    principal: request.principal,
    idempotencyKey: key === undefined ? null : Array.isArray(key) ? key.join(',') : key,
    fingerprint: { method: request.method, path: request.path, body: request.body ?? null },
  };
});

/** A write's response: the body, and whether it is a stored one replayed for the same Idempotency-Key. */
export interface WriteOutcome {
  status: number;
  body: unknown;
  replayed: boolean;
}

/** Sends an outcome through Nest's passthrough response. */
export function reply(response: Response, outcome: WriteOutcome): unknown {
  response.status(outcome.status);
  if (outcome.replayed) response.setHeader('Idempotent-Replay', 'true');
  return outcome.body;
}
