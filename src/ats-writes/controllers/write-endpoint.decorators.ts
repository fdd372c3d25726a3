import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';

/** A write controller under /v1/ats, documented with the connection and idempotency headers. */
export function AtsWriteController(path: string): ClassDecorator {
  return applyDecorators(
    Controller(`v1/ats/${path}`),
    ApiTags('ats (write)'),
    ApiBearerAuth(),
    ApiHeader({ name: 'X-Connection-Id', required: false, description: 'The connection to write to. Required with the admin key; a scoped key writes to its own connection.' }),
    ApiHeader({ name: 'X-Integration-Id', required: false, description: 'Kombo’s name for X-Connection-Id (what Kombo’s SDK sends).' }),
    ApiUnauthorizedResponse({ description: 'PLATFORM.AUTHENTICATION_INVALID' }),
  );
}

/** One write: Kombo's envelope, Idempotency-Key, and the error codes every write can answer. */
export function WriteEndpoint(summary: string, description: string): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary, description }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Kept 24 h per connection: the same key and body replay the stored response (`Idempotent-Replay: true`); another body → 422; one still in flight → 409.',
    }),
    ApiOkResponse({ description: '`{"status":"success","data":…,"warnings":[{"message"}]}`' }),
    ApiBadRequestResponse({ description: 'PLATFORM.INPUT_INVALID naming every bad field (no partner call made); INTEGRATION.ACTION_NOT_AVAILABLE; ATS.JOB_CLOSED; REMOTE.INPUT_INVALID' }),
    ApiNotFoundResponse({ description: 'PLATFORM.INPUT_INVALID (404): a record named in the path does not exist (confidential jobs included); PLATFORM.INTEGRATION_NOT_FOUND' }),
  );
}
