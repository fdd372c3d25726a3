import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource, Repository } from 'typeorm';
import { LOGGER } from '../app/tokens.js';
import { generateToken, hashToken } from '../common/crypto/token-hash.js';
import { ApiError } from '../common/errors/api-error.js';
import { Connection } from '../connections/connection.entity.js';
import { poolOf } from '../database/pool-of.js';
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
    @InjectDataSource() private readonly db: DataSource,
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

  /** The key a request presents, or null. Runs on every request with a scoped key: a named statement through the pool. */
  async findByToken(token: string): Promise<ApiKey | null> {
    if (!token.startsWith(KEY_PREFIX)) return null;
    const pool = poolOf(this.db);
    const { rows } = await pool.query<ApiKey>({
      name: 'api_key_by_hash',
      text: 'SELECT id, connection_id, name, key_hash, key_prefix, created_at, last_used_at FROM api_keys WHERE key_hash = $1',
      values: [hashToken(token)],
    });
    const key = rows[0] ?? null;
    if (key && (!key.last_used_at || Date.now() - key.last_used_at.getTime() > LAST_USED_RESOLUTION_MS)) {
      await pool.query({ name: 'api_key_used', text: 'UPDATE api_keys SET last_used_at = $2 WHERE id = $1', values: [key.id, new Date()] });
    }
    return key;
  }
}
