import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { Repository } from 'typeorm';
import { LOGGER } from '../app/tokens.js';
import { generateToken, hashToken } from '../common/crypto/token-hash.js';
import { ApiError } from '../common/errors/api-error.js';
import { Connection } from '../connections/connection.entity.js';
import { ApiKey } from './api-key.entity.js';

const KEY_PREFIX = 'ats_sk_';
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 4;
// last_used_at is a hint for operators; writing it on every request would cost a write per read.
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectRepository(Connection) private readonly connections: Repository<Connection>,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async create(connectionId: string, name: string | undefined): Promise<{ key: string; record: ApiKey }> {
    if (!(await this.connections.existsBy({ id: connectionId }))) {
      throw ApiError.invalidField('connection_id', `no connection with id ${connectionId}`);
    }
    const key = generateToken(KEY_PREFIX);
    const record = await this.keys.save(
      this.keys.create({
        connection_id: connectionId,
        name: name ?? null,
        key_hash: hashToken(key),
        key_prefix: key.slice(0, SHOWN_PREFIX_LENGTH),
        last_used_at: null,
      }),
    );
    this.logger.info({ apiKeyId: record.id, connectionId }, 'api key created');
    return { key, record };
  }

  list(connectionId?: string): Promise<ApiKey[]> {
    return this.keys.find({
      where: connectionId ? { connection_id: connectionId } : {},
      order: { created_at: 'ASC', id: 'ASC' },
    });
  }

  async revoke(id: string): Promise<void> {
    const { affected } = await this.keys.delete({ id });
    if (!affected) throw ApiError.notFound('API key', id);
    this.logger.info({ apiKeyId: id }, 'api key revoked');
  }

  async findByToken(token: string): Promise<ApiKey | null> {
    if (!token.startsWith(KEY_PREFIX)) return null;
    const key = await this.keys.findOneBy({ key_hash: hashToken(token) });
    if (key && (!key.last_used_at || Date.now() - key.last_used_at.getTime() > LAST_USED_RESOLUTION_MS)) {
      await this.keys.update({ id: key.id }, { last_used_at: new Date() });
    }
    return key;
  }
}
