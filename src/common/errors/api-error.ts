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
  CONCURRENCY_LIMIT_EXCEEDED: 'PLATFORM.CONCURRENCY_LIMIT_EXCEEDED',
  RATE_LIMIT_EXCEEDED: 'PLATFORM.RATE_LIMIT_EXCEEDED',
  INTEGRATION_ACTION_NOT_AVAILABLE: 'INTEGRATION.ACTION_NOT_AVAILABLE',
  INTEGRATION_MODEL_NOT_AVAILABLE: 'INTEGRATION.MODEL_NOT_AVAILABLE',
  ATS_JOB_CLOSED: 'ATS.JOB_CLOSED',
  ATS_APPLICATION_ALREADY_EXISTS: 'ATS.APPLICATION_ALREADY_EXISTS',
  /** Ours (no Kombo call reaches it): duplicate_strategy "fail" found matches. */
  ATS_CANDIDATE_DUPLICATE: 'ATS.CANDIDATE_DUPLICATE',
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
    /** Extra members of the error object (e.g. the matches of a duplicate), and response headers. */
    readonly extra?: { details?: Record<string, unknown>; headers?: Record<string, string> },
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

  /**
   * A record the request names does not exist (or is not this connection's): Kombo's 404 with
   * PLATFORM.INPUT_INVALID, naming the id, so Kombo's SDK parses it.
   */
  static recordNotFound(what: string, id: string, field?: string): ApiError {
    return new ApiError(
      HttpStatus.NOT_FOUND,
      ErrorCode.INPUT_INVALID,
      'Not found',
      `No ${what} with id ${id}.`,
      field ? [{ field, problem: `no ${what} with id ${id}` }] : undefined,
    );
  }

  static forbidden(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, 'Forbidden', message);
  }

  static unauthenticated(message: string): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, ErrorCode.AUTHENTICATION_INVALID, 'Authentication invalid', message);
  }
}
