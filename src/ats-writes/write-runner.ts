import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { Logger } from 'pino';
import { LOGGER } from '../app/tokens.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { ConnectionUnavailableError, ConnectorOpener, type OpenedConnector } from '../connections/open-connector.js';
import type { ConnectorActions } from '../connectors/connector-actions.js';
import { RemoteError } from '../connectors/remote-error.js';
import { SYNC_POOL } from '../sync/sync.tokens.js';
import { AuditLog } from './audit-log.js';
import { IdempotencyStore, requestHash } from './idempotency.store.js';
import type { WriteOutcome, WriteRequest } from './write-request.js';

/** What a write's work returns: the response body and what the audit log keeps. */
export interface WorkResult {
  /** The response status: 200 unless the work says otherwise (202 for an accepted export). */
  status?: number;
  body: unknown;
  result: Record<string, unknown>;
  warnings: string[];
  partnerStatus?: number;
}

/** Partner failures as API errors: the REMOTE.* code, never a 500. */
export function apiErrorOf(error: unknown, displayName: string): ApiError | null {
  if (!(error instanceof RemoteError)) return null;
  const message = `${displayName}: ${error.message}`;
  switch (error.kind) {
    case 'INPUT':
      // The connector may name the refusal more precisely (ATS.APPLICATION_ALREADY_EXISTS); else REMOTE.INPUT_INVALID.
      return new ApiError(HttpStatus.BAD_REQUEST, error.code, 'The ATS refused the request', message);
    case 'AUTH':
      return new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.REMOTE_AUTHENTICATION_INVALID, 'Credentials refused', `${message} Rotate the connection's credentials.`);
    case 'RATE_LIMIT':
      return new ApiError(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.REMOTE_RATE_LIMIT_EXCEEDED, 'The ATS rate-limited the request', message);
    case 'UNAVAILABLE':
      return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.REMOTE_SERVICE_UNAVAILABLE, 'The ATS is unavailable', message);
    default:
      return new ApiError(HttpStatus.BAD_GATEWAY, ErrorCode.REMOTE_UNKNOWN_HTTP_ERROR, 'The ATS answered unexpectedly', message);
  }
}

export function actionNotAvailable(opened: OpenedConnector, what: string): ApiError {
  return new ApiError(
    HttpStatus.BAD_REQUEST,
    ErrorCode.INTEGRATION_ACTION_NOT_AVAILABLE,
    'Action not available',
    `${opened.connector.displayName} has no API call to ${what}; nothing was written.`,
  );
}

/** The connector's action, or INTEGRATION.ACTION_NOT_AVAILABLE (400). */
export function requireAction<K extends keyof ConnectorActions>(opened: OpenedConnector, name: K, what: string): NonNullable<ConnectorActions[K]> {
  const action = opened.connector.actions?.[name];
  if (!action) throw actionNotAvailable(opened, what);
  return (typeof action === 'function' ? action.bind(opened.connector.actions) : action) as NonNullable<ConnectorActions[K]>;
}

/**
 * Runs one write: opens the connection (usable, connector, credentials), honours the
 * Idempotency-Key, maps partner failures to REMOTE.* errors and records the attempt in the audit log.
 */
@Injectable()
export class WriteRunner {
  private readonly idempotency: IdempotencyStore;
  private readonly audit: AuditLog;

  constructor(
    @Inject(SYNC_POOL) readonly pool: pg.Pool,
    private readonly opener: ConnectorOpener,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.idempotency = new IdempotencyStore(pool);
    this.audit = new AuditLog(pool);
  }

  /** The connection ready for partner calls; a connection that cannot write answers with Kombo's codes. */
  async open(connectionId: string): Promise<OpenedConnector> {
    try {
      return await this.opener.openConnector(connectionId, { logger: this.logger.child({ connectionId }) });
    } catch (error) {
      if (!(error instanceof ConnectionUnavailableError)) throw error;
      if (error.reason === 'NOT_FOUND') throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.INTEGRATION_NOT_FOUND, 'Connection not found', error.message);
      if (error.reason === 'INACTIVE') throw new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.INTEGRATION_INACTIVE, 'Connection inactive', error.message);
      throw new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.INTEGRATION_ACTION_NOT_AVAILABLE, 'Action not available', error.message);
    }
  }

  async run(request: WriteRequest, action: string, work: (opened: OpenedConnector) => Promise<WorkResult>): Promise<WriteOutcome> {
    const started = Date.now();
    const { connectionId, idempotencyKey: key } = request;
    if (key !== null) IdempotencyStore.checkKey(key);
    const opened = await this.open(connectionId);
    if (key !== null) {
      const claim = await this.idempotency.claim(connectionId, key, requestHash(request.fingerprint));
      if (claim.kind === 'replay') return { ...claim.response, replayed: true };
    }
    const audit = {
      connectionId,
      apiKeyId: request.principal.kind === 'connection' ? request.principal.apiKeyId : null,
      action,
      idempotencyKey: key,
    };
    try {
      const done = await work(opened);
      const outcome: WriteOutcome = { status: done.status ?? HttpStatus.OK, body: done.body, replayed: false };
      if (key !== null) await this.idempotency.complete(connectionId, key, outcome);
      await this.audit.record({
        ...audit,
        outcome: 'SUCCEEDED',
        statusCode: outcome.status,
        errorCode: null,
        errorMessage: null,
        partnerStatus: done.partnerStatus ?? null,
        result: done.result,
        warnings: done.warnings,
        durationMs: Date.now() - started,
      });
      return outcome;
    } catch (thrown) {
      if (key !== null) await this.idempotency.release(connectionId, key).catch(() => undefined);
      const mapped = apiErrorOf(thrown, opened.connector.displayName);
      if (thrown instanceof RemoteError && thrown.kind === 'AUTH') await this.opener.connections.markInvalid(connectionId, thrown.message).catch(() => undefined);
      const error = mapped ?? thrown;
      await this.audit
        .record({
          ...audit,
          outcome: 'FAILED',
          statusCode: error instanceof ApiError ? error.status : 500,
          errorCode: error instanceof ApiError ? error.code : ErrorCode.UNKNOWN_ERROR,
          errorMessage: error instanceof Error ? error.message : String(error),
          partnerStatus: thrown instanceof RemoteError ? (thrown.details.status ?? null) : null,
          result: {},
          warnings: [],
          durationMs: Date.now() - started,
        })
        .catch((e) => this.logger.error({ err: e }, 'audit log write failed'));
      throw error;
    }
  }

  connectionExists(id: string): Promise<boolean> {
    return this.opener.connections.exists(id);
  }

  auditLog(): AuditLog {
    return this.audit;
  }
}
