import { ErrorCode } from '../common/errors/api-error.js';

/**
 * How a partner call failed, as the engine and the API need to know it:
 * - AUTH: the credentials were refused; the connection is marked INVALID and its syncs stop.
 * - RATE_LIMIT / UNAVAILABLE: still failing after every retry.
 * - POSITION_EXPIRED: a saved cursor or sync token is no longer accepted (or the delta is too
 *   large); the engine falls back to a FULL run of that stream.
 * - INPUT: the partner refused the request itself (a 4xx, or an error in a 200 body).
 * - UNKNOWN: anything else, such as a response that is not the documented shape.
 */
export type RemoteErrorKind = 'AUTH' | 'RATE_LIMIT' | 'UNAVAILABLE' | 'POSITION_EXPIRED' | 'INPUT' | 'UNKNOWN';

const CODE_BY_KIND: Record<RemoteErrorKind, ErrorCode> = {
  AUTH: ErrorCode.REMOTE_AUTHENTICATION_INVALID,
  RATE_LIMIT: ErrorCode.REMOTE_RATE_LIMIT_EXCEEDED,
  UNAVAILABLE: ErrorCode.REMOTE_SERVICE_UNAVAILABLE,
  POSITION_EXPIRED: ErrorCode.REMOTE_POSITION_EXPIRED,
  INPUT: ErrorCode.REMOTE_INPUT_INVALID,
  UNKNOWN: ErrorCode.REMOTE_UNKNOWN_HTTP_ERROR,
};

export class RemoteError extends Error {
  override name = 'RemoteError';

  constructor(
    readonly kind: RemoteErrorKind,
    message: string,
    readonly details: {
      status?: number;
      partnerCode?: string;
      endpoint?: string;
      /** A more precise client code the connector recognised in an INPUT refusal (e.g. ATS.APPLICATION_ALREADY_EXISTS). */
      apiCode?: ErrorCode;
    } = {},
  ) {
    super(message);
  }

  /** The stable error code clients see (REMOTE.* / INTEGRATION.*). */
  get code(): ErrorCode {
    return this.details.apiCode ?? CODE_BY_KIND[this.kind];
  }
}
