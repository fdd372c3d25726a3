import type { Request } from 'express';

/** This service's address as the caller reached it: links and webhook URLs point back to it. */
export function publicUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}
