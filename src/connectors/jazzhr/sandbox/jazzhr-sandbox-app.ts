import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { sleep } from '../../../common/sleep.js';
import { controlRoutes, type ControlState } from './control-routes.js';
import { ControlError, NO_FAULTS, SandboxStats } from './faults.js';
import { generateJazzData } from './generate-data.js';
import { SlidingWindows } from './rate-window.js';
import { handleRead, type ReadRoute } from './read-routes.js';
import { addNote, assignToJob, createApplicant, createCategory, tagApplicant, type WriteReply } from './write-routes.js';

export interface JazzSandboxAppOptions {
  seed: number;
  candidates: number;
  apiKey: string;
  /** JazzHR's limit: 100 requests a minute per key. Tests shorten the window or lift the limit. */
  rateLimit?: { requests: number; windowMs: number };
  /** The account's time zone as hours from UTC (activity times carry none); 0 by default. */
  timeZoneOffsetHours?: number;
}

export const JAZZHR_RATE_LIMIT = { requests: 100, windowMs: 60_000 };

const WRITES: Record<string, (state: ControlState, body: Record<string, unknown>) => WriteReply> = {
  '/applicants': (s, body) => createApplicant(s.store, s.faker, body),
  '/applicants2jobs': (s, body) => assignToJob(s.store, s.faker, body),
  '/notes': (s, body) => addNote(s.store, s.faker, body),
  '/categories2applicants': (s, body) => tagApplicant(s.store, s.faker, body),
  '/categories': (s, body) => createCategory(s.store, s.faker, body),
};

type Locals = { route?: ReadRoute; dropped?: boolean; key?: string };

/** The sandbox as an express app: JazzHR's v1 API at the root, our controls under /_sandbox. */
export function createJazzSandboxApp(options: JazzSandboxAppOptions): { app: express.Express; state: ControlState } {
  const { store, faker } = generateJazzData(options.seed, options.candidates);
  store.timeZoneOffsetMs = (options.timeZoneOffsetHours ?? 0) * 3_600_000;
  const state: ControlState = { store, faker, faults: { ...NO_FAULTS }, stats: new SandboxStats() };
  const limit = options.rateLimit ?? JAZZHR_RATE_LIMIT;
  const windows = new SlidingWindows(limit.requests, limit.windowMs);

  const record: RequestHandler = (req, res, next) => {
    res.on('close', () => {
      const locals = res.locals as Locals;
      const endpoint = locals.route?.endpoint ?? `${req.method} /${req.path.split('/').filter(Boolean)[0] ?? ''}`;
      state.stats.record(endpoint, locals.dropped ? 'dropped' : res.statusCode, locals.route?.detailOf);
    });
    next();
  };

  // The key is the `apikey` query parameter; on POST it may come in the JSON body instead (or as well).
  const authenticate: RequestHandler = (req, res, next) => {
    const fromQuery = typeof req.query.apikey === 'string' ? req.query.apikey : undefined;
    const fromBody = req.method === 'POST' && typeof req.body?.apikey === 'string' ? (req.body.apikey as string) : undefined;
    const key = fromQuery ?? fromBody;
    if (key !== options.apiKey) return void res.status(401).json({ _error: key ? 'Invalid API key.' : 'Missing apikey.' });
    (res.locals as Locals).key = key;
    next();
  };

  const throttle: RequestHandler = async (_req, res, next) => {
    const faults = state.faults;
    if (faults.latency_ms > 0) await sleep(faults.latency_ms);
    if (faults.rate_limit_burst > 0) {
      faults.rate_limit_burst--;
      if (faults.retry_after_seconds !== null) res.setHeader('Retry-After', String(faults.retry_after_seconds));
      return void res.status(429).json({ _error: 'Too Many Requests' });
    }
    if (faults.server_errors > 0) {
      faults.server_errors--;
      return void res.status(faults.server_error_status).json({ _error: 'Service temporarily unavailable.' });
    }
    // No Retry-After: JazzHR documents none, so clients back off on their own.
    if (!windows.admit((res.locals as Locals).key!)) return void res.status(429).json({ _error: `Rate limit exceeded: ${limit.requests} requests per ${limit.windowMs / 1000} s.` });
    next();
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json({ limit: '10mb' }));
  app.use('/_sandbox', controlRoutes(state));
  app.use(record, authenticate, throttle);
  app.get(/.*/, (req, res) => {
    (res.locals as Locals).route = handleRead(state.store, req, res);
  });
  app.post(/.*/, (req, res) => {
    const write = WRITES[req.path.replace(/\/+$/, '')];
    (res.locals as Locals).route = { endpoint: `POST ${req.path}` };
    if (!write) return void res.status(404).json({ _error: `No route for POST ${req.path}.` });
    const reply = write(state, (req.body ?? {}) as Record<string, unknown>);
    const faults = state.faults;
    if (reply.committed && faults.writes_time_out_after_commit > 0) {
      // The write happened; the client never hears of it (as after a gateway timeout).
      faults.writes_time_out_after_commit--;
      (res.locals as Locals).dropped = true;
      return void setTimeout(() => req.socket.destroy(), faults.time_out_ms).unref();
    }
    if (reply.committed && faults.writes_fail_after_commit > 0) {
      faults.writes_fail_after_commit--;
      return void res.status(faults.server_error_status).json({ _error: 'Service temporarily unavailable.' });
    }
    res.status(reply.status).json(reply.body);
  });
  app.use((req, res) => void res.status(404).json({ _error: `No route for ${req.method} ${req.path}.` }));
  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof ControlError) return void res.status(400).json({ error: error.message });
    if ((error as { type?: string }).type === 'entity.parse.failed') return void res.status(400).json({ _error: 'The body is not valid JSON.' });
    res.status(500).json({ _error: 'Internal server error.' });
  };
  app.use(onError);
  return { app, state };
}
