import type { Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { GemErrorBody } from '../gem.types.js';

/** Answers with Gem's error body: {code, status, message, errors}. */
export function sendGemError(res: Response, code: number, message: string, errors: GemErrorBody['errors'] = {}): void {
  const body: GemErrorBody = { code, status: STATUS_CODES[code] ?? 'Error', message, errors };
  res.status(code).json(body);
}

/** A request the sandbox refuses; routes throw it and the error handler answers with Gem's body. */
export class GemHttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly errors: GemErrorBody['errors'] = {},
  ) {
    super(message);
  }
}
