import type { AppConfig } from '../config/app-config.js';

/**
 * One line for a start-up failure: what failed and what to do. Errors that already say so (the
 * embedded PostgreSQL's, the configuration's) pass through; low-level ones get their context.
 */
export function describeStartupError(error: unknown, config: AppConfig): string {
  if (!(error instanceof Error)) return `start-up failed: ${String(error)}`;
  const code = (error as NodeJS.ErrnoException).code;
  const syscall = (error as NodeJS.ErrnoException).syscall;
  if (code === 'EADDRINUSE' && syscall === 'listen') {
    const port = (error as { port?: number }).port ?? config.port;
    return port === config.port
      ? `port ${port} on ${config.host} is already in use (another ats-sync?); stop that process or set PORT`
      : `port ${port} is already in use; stop the process that holds it`;
  }
  if (code === 'EACCES' && syscall === 'listen') return `not allowed to listen on port ${config.port}; choose PORT above 1023 or run with that right`;
  if (config.databaseUrl && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === '28P01' || code === '3D000')) {
    const u = new URL(config.databaseUrl);
    return `cannot use the database at DATABASE_URL (${u.hostname}:${u.port || 5432}${u.pathname}): ${error.message}`;
  }
  const message = error.message.split('\n')[0].trim();
  return message || `start-up failed (${error.name})`;
}
