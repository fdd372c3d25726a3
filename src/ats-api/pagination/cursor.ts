import { createHmac, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../../common/errors/api-error.js';
import type { Filters } from '../query/filters.js';

/** Where a pass stands: the last id shown, for one model of one connection, under one set of filters. */
export interface CursorState {
  connectionId: string;
  model: string;
  lastId: string;
  filters: Filters;
}

interface Payload {
  v: 1;
  c: string;
  m: string;
  k: string;
  f: Filters;
}

const INVALID = 'is not a cursor this API issued for this list; start again without it';

/**
 * Opaque cursors: base64url JSON plus an HMAC, so a client can neither forge a position nor move a
 * cursor to another connection, model or filter set. The key derives from the encryption key, so
 * every instance accepts the cursors of every other, and restarts keep them valid.
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: Buffer) {
    this.key = createHmac('sha256', secret).update('ats-sync read-api cursor v1').digest();
  }

  encode(state: CursorState): string {
    const payload: Payload = { v: 1, c: state.connectionId, m: state.model, k: state.lastId, f: state.filters };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The state, if the cursor is genuine and was issued for this connection and model; else a 400. */
  decode(cursor: string, connectionId: string, model: string): CursorState {
    const [body, signature, extra] = cursor.split('.');
    if (!body || !signature || extra !== undefined) throw ApiError.invalidField('cursor', INVALID);
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw ApiError.invalidField('cursor', INVALID);
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    } catch {
      throw ApiError.invalidField('cursor', INVALID);
    }
    if (payload.v !== 1 || payload.c !== connectionId || payload.m !== model) throw ApiError.invalidField('cursor', INVALID);
    return { connectionId: payload.c, model: payload.m, lastId: payload.k, filters: payload.f };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 32);
  }
}
