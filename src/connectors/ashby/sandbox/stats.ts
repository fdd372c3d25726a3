import type { NextFunction, Request, Response } from 'express';

/**
 * What the sandbox was asked, for `GET /_sandbox/stats` with the Gem and JazzHR sandboxes' field
 * names. A request counts when it arrives (so a write whose answer is still being held is already
 * counted); its status when it is answered, `dropped` when the connection closed unanswered.
 */
export class RequestStats {
  requests = 0;
  rateLimited = 0;
  byStatus: Record<string, number> = {};
  byEndpoint: Record<string, number> = {};

  /** Express middleware for the API routes. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction) => {
      const endpoint = req.originalUrl.split('?')[0].slice(1);
      this.requests++;
      this.byEndpoint[endpoint] = (this.byEndpoint[endpoint] ?? 0) + 1;
      const done = (status: number | 'dropped') => {
        this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
        if (status === 429) this.rateLimited++;
      };
      res.once('finish', () => done(res.statusCode));
      res.once('close', () => {
        if (!res.writableFinished) done('dropped');
      });
      next();
    };
  }

  reset(): void {
    Object.assign(this, { requests: 0, rateLimited: 0, byStatus: {}, byEndpoint: {} });
  }

  toJSON(): Record<string, unknown> {
    return { requests: this.requests, rate_limited: this.rateLimited, by_status: this.byStatus, by_endpoint: this.byEndpoint };
  }
}
