import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Repository } from 'typeorm';
import { SECRET_BOX, LOGGER } from '../app/tokens.js';
import { canAccessConnection, type Principal } from '../common/auth/principal.js';
import type { SecretBox } from '../common/crypto/secret-box.js';
import { ApiError, ErrorCode } from '../common/errors/api-error.js';
import { createConnectorContext } from '../connectors/connector-context.js';
import { findConnector } from '../connectors/connector-registry.js';
import { RemoteError } from '../connectors/remote-error.js';
import type { Credentials } from '../connectors/connector.js';
import { Connection } from './connection.entity.js';
import type { CreateConnectionDto } from './dto/create-connection.dto.js';
import type { UpdateConnectionDto } from './dto/update-connection.dto.js';

/** Partner keys are tens of characters; a longer one is a mistake, not a key, and is never sent on. */
const MAX_CREDENTIAL_LENGTH = 1024;
const CREDENTIAL_CHARACTERS = /^[\x21-\x7e]+$/;

@Injectable()
export class ConnectionsService {
  constructor(
    @InjectRepository(Connection) private readonly connections: Repository<Connection>,
    @Inject(SECRET_BOX) private readonly secrets: SecretBox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(dto: CreateConnectionDto): Promise<Connection> {
    const credentials = this.checkCredentials(dto.provider, dto.credentials);
    if (dto.verify_credentials !== false) await this.verifyWithPartner(dto.provider, credentials, dto.base_url ?? null);
    const id = randomUUID();
    const connection = this.connections.create({
      id,
      provider: dto.provider,
      name: dto.name ?? null,
      base_url: dto.base_url ?? null,
      settings: { ...(dto.settings ?? {}) },
      credentials_encrypted: this.seal(id, credentials),
      enabled: true,
      state: 'ACTIVE',
      state_reason: null,
    });
    const saved = await this.connections.save(connection);
    this.logger.info({ connectionId: id, provider: dto.provider }, 'connection created');
    return saved;
  }

  async list(principal: Principal): Promise<Connection[]> {
    return this.connections.find({
      where: principal.kind === 'admin' ? {} : { id: principal.connectionId },
      order: { created_at: 'ASC', id: 'ASC' },
    });
  }

  /** The connection if the caller may see it; otherwise 404, so a scoped key learns nothing of others. */
  async get(principal: Principal, id: string): Promise<Connection> {
    const connection = canAccessConnection(principal, id) ? await this.connections.findOneBy({ id }) : null;
    if (!connection) {
      throw new ApiError(404, 'PLATFORM.INTEGRATION_NOT_FOUND', 'Connection not found', `No connection with id ${id}.`);
    }
    return connection;
  }

  async update(principal: Principal, id: string, dto: UpdateConnectionDto): Promise<Connection> {
    const connection = await this.get(principal, id);
    const patch: Partial<Connection> = {};
    if (dto.credentials !== undefined) {
      const credentials = this.checkCredentials(connection.provider, dto.credentials);
      if (dto.verify_credentials !== false) {
        await this.verifyWithPartner(connection.provider, credentials, dto.base_url !== undefined ? dto.base_url : connection.base_url);
      }
      patch.credentials_encrypted = this.seal(id, credentials);
      patch.state = 'ACTIVE';
      patch.state_reason = null;
    }
    if (dto.enabled !== undefined) patch.enabled = dto.enabled;
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.base_url !== undefined) patch.base_url = dto.base_url;
    if (dto.settings !== undefined) patch.settings = { ...connection.settings, ...dto.settings };
    if (Object.keys(patch).length > 0) {
      await this.connections.save({ ...connection, ...patch });
      this.logger.info({ connectionId: id, changed: Object.keys(patch) }, 'connection updated');
    }
    return this.get(principal, id);
  }

  /** Deletes the connection; every synced row and API key goes with it (ON DELETE CASCADE). */
  async remove(principal: Principal, id: string): Promise<void> {
    await this.get(principal, id);
    await this.connections.delete({ id });
    this.logger.info({ connectionId: id }, 'connection deleted');
  }

  /**
   * A partner is asked whether it accepts the credentials before they are stored: a refused key is a
   * 400 naming the credential field; an unreachable partner a 502 with the REMOTE.* code.
   */
  private async verifyWithPartner(provider: string, credentials: Credentials, baseUrl: string | null): Promise<void> {
    const connector = findConnector(provider)!;
    const context = createConnectorContext(connector, {
      baseUrl,
      credentials,
      logger: this.logger,
      retry: { retries: 2, baseDelayMs: 250, maxDelayMs: 2000 },
      timeoutMs: 10_000,
    });
    try {
      await connector.checkCredentials(context);
    } catch (error) {
      if (!(error instanceof RemoteError)) throw error;
      if (error.kind === 'AUTH' || error.kind === 'INPUT') {
        const field = `credentials.${connector.credentialFields[0]}`;
        throw new ApiError(HttpStatus.BAD_REQUEST, ErrorCode.REMOTE_AUTHENTICATION_INVALID, 'Credentials refused', `${field}: ${connector.displayName} refused these credentials (${error.message})`, [
          { field, problem: `was refused by ${connector.displayName}` },
        ]);
      }
      throw new ApiError(
        HttpStatus.BAD_GATEWAY,
        error.code,
        'Partner unavailable',
        `Could not check the credentials with ${connector.displayName}: ${error.message} Retry later, or send "verify_credentials": false to save them unchecked.`,
      );
    }
  }

  private seal(connectionId: string, credentials: Credentials): string {
    return this.secrets.seal(JSON.stringify(credentials), connectionId);
  }

  /** The credential fields the provider needs, each a non-empty string, and nothing else. */
  private checkCredentials(provider: string, raw: Record<string, unknown>): Credentials {
    const connector = findConnector(provider);
    if (!connector) throw ApiError.invalidField('provider', `unknown provider ${provider}`);
    const problems = connector.credentialFields.flatMap((field) => {
      const value = raw[field];
      const problem =
        typeof value !== 'string' || value.trim() === ''
          ? `is required for ${connector.displayName} (a non-empty string)`
          : value.trim().length > MAX_CREDENTIAL_LENGTH
            ? `must be at most ${MAX_CREDENTIAL_LENGTH} characters`
            : !CREDENTIAL_CHARACTERS.test(value.trim())
              ? 'must be printable ASCII without spaces (it is sent in an HTTP header)'
              : undefined;
      return problem ? [{ field: `credentials.${field}`, problem }] : [];
    });
    for (const field of Object.keys(raw)) {
      if (!connector.credentialFields.includes(field)) {
        problems.push({ field: `credentials.${field}`, problem: `is not a ${connector.displayName} credential` });
      }
    }
    if (problems.length > 0) throw ApiError.invalidInput(problems);
    return Object.fromEntries(connector.credentialFields.map((f) => [f, (raw[f] as string).trim()]));
  }
}
