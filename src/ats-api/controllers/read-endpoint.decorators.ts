import { applyDecorators, Controller, Get, Header, type Type } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ItemEnvelope, ListEnvelope } from '../responses/common.response.js';

const JSON_CONTENT = 'application/json; charset=utf-8';

/** A read controller under /v1/ats, documented with the connection headers. */
export function AtsReadController(path: string): ClassDecorator {
  return applyDecorators(
    Controller(`v1/ats/${path}`),
    ApiTags('ats (read)'),
    ApiBearerAuth(),
    ApiHeader({
      name: 'X-Connection-Id',
      required: false,
      description: 'The connection to read. Required with the admin key; a scoped key reads its own connection.',
    }),
    ApiHeader({ name: 'X-Integration-Id', required: false, description: 'Kombo’s name for X-Connection-Id (what Kombo’s SDK sends).' }),
    ApiUnauthorizedResponse({ description: 'PLATFORM.AUTHENTICATION_INVALID' }),
    ApiNotFoundResponse({ description: 'PLATFORM.INTEGRATION_NOT_FOUND: no such connection for this key' }),
  );
}

/** `GET /v1/ats/<model>`: the handler returns the JSON envelope as text. */
export function ListEndpoint(summary: string, item: Type<unknown>, description: string): MethodDecorator {
  return applyDecorators(
    Get(),
    Header('Content-Type', JSON_CONTENT),
    ApiOperation({
      summary,
      description: `${description}\n\nPages in a stable order: follow \`data.next\` (as \`cursor\`) until it is null. Deleted records are hidden unless \`include_deleted=true\`. Filters combine with AND; comma-separated values of one filter with OR.`,
    }),
    ApiOkResponse({ type: ListEnvelope(item) }),
    ApiBadRequestResponse({ description: 'PLATFORM.INPUT_INVALID: an unknown parameter or a malformed value; `error.fields` names it' }),
  );
}

/** `GET /v1/ats/<model>/:id`. */
export function GetEndpoint(summary: string, item: Type<unknown>): MethodDecorator {
  return applyDecorators(
    Get(':id'),
    Header('Content-Type', JSON_CONTENT),
    ApiOperation({ summary, description: 'One record by its ats-sync id, also when deleted in the ATS.' }),
    ApiParam({ name: 'id', format: 'uuid' }),
    ApiOkResponse({ type: ItemEnvelope(item) }),
    ApiBadRequestResponse({ description: 'PLATFORM.INPUT_INVALID: the id is not a UUID' }),
    ApiNotFoundResponse({ description: 'PLATFORM.INPUT_INVALID (404): the connection has no such record' }),
  );
}
