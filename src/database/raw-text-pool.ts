import pg from 'pg';
import protocolMessages from 'pg-protocol/dist/messages.js';
import protocolParser from 'pg-protocol/dist/parser.js';

/*
 * Why this file exists: the read API's pages are JSON texts PostgreSQL builds (~192 KiB for 100
 * candidates) that Node only writes out. pg decodes every DataRow field into a JS string (UTF-8), and
 * the response then encodes it back into bytes: two full passes over the page per request, for
 * nothing. pg 8 has no raw-bytes mode (pg-protocol's Parser throws for mode 'binary'), so this
 * pool's connections parse with a subclass of pg-protocol's Parser that hands the named text columns
 * over as Buffers (a copy of the field's bytes, as the server sent them); every other message and
 * column is parsed by pg-protocol itself. Nothing outside this pool is affected.
 *
 * It relies on pg-protocol internals, which test/ats-api/raw-text-pool.spec.ts pins (it fails on an
 * upgrade that changes them, rather than letting a page come out wrong):
 * - `parse()` in dist/index.js creates its parser as `new parser_1.Parser()` (looked up on dist/parser's
 *   exports when a connection attaches its socket, which is when the class is swapped below);
 * - `Parser#handlePacket(offset, code, length, bytes)` parses one message of `length` at `offset`;
 * - `DataRowMessage(length, fields)` in dist/messages is what pg's Client reads rows from.
 */

const DATA_ROW = 0x44; // 'D'
const ROW_DESCRIPTION = 0x54; // 'T'
const READY_FOR_QUERY = 0x5a; // 'Z'
const TEXT_OID = 25;

interface Field {
  name: string;
  dataTypeID: number;
  format: string;
}
interface ProtocolParser {
  handlePacket(offset: number, code: number, length: number, bytes: Buffer): unknown;
}
type ParserClass = new () => ProtocolParser;

const parserExports = protocolParser as unknown as { Parser: ParserClass };
const { DataRowMessage } = protocolMessages as unknown as { DataRowMessage: new (length: number, fields: unknown[]) => unknown };

/** `length` bytes of `bytes` from `at`, in a buffer of their own (allocUnsafe + copy: ~1.5x faster than Buffer.from(subarray) at 192 KiB). */
function copy(bytes: Buffer, at: number, length: number): Buffer {
  const out = Buffer.allocUnsafe(length);
  bytes.copy(out, 0, at, at + length);
  return out;
}

/** A protocol parser whose DataRows give the `columns` (text ones) as Buffers. Exported for the spec. */
export function rawTextParser(columns: ReadonlySet<string>): ParserClass {
  return class RawTextParser extends parserExports.Parser {
    /** Per column of the current result: true for a raw one; undefined while no result has one. */
    private raw: boolean[] | undefined;

    override handlePacket(offset: number, code: number, length: number, bytes: Buffer): unknown {
      if (code === DATA_ROW && this.raw) return this.dataRow(offset, length, bytes, this.raw);
      const message = super.handlePacket(offset, code, length, bytes);
      if (code === ROW_DESCRIPTION) {
        const raw = (message as { fields: Field[] }).fields.map((f) => columns.has(f.name) && f.dataTypeID === TEXT_OID && f.format === 'text');
        this.raw = raw.includes(true) ? raw : undefined;
      } else if (code === READY_FOR_QUERY) {
        this.raw = undefined;
      }
      return message;
    }

    /** pg-protocol's parseDataRowMessage, but raw columns are copied out (the parser reuses its buffer) instead of decoded. */
    private dataRow(offset: number, length: number, bytes: Buffer, raw: boolean[]): unknown {
      let at = offset;
      const count = bytes.readInt16BE(at);
      at += 2;
      const fields = new Array<string | Buffer | null>(count);
      for (let i = 0; i < count; i++) {
        const len = bytes.readInt32BE(at);
        at += 4;
        if (len === -1) {
          fields[i] = null;
        } else {
          fields[i] = raw[i] ? copy(bytes, at, len) : bytes.toString('utf-8', at, at + len);
          at += len;
        }
      }
      return new DataRowMessage(length, fields);
    }
  };
}

type AttachListeners = (this: unknown, stream: unknown) => unknown;

/** A pg Client whose connection parses with `Parser`, and whose text columns pass through unparsed (a Buffer stays one). */
function rawTextClient(Parser: ParserClass): typeof pg.Client {
  return class RawTextClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super(config);
      // pg-types' text parser is String(value), which would decode the Buffer; a string stays the same string.
      this.setTypeParser(TEXT_OID, 'text', (value: string) => value);
      const connection = this.connection as unknown as { attachListeners: AttachListeners };
      const attach = connection.attachListeners;
      connection.attachListeners = function (this: unknown, stream: unknown) {
        // Synchronous: parse() creates its parser inside this call, and no other code runs before the swap is undone.
        const pgParser = parserExports.Parser;
        parserExports.Parser = Parser;
        try {
          return attach.call(this, stream);
        } finally {
          parserExports.Parser = pgParser;
        }
      };
    }
  };
}

/**
 * A pool like one made with `options` (same connection string, size and settings), whose rows give
 * the text columns named in `columns` as Buffers of their UTF-8 bytes; other columns as pg gives them.
 */
export function createRawTextPool(options: pg.PoolConfig, columns: readonly string[]): pg.Pool {
  // pg-pool keeps the password non-enumerable: copied by name.
  return new pg.Pool({ ...options, password: options.password, Client: rawTextClient(rawTextParser(new Set(columns))) });
}
