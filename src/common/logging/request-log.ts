import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export interface RequestLogOptions {
  /** The path as the log shows it (no query string, no secret in it). */
  path: (url: string) => string;
  /** Requests that are not logged (health checks, metrics scrapes). */
  ignore?: (url: string) => boolean;
}

type LoggedRequest = IncomingMessage & { id?: unknown; originalUrl?: string };

const MAX_ID = 0x7fffffff;

/**
 * One line per request when its response ends: `{"req":{"id","method","path"},"res":{"statusCode"},
 * "responseTime":ms,"msg":"request completed"}` at info — or `"request errored"` with an `err` for a
 * status of 500 or more — the fields pino-http wrote with our serializers, in the same order. Unlike
 * pino-http it makes no child logger, runs no serializer and adds no listener when info is off, and
 * builds the line only when the response is done: a request costs a counter and two listeners.
 */
export function requestLog(logger: Logger, options: RequestLogOptions) {
  let nextId = 0;
  return (req: LoggedRequest, res: ServerResponse, next: () => void): void => {
    // Request ids count up per process, as pino-http's did (an id set upstream is kept).
    req.id ??= nextId = (nextId + 1) & MAX_ID;
    const url = req.originalUrl ?? req.url ?? '';
    if (!logger.isLevelEnabled('info') || options.ignore?.(url)) return next();
    const started = Date.now();
    const done = () => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      const line = {
        req: { id: req.id, method: req.method, path: options.path(url) },
        res: { statusCode: res.statusCode },
        responseTime: Date.now() - started,
      };
      if (res.statusCode >= 500) {
        logger.info({ ...line, err: new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
      } else {
        logger.info(line, 'request completed');
      }
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
