import { HttpStatus } from '@nestjs/common';

/** Stable error codes; clients branch on these, never on messages. Kombo's names where Kombo has the case. */
export const ErrorCode = {
  INPUT_INVALID: 'PLATFORM.INPUT_INVALID',
  AUTHENTICATION_INVALID: 'PLATFORM.AUTHENTICATION_INVALID',
  FORBIDDEN: 'PLATFORM.FORBIDDEN',
  NOT_FOUND: 'PLATFORM.NOT_FOUND',
  INTEGRATION_NOT_FOUND: 'PLATFORM.INTEGRATION_NOT_FOUND',
  CONFLICT: 'PLATFORM.CONFLICT',
  UNKNOWN_ERROR: 'PLATFORM.UNKNOWN_ERROR',
  INTEGRATION_INACTIVE: 'INTEGRATION.INACTIVE',
  REMOTE_AUTHENTICATION_INVALID: 'INTEGRATION.AUTHENTICATION_INVALID',
  REMOTE_INPUT_INVALID: 'REMOTE.INPUT_INVALID',
  REMOTE_RATE_LIMIT_EXCEEDED: 'REMOTE.RATE_LIMIT_EXCEEDED',
  REMOTE_SERVICE_UNAVAILABLE: 'REMOTE.SERVICE_UNAVAILABLE',
  REMOTE_UNKNOWN_HTTP_ERROR: 'REMOTE.UNKNOWN_HTTP_ERROR',
  REMOTE_POSITION_EXPIRED: 'REMOTE.POSITION_EXPIRED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldProblem {
  field: string;
  problem: string;
}

/** An error that reaches the client as the error envelope with a stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ErrorCode,
    readonly title: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
  }

  static invalidInput(fields: FieldProblem[]): ApiError {
    const message = fields.map((f) => `${f.field}: ${f.problem}`).join('; ');
    return new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.INPUT_INVALID, 'Invalid input', message, fields);
  }

  static invalidField(field: string, problem: string): ApiError {
    return ApiError.invalidInput([{ field, problem }]);
  }

  static notFound(what: string, id: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, 'Not found', `No ${what} with id ${id}.`);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, 'Forbidden', message);
  }

  static unauthenticated(message: string): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, ErrorCode.AUTHENTICATION_INVALID, 'Authentication invalid', message);
  }
}
