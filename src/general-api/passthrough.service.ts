import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import axios, { AxiosError } from 'axios';
import type { Logger } from 'pino';
import { LOGGER, SECRET_BOX } from '../app/tokens.js';
import type { SecretBox } from '../common/crypto/secret-box.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { usability } from '../connections/connection-usability.js';
import { ConnectorOpener } from '../connections/open-connector.js';
import type { Credentials } from '../connectors/connector.js';
import type { PassthroughDto } from './dto/general.dto.js';
import { passthroughTarget } from './passthrough-target.js';

const TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;
/** Kombo's api segment: one API per provider here. */
const APIS = ['default'];

export interface PassthroughResult {
  url: string;
  status: number;
  headers: Record<string, string | string[]>;
  data?: unknown;
}

/**
 * Kombo's passthrough: one request to the connection's own partner API with the partner's auth
 * added, and the partner's status, headers and body returned as they came. Never a redirect, never
 * another host; sent once (no retries: the caller decides whether a failed write may be repeated).
 */
@Injectable()
export class PassthroughService {
  constructor(
    private readonly opener: ConnectorOpener,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async send(connectionId: string, tool: string, api: string, dto: PassthroughDto): Promise<PassthroughResult> {
    const connection = await this.opener.connections.find(connectionId);
    if (!connection) throw new ApiError(HttpStatus.NOT_FOUND, ErrorCode.INTEGRATION_NOT_FOUND, 'Integration not found', `No integration with id ${connectionId}.`);
    if (tool !== connection.provider) throw ApiError.invalidField('tool', `must be ${connection.provider}, the tool of integration ${connectionId}`);
    if (!APIS.includes(api)) throw ApiError.invalidField('api', `must be one of ${APIS.join(', ')}`);
    const usable = usability(connection);
    if (!usable.usable) throw new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.INTEGRATION_INACTIVE, 'Integration inactive', `The integration cannot be used: ${usable.reason}.`);
    const connector = this.opener.connectorFor(connection.provider)!;
    const credentials = JSON.parse(this.secrets.open(connection.credentials_encrypted, connection.id)) as Credentials;
    const auth = connector.authenticate(credentials);
    const checked = passthroughTarget(connection.base_url || connector.defaultBaseUrl, dto, {
      headers: Object.keys(auth.headers ?? {}).filter((h) => h.toLowerCase() !== 'accept'),
      params: Object.keys(auth.params ?? {}),
    });
    if ('problems' in checked) throw ApiError.invalidInput(checked.problems);
    const { url, headers, params } = checked.target;
    const shown = new URL(url);
    for (const [k, v] of Object.entries(params)) shown.searchParams.set(k, v);

    this.logger.info({ connectionId, provider: connection.provider, method: dto.method }, 'passthrough request');
    try {
      const response = await axios.request<ArrayBuffer>({
        method: dto.method,
        url: url.toString(),
        params: { ...params, ...auth.params },
        headers: { Accept: 'application/json', ...auth.headers, ...headers },
        auth: auth.auth,
        data: dto.data,
        timeout: TIMEOUT_MS,
        maxRedirects: 0,
        maxContentLength: MAX_RESPONSE_BYTES,
        responseType: 'arraybuffer',
        validateStatus: () => true,
        // No proxy from the environment: the request goes to the partner's host and nowhere else.
        proxy: false,
      });
      return { url: shown.toString(), status: response.status, headers: flatten(response.headers), data: decode(Buffer.from(response.data), String(response.headers['content-type'] ?? ''), dto.response_as_base64 === true) };
    } catch (error) {
      const reason = error instanceof AxiosError ? (error.code ?? error.message) : String(error);
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.REMOTE_SERVICE_UNAVAILABLE, 'The ATS is unavailable', `${connector.displayName} could not be reached (${reason}); nothing was retried.`);
    }
  }
}

function flatten(headers: Record<string, unknown>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v == null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

function decode(body: Buffer, contentType: string, asBase64: boolean): unknown {
  if (asBase64) return body.toString('base64');
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (/\bjson\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
