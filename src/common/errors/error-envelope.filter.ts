import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { ApiError, ErrorCode } from './api-error.js';

const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  [HttpStatus.BAD_REQUEST]: ErrorCode.INPUT_INVALID,
  [HttpStatus.UNAUTHORIZED]: ErrorCode.AUTHENTICATION_INVALID,
  [HttpStatus.FORBIDDEN]: ErrorCode.FORBIDDEN,
  [HttpStatus.NOT_FOUND]: ErrorCode.NOT_FOUND,
  [HttpStatus.PAYLOAD_TOO_LARGE]: ErrorCode.INPUT_INVALID,
};

/** Every error leaves as `{status:"error", error:{code,title,message}}`; internals stay in the log. */
@Catch()
export class ErrorEnvelopeFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const error = this.toApiError(exception);
    if (error.status >= 500) this.logger.error({ err: exception }, 'unhandled error');
    response.status(error.status).json({
      status: 'error',
      error: {
        code: error.code,
        title: error.title,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
      },
    });
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    // Nest maps body-parser's SyntaxError to a 400 whose cause is that error.
    if (exception instanceof HttpException && exception.cause instanceof SyntaxError) {
      return ApiError.invalidField('body', `is not valid JSON (${exception.cause.message})`);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.UNKNOWN_ERROR : ErrorCode.INPUT_INVALID);
      return new ApiError(status, code, exception.name.replace(/Exception$/, ''), exception.message);
    }
    return new ApiError(
      HttpStatus.INTERNAL_SERVER_ERROR,
      ErrorCode.UNKNOWN_ERROR,
      'Internal error',
      'An unexpected error occurred; the server log has the details.',
    );
  }
}
