import { randomBytes } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { basicAuth } from './auth.js';
import type { Handler, SandboxContext } from './context.js';
import { controlRouter } from './control.js';
import { faultMiddleware, isWriteEndpoint } from './faults.js';
import { RequestStats } from './stats.js';
import { applicationHandlers } from './handlers/applications.js';
import { candidateHandlers } from './handlers/candidates.js';
import { interviewAndOfferHandlers } from './handlers/interviews-offers.js';
import { jobHandlers } from './handlers/jobs.js';
import { organizationHandlers } from './handlers/organization.js';
import { projectHandlers } from './handlers/projects.js';
import { webhookHandlers } from './handlers/webhooks.js';
import { AshbyDomainError, errorBody } from './responses.js';

/** Multipart fields as a body: strings stay strings, files are Blobs (File with its name). */
async function multipartBody(raw: Buffer, contentType: string): Promise<Record<string, unknown>> {
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const body: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) body[key] = value;
  return body;
}

/** writes_fail_after_commit / writes_time_out_after_commit: the write is done, its answer lost. */
function loseAnswer(ctx: SandboxContext, endpoint: string, res: Response, requestId: string): boolean {
  const f = ctx.faults;
  if (!isWriteEndpoint(endpoint) || (f.write_fault_endpoints && !f.write_fault_endpoints.includes(endpoint))) return false;
  if (f.writes_fail_after_commit > 0) {
    f.writes_fail_after_commit--;
    res.status(f.server_error_status).json(errorBody('internal_error', 'Something went wrong.', requestId));
    return true;
  }
  if (f.writes_time_out_after_commit > 0) {
    f.writes_time_out_after_commit--;
    setTimeout(() => res.socket?.destroy(), f.time_out_ms).unref();
    return true;
  }
  return false;
}

export const HANDLERS: Record<string, Handler> = {
  ...organizationHandlers,
  ...jobHandlers,
  ...candidateHandlers,
  ...applicationHandlers,
  ...interviewAndOfferHandlers,
  ...webhookHandlers,
  ...projectHandlers,
};

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** ULID-shaped like Ashby's x-ashby-request-id. */
function requestId(): string {
  let t = Date.now();
  let time = '';
  for (let i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32] + time;
  return time + [...randomBytes(16)].map((b) => CROCKFORD[b % 32]).join('');
}

/** The express app: `POST /<category>.<method>` RPC endpoints behind auth and faults, plus `/_sandbox/*`. */
export function createSandboxApp(ctx: SandboxContext, apiKey: string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const stats = new RequestStats();

  app.use((_req, res, next) => {
    res.setHeader('x-ashby-request-id', requestId());
    next();
  });
  app.use(express.json({ limit: '5mb' }));
  // The file uploads' multipart mode: parsed by the platform's own form-data reader.
  app.use(express.raw({ type: 'multipart/form-data', limit: '20mb' }));
  app.use('/_sandbox', controlRouter(ctx, stats));

  app.use(/^\/[A-Za-z]+\.[A-Za-z]+$/, stats.middleware(), basicAuth(apiKey), faultMiddleware(ctx.faults), async (req: Request, res: Response) => {
    const endpoint = req.originalUrl.split('?')[0].slice(1);
    const handler = HANDLERS[endpoint];
    if (req.method !== 'POST' || !handler) {
      res.status(404).json(errorBody('not_found', `No endpoint ${req.method} /${endpoint}.`, String(res.getHeader('x-ashby-request-id'))));
      return;
    }
    const requestId = String(res.getHeader('x-ashby-request-id'));
    let body: Record<string, unknown>;
    try {
      body = Buffer.isBuffer(req.body) ? await multipartBody(req.body, String(req.headers['content-type'])) : req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    } catch {
      res.status(400).json(errorBody('invalid_multipart', 'The multipart body could not be read.', requestId));
      return;
    }
    let answer: unknown;
    try {
      answer = await handler(ctx, body);
    } catch (error) {
      if (!(error instanceof AshbyDomainError)) throw error;
      // Domain errors are HTTP 200 with success:false.
      res.json(errorBody(error.code, error.message, requestId));
      return;
    }
    if (loseAnswer(ctx, endpoint, res, requestId)) return;
    res.json(answer);
  });

  app.use((req, res) => {
    res.status(404).json(errorBody('not_found', `No endpoint ${req.method} ${req.path}.`, String(res.getHeader('x-ashby-request-id'))));
  });
  // Malformed JSON and bugs: a 400 or a 500, never express's HTML page.
  app.use((error: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = error.type === 'entity.parse.failed' ? 400 : 500;
    res.status(status).json(errorBody(status === 400 ? 'invalid_json' : 'internal_error', status === 400 ? 'The body is not valid JSON.' : error.message, String(res.getHeader('x-ashby-request-id'))));
  });
  return app;
}
