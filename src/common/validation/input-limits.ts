import type { NextFunction, Request, Response } from 'express';
import { ApiError } from '../errors/api-error.js';
import { sendEnvelope } from '../errors/error-envelope.filter.js';

/** Largest JSON body (writes carry files as base64, as Kombo's attachments do). */
export const MAX_BODY_MB = 25;

/**
 * Limits every request obeys before any DTO sees it, so no input reaches a library or the database
 * in a shape that fails there (a stack overflow in class-transformer, a NUL PostgreSQL refuses).
 * Documented in docs/reliability.md.
 */
export const INPUT_LIMITS = {
  /** Objects and arrays nested deeper than this are refused (real payloads need fewer than 10). */
  maxDepth: 32,
} as const;

const NUL = '\u0000';

/** Where a value first breaks a limit, as a field path and the problem; undefined when it is fine. */
export function findHostileInput(value: unknown, root: string): { field: string; problem: string } | undefined {
  // Iterative, so a body nested 100,000 deep is measured without recursion of our own.
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (item.value.includes(NUL)) return { field: item.field || 'body', problem: 'must not contain NUL characters (\\u0000)' };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= INPUT_LIMITS.maxDepth) {
      return { field: item.field || 'body', problem: `is nested too deeply (at most ${INPUT_LIMITS.maxDepth} levels of objects and arrays)` };
    }
    const entries: [string, unknown][] = Array.isArray(item.value) ? item.value.map((v, i) => [String(i), v]) : Object.entries(item.value);
    for (const [key, child] of entries) {
      const field = item.field ? `${item.field}.${key}` : key;
      if (key.includes(NUL)) return { field: field.replaceAll(NUL, '\\u0000'), problem: 'names a field with a NUL character (\\u0000)' };
      stack.push({ value: child, field, depth: item.depth + 1 });
    }
  }
  return undefined;
}

/** Throws the 400 naming the field when a value breaks a limit. */
export function assertSafeInput(value: unknown, root: string): void {
  const problem = findHostileInput(value, root);
  if (problem) throw ApiError.invalidInput([problem]);
}

/**
 * Express middleware after the body parser: a body that breaks a limit is answered 400 before any
 * route sees it, whether or not the route declares a body (some read it in guards or decorators).
 */
export function rejectHostileBodies(request: Request, response: Response, next: NextFunction): void {
  // Raw bodies (the inbound webhooks' bytes, verified as sent) are not parsed values.
  const parsed = request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body);
  const problem = parsed ? findHostileInput(request.body, '') : undefined;
  if (problem) return sendEnvelope(response, ApiError.invalidInput([problem]));
  next();
}
