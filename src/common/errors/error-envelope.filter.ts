import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { Logger } from 'pino';
import { ApiError, ErrorCode } from './api-error.js';
import { MAX_BODY_MB } from '../validation/input-limits.js';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.INPUT_INVALID,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.AUTHENTICATION_INVALID,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.INPUT_INVALID,
};

/** Writes an ApiError as the error envelope (also used by middleware that answers before Nest routes). */
export function sendEnvelope(response: Response, error: ApiError): void {
  for (const [name, value] of Object.entries(error.extra?.headers ?? {})) response.setHeader(name, value);
  response.status(error.status).json({
    status: 'error',
    error: {
      code: error.code,
      title: error.title,
      message: error.message,
      // Kombo's error schema requires the key (its link to a request log); we have none.
      log_url: null,
      ...(error.fields ? { fields: error.fields } : {}),
      ...(error.extra?.details ?? {}),
    },
  });
}

/** Every error leaves as `{status:"error", error:{code,title,message}}`; internals stay in the log. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const error = this.toApiError(exception, request);
    if (error.status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    sendEnvelope(response, error);
  }

  private toApiError(exception: unknown, request: Request): ApiError {
    if (exception instanceof ApiError) return exception;
    // Nest maps body-parser's SyntaxError to a 400 whose cause is that error.
    if (exception instanceof HttpException && exception.cause instanceof SyntaxError) {
      return ApiError.invalidField('body', `is not valid JSON (${exception.cause.message})`);
    }
    // Kombo's SDK parses only Kombo's codes: an unknown /v1/ats route is its "input invalid" 404.
    if (exception instanceof NotFoundException && request.path?.startsWith('/v1/ats/')) {
      return new ApiError(HttpStatus.NOT_FOUND, ErrorCode.INPUT_INVALID, 'Not found', `${exception.message}: this ATS endpoint does not exist here.`);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.UNKNOWN_ERROR : ErrorCode.INPUT_INVALID);
      // The HTTP reason phrase, not the class name (a bare HttpException would say "Http").
      const title = STATUS_CODES[status] ?? exception.name.replace(/Exception$/, '');
      const message = status === HttpStatus.PAYLOAD_TOO_LARGE ? `The request body is larger than ${MAX_BODY_MB} MB; send a smaller one.` : exception.message;
      return new ApiError(status, code, title, message);
    }
    return new ApiError(
      HttpStatus.INTERNAL_SERVER_ERROR,
      ErrorCode.UNKNOWN_ERROR,
      'Internal error',
      'An unexpected error occurred; the server log has the details.',
    );
  }
}
