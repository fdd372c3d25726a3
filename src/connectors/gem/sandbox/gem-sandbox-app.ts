import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { sleep } from '../../../common/sleep.js';
import { atsRoutes } from './ats-routes.js';
import { atsWriteRoutes } from './ats-write-routes.js';
import { controlRoutes, type ControlState } from './control-routes.js';
import { NO_FAULTS, SandboxStats } from './faults.js';
import { generateGemData } from './generate-data.js';
import { GemHttpError, sendGemError } from './gem-errors.js';
import { LeakyBuckets } from './leaky-bucket.js';
import { v0ResumeRoutes } from './v0-resume-routes.js';
import { v0Routes } from './v0-routes.js';
import { jobBoardRoutes } from './job-board-routes.js';

export interface GemSandboxAppOptions {
  seed: number;
  candidates: number;
  apiKey: string;
  /** Gem's default: about 20 requests a second per key. */
  rateLimit?: { perSecond: number; capacity: number };
}

/** A key that Gem accepts for the CRM API but not for the ATS API (no ATS partnership): 403 there. */
export const crmOnlyKey = (apiKey: string): string => `${apiKey}-crm-only`;

/** The sandbox as an express app: Gem's two APIs under /v0 and /ats/v0, our controls under /_sandbox. */
export function createGemSandboxApp(options: GemSandboxAppOptions): { app: express.Express; state: ControlState } {
  const { store, faker } = generateGemData(options.seed, options.candidates);
  const state: ControlState = { store, faker, faults: { ...NO_FAULTS }, stats: new SandboxStats() };
  const limit = options.rateLimit ?? { perSecond: 20, capacity: 20 };
  const buckets = new LeakyBuckets(limit.perSecond, limit.capacity);

  const record: RequestHandler = (req, res, next) => {
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      state.stats.record(`${req.method} ${route ? req.baseUrl + route : req.baseUrl + req.path}`, res.statusCode);
    });
    next();
  };

  const authenticate: RequestHandler = (req, res, next) => {
    const key = req.header('x-api-key');
    if (key === options.apiKey) return next();
    if (key === crmOnlyKey(options.apiKey)) {
      if (req.baseUrl.startsWith('/ats')) return sendGemError(res, 403, 'This API key has no access to the Gem ATS API.');
      return next();
    }
    sendGemError(res, 401, key ? 'Invalid API key.' : 'Missing X-API-Key header.');
  };

  const throttle: RequestHandler = async (req, res, next) => {
    const faults = state.faults;
    if (faults.latency_ms > 0) await sleep(faults.latency_ms);
    if (faults.rate_limit_burst > 0) {
      faults.rate_limit_burst--;
      if (faults.retry_after_seconds !== null) res.setHeader('Retry-After', String(faults.retry_after_seconds));
      return void res.status(429).json({ message: 'Too Many Requests' });
    }
    if (faults.server_errors > 0) {
      faults.server_errors--;
      return sendGemError(res, faults.server_error_status, 'The service is temporarily unavailable.');
    }
    // The gateway's stock 429 body; Gem sends no Retry-After: clients back off on their own.
    if (!buckets.admit(req.header('x-api-key')!)) return void res.status(429).json({ message: 'Too Many Requests' });
    next();
  };

  // A write that lands but whose answer is lost: what a client must not retry blindly.
  const failAfterCommit: RequestHandler = (req, res, next) => {
    const faults = state.faults;
    const mode = req.method === 'GET' ? null : faults.writes_time_out_after_commit > 0 ? 'time_out' : faults.writes_fail_after_commit > 0 ? 'fail' : null;
    if (!mode) return next();
    const json = res.json.bind(res);
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    const hijack = (): boolean => {
      res.json = json;
      res.end = end as Response['end'];
      // A refused write changed nothing: it answers as usual and the fault stays armed.
      if (res.statusCode >= 400) return false;
      if (mode === 'time_out') {
        faults.writes_time_out_after_commit--;
        setTimeout(() => req.socket.destroy(), faults.time_out_ms).unref();
      } else {
        faults.writes_fail_after_commit--;
        sendGemError(res, faults.server_error_status, 'The service is temporarily unavailable.');
      }
      return true;
    };
    res.json = ((body: unknown) => (hijack() ? res : json(body))) as Response['json'];
    res.end = ((...args: unknown[]) => (hijack() ? res : end(...args))) as Response['end'];
    next();
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '5mb' }));
  app.use('/_sandbox', controlRoutes(state));
  const partner = [record, authenticate, throttle, failAfterCommit];
  app.use('/ats/v0', ...partner, atsRoutes(store), atsWriteRoutes(store));
  app.use('/v0', ...partner, v0Routes(store), v0ResumeRoutes(store));
  // Public, as Gem's: counted, but needs no key.
  app.use('/job_board/v0', record, jobBoardRoutes(store));
  app.use((req, res) => sendGemError(res, 404, `No route for ${req.method} ${req.path}`));
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof GemHttpError) return sendGemError(res, error.code, error.message, error.errors);
    if ((error as { type?: string }).type === 'entity.parse.failed') return sendGemError(res, 400, 'The body is not valid JSON.');
    sendGemError(res, 500, 'Internal server error.');
  };
  app.use(onError);
  return { app, state };
}
