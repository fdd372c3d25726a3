import type { NextFunction, Request, Response } from 'express';

/** The Connect page (and its assets) is what partners embed with showKomboConnect; nothing else may be framed. */
export function isFramable(path: string): boolean {
  return path === '/connect' || path.startsWith('/connect/');
}

/**
 * Headers on every response. Pages that serve HTML set their own full Content-Security-Policy
 * (scripts and styles from this origin only); this is the floor for everything else.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  if (isFramable(req.path)) {
    res.setHeader('Content-Security-Policy', 'frame-ancestors *');
  } else {
    res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
    res.setHeader('X-Frame-Options', 'DENY');
  }
  next();
}
