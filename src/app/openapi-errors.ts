import type { OpenAPIObject } from '@nestjs/swagger';
import { MAX_BODY_MB } from '../common/validation/input-limits.js';
import { operationKey, type RouteFacts } from './openapi-routes.js';

/**
 * The error responses of every operation, added to the built document in one place (not on each
 * controller): which 4xx a route can answer follows from its guard, filters, parameters and body,
 * and every one is the error envelope that src/common/errors/error-envelope.filter.ts sends.
 */

export const ERROR_ENVELOPE = 'ErrorEnvelope';
export const KOMBO_GENERAL_ERROR_ENVELOPE = 'KomboGeneralErrorEnvelope';

/** What sendEnvelope() writes: `{status:"error", error:{code,title,message,log_url,fields?,…}}`. */
const ERROR_SCHEMAS = {
  ErrorFieldProblem: {
    type: 'object',
    required: ['field', 'problem'],
    additionalProperties: false,
    properties: {
      field: { type: 'string', description: 'The parameter, header or body path (`credentials.api_key`, `Idempotency-Key`).' },
      problem: { type: 'string' },
    },
  },
  [ERROR_ENVELOPE]: {
    type: 'object',
    description: 'Every error ats-sync answers. Branch on `error.code`, never on the message.',
    required: ['status', 'error'],
    additionalProperties: false,
    properties: {
      status: { type: 'string', enum: ['error'] },
      error: {
        type: 'object',
        required: ['code', 'title', 'message', 'log_url'],
        // Some errors carry more: ATS.CANDIDATE_DUPLICATE adds `matches` ({candidate_id, remote_id}).
        additionalProperties: true,
        properties: {
          code: { type: 'string', example: 'PLATFORM.INPUT_INVALID', description: 'Stable: PLATFORM.*, INTEGRATION.*, REMOTE.*, ATS.*' },
          title: { type: 'string', example: 'Invalid input' },
          message: { type: 'string' },
          log_url: { type: 'string', nullable: true, description: 'Always null (Kombo’s link to a request log; ats-sync has none).' },
          fields: { type: 'array', items: { $ref: '#/components/schemas/ErrorFieldProblem' }, description: 'Each bad input, on PLATFORM.INPUT_INVALID.' },
        },
      },
    },
  },
  [KOMBO_GENERAL_ERROR_ENVELOPE]: {
    description:
      'The error envelope of Kombo’s general and connect calls: `error.code` is one of the PLATFORM.* codes Kombo’s SDK accepts; when ats-sync’s own code is finer (PLATFORM.FORBIDDEN, INTEGRATION.INACTIVE, REMOTE.*) it is in `error.ats_sync_code`.',
    allOf: [
      { $ref: `#/components/schemas/${ERROR_ENVELOPE}` },
      { type: 'object', properties: { error: { type: 'object', properties: { ats_sync_code: { type: 'string', example: 'PLATFORM.FORBIDDEN' } } } } },
    ],
  },
};

const DESCRIPTIONS: Record<number, string> = {
  400: 'PLATFORM.INPUT_INVALID: a parameter, header or the body is invalid (`error.fields` names each; NUL characters and nesting over 32 levels included)',
  401: 'PLATFORM.AUTHENTICATION_INVALID: no `Authorization: Bearer <key>`, or the key is unknown or revoked',
  403: 'PLATFORM.FORBIDDEN: this call needs the admin key; a connection-scoped key is refused',
  404: 'PLATFORM.INTEGRATION_NOT_FOUND: no such connection for this key; PLATFORM.NOT_FOUND / PLATFORM.INPUT_INVALID (404): no such record',
  409: 'PLATFORM.CONCURRENCY_LIMIT_EXCEEDED: a request with this Idempotency-Key is still in flight',
  413: `PLATFORM.INPUT_INVALID: the body is larger than ${MAX_BODY_MB} MB`,
  415: 'PLATFORM.INPUT_INVALID: the body’s charset or content encoding is not supported (send UTF-8 JSON)',
  422: 'PLATFORM.INPUT_INVALID: this Idempotency-Key was used with another request in the last 24 hours',
  429: 'REMOTE.RATE_LIMIT_EXCEEDED: the ATS kept rate-limiting the call after retries; retry later',
};

/** On Kombo's general and connect calls the code is Kombo's; ats-sync's own is in `error.ats_sync_code`. */
const KOMBO_DESCRIPTIONS: Record<number, string> = {
  403: 'PLATFORM.AUTHENTICATION_INVALID, `ats_sync_code` PLATFORM.FORBIDDEN: this call needs the admin key; a connection-scoped key is refused',
  429: 'PLATFORM.RATE_LIMIT_EXCEEDED, `ats_sync_code` REMOTE.RATE_LIMIT_EXCEEDED: the ATS kept rate-limiting the call after retries',
};

