import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { errorBody } from './responses.js';

/** HTTP Basic with the API key as username: no key → 401, a wrong key → 403 (as Ashby answers). */
export function basicAuth(apiKey: string) {
  const expected = Buffer.from(apiKey);
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = String(res.getHeader('x-ashby-request-id'));
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(\S+)$/i.exec(header);
    const username = match ? Buffer.from(match[1], 'base64').toString('utf8').split(':')[0] : '';
    if (!username) {
      res.status(401).json(errorBody('unauthenticated', 'Send your API key as the username of HTTP Basic auth.', requestId));
      return;
    }
    const given = Buffer.from(username);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).json(errorBody('invalid_api_key', 'The API key is not valid or has been deactivated.', requestId));
      return;
    }
    next();
  };
}
