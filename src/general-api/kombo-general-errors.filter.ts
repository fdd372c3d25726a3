import { ArgumentsHost, Catch, HttpStatus, Inject, type ExceptionFilter } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../app/tokens.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { ErrorEnvelopeFilter } from '../common/errors/error-envelope.filter.js';

/** The only codes Kombo's SDK accepts on its general and connect calls (KomboGeneralError). */
const GENERAL_CODES = new Set<string>([
  'PLATFORM.RATE_LIMIT_EXCEEDED', 'PLATFORM.CONCURRENCY_LIMIT_EXCEEDED', 'PLATFORM.INTEGRATION_NOT_FOUND', 'PLATFORM.INPUT_INVALID',
  'PLATFORM.UNKNOWN_ERROR', 'PLATFORM.IP_NOT_WHITELISTED', 'PLATFORM.AUTHENTICATION_INVALID', 'PLATFORM.TASK_TIMED_OUT',
]);

function generalCode(error: ApiError): ErrorCode {
  if (error.code === ErrorCode.FORBIDDEN) return ErrorCode.AUTHENTICATION_INVALID;
  if (error.code === ErrorCode.REMOTE_RATE_LIMIT_EXCEEDED) return 'PLATFORM.RATE_LIMIT_EXCEEDED' as ErrorCode;
  if (error.status >= 500) return ErrorCode.UNKNOWN_ERROR;
  return error.status === HttpStatus.TOO_MANY_REQUESTS ? ('PLATFORM.RATE_LIMIT_EXCEEDED' as ErrorCode) : ErrorCode.INPUT_INVALID;
}

/**
 * Kombo's general endpoints answer only PLATFORM.* codes; anything finer (INTEGRATION.INACTIVE,
 * REMOTE.*, PLATFORM.FORBIDDEN) is carried in `code` as the nearest of Kombo's and, exactly, in
 * `error.ats_sync_code`, with the HTTP status unchanged. Kombo's SDK then throws its typed
 * KomboGeneralError instead of failing to parse the answer.
 */
@Catch()
export class KomboGeneralErrorsFilter implements ExceptionFilter {
  private readonly envelope: ErrorEnvelopeFilter;

  constructor(@Inject(LOGGER) logger: Logger) {
    this.envelope = new ErrorEnvelopeFilter(logger);
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (exception instanceof ApiError && !GENERAL_CODES.has(exception.code)) {
      const mapped = new ApiError(exception.status, generalCode(exception), exception.title, exception.message, exception.fields, {
        details: { ...exception.extra?.details, ats_sync_code: exception.code },
        headers: exception.extra?.headers,
      });
      return this.envelope.catch(mapped, host);
    }
    this.envelope.catch(exception, host);
  }
}