/** Statuses the general rules below cannot see, with why. */
const EXTRA: Record<string, Record<number, string>> = {
  [operationKey('post', '/v1/connections/{id}/sync')]: { 409: 'INTEGRATION.INACTIVE: the connection is disabled or its credentials were refused' },
  [operationKey('post', '/v1/force-sync')]: { 409: 'PLATFORM.INPUT_INVALID, `ats_sync_code` INTEGRATION.INACTIVE: the integration is disabled or its credentials were refused' },
  [operationKey('post', '/v1/webhooks/{id}/deliveries/{delivery_id}/retry')]: { 409: 'PLATFORM.CONFLICT: the delivery is being sent right now' },
  [operationKey('post', '/v1/ats/candidates')]: {
    409: 'ATS.CANDIDATE_DUPLICATE (`error.matches`) with duplicate_strategy "fail"; PLATFORM.CONCURRENCY_LIMIT_EXCEEDED: this Idempotency-Key is in flight',
  },
  // These call the partner while the request waits.
  [operationKey('post', '/v1/connections/{id}/inbound-webhook')]: { 429: DESCRIPTIONS[429] },
  [operationKey('get', '/v1/ats/candidates/{candidate_id}/attachments')]: { 429: DESCRIPTIONS[429] },
  [operationKey('get', '/v1/ats/applications/{application_id}/attachments')]: { 429: DESCRIPTIONS[429] },
  // The partner's webhook: the signature is its authentication, so a bad one is a 401.
  [operationKey('post', '/v1/inbound/{connection_id}')]: { 401: 'PLATFORM.AUTHENTICATION_INVALID: no inbound webhook here, or the signature is missing, wrong or replayed' },
};

/** Statuses the general rules would claim that a route cannot answer. */
const NEVER: Record<string, number[]> = {
  // An unknown connection is a 401 (nothing to verify against); the raw parser takes any content type.
  [operationKey('post', '/v1/inbound/{connection_id}')]: [404, 415],
};

const CONNECTION_HEADERS = new Set(['x-connection-id', 'x-integration-id']);
const CONNECTION_HEADER_PARAMETERS: Parameter[] = [
  { in: 'header', name: 'X-Connection-Id', required: false, schema: { type: 'string' }, description: 'The connection to use. Required with the admin key; a scoped key uses its own connection.' },
  { in: 'header', name: 'X-Integration-Id', required: false, schema: { type: 'string' }, description: 'Kombo’s name for X-Connection-Id (what Kombo’s SDK sends).' },
];

/** A route that resolves its connection from the headers takes them, whether or not its controller says so. */
function addConnectionHeaders(op: Operation): void {
  const named = new Set((op.parameters ?? []).map((p) => p.name.toLowerCase()));
  const missing = CONNECTION_HEADER_PARAMETERS.filter((p) => !named.has(p.name.toLowerCase()));
  if (missing.length > 0) op.parameters = [...missing, ...(op.parameters ?? [])];
}
const BODY_METHODS = new Set(['post', 'put', 'patch']);

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  description?: string;
  schema?: unknown;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: unknown;
  responses: Record<string, { description?: string; content?: unknown }>;
  security?: Record<string, string[]>[];
}

/** The 4xx statuses one operation can answer, with a description of each. */
export function errorStatusesOf(method: string, path: string, op: Operation, facts: RouteFacts): Map<number, string> {
  const params = (op.parameters ?? []).filter((p) => !('$ref' in p));
  const takesBody = op.requestBody !== undefined || BODY_METHODS.has(method);
  const statuses = new Map<number, string>();
  const add = (status: number, description = (facts.komboGeneral ? KOMBO_DESCRIPTIONS[status] : undefined) ?? DESCRIPTIONS[status]) => statuses.set(status, description);
  // Every parameter is validated; every body is parsed and checked against the input limits.
  if (params.length > 0 || takesBody) add(400);
  if (facts.access !== 'public') add(401);
  if (facts.access === 'admin') add(403);
  if (params.some((p) => p.in === 'path' || (p.in === 'header' && CONNECTION_HEADERS.has(p.name.toLowerCase())))) add(404);
  if (params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key')) {
    // An idempotent write: the key's rules, and the partner call it makes.
    add(409);
    add(422);
    add(429);
  }
  if (takesBody) {
    add(413);
    add(415);
  }
  const key = operationKey(method, path);
  for (const [status, description] of Object.entries(EXTRA[key] ?? {})) add(Number(status), description);
  for (const status of NEVER[key] ?? []) statuses.delete(status);
  return statuses;
}

/** Adds the envelope schemas and every operation's 4xx responses (and its security) to the document. */
export function documentErrors(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...(ERROR_SCHEMAS as NonNullable<OpenAPIObject['components']>['schemas']) };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method) || !value) continue;
      const op = value as Operation;
      const fact = facts.get(operationKey(method, path));
      if (!fact) throw new Error(`OpenAPI: no route found for ${method.toUpperCase()} ${path}`);
      // The guard applies to every route not marked @Public(), whatever the controller's decorators say.
      op.security = fact.access === 'public' ? [] : [{ bearer: [] }];
      if (fact.connectionScoped) addConnectionHeaders(op);
      const schema = { $ref: `#/components/schemas/${fact.komboGeneral ? KOMBO_GENERAL_ERROR_ENVELOPE : ERROR_ENVELOPE}` };
      const statuses = errorStatusesOf(method, path, op, fact);
      // A 4xx a controller documented stays (its description is the more precise one), in the envelope.
      for (const status of Object.keys(op.responses ?? {}).map(Number)) if (status >= 400 && status < 500 && !statuses.has(status)) statuses.set(status, DESCRIPTIONS[status] ?? '');
      op.responses ??= {};
      for (const [status, description] of [...statuses].sort(([a], [b]) => a - b)) {
        const documented = op.responses[String(status)]?.description;
        op.responses[String(status)] = { description: documented || description, content: { 'application/json': { schema } } };
      }
    }
  }
}
