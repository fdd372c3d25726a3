import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { migrate, startService } from '../app/bootstrap.js';
import { createLogger } from '../common/logging/logger.js';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/environment.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { findSandbox, SANDBOXES } from '../sandbox/sandbox-registry.js';
import { serveBanner } from './banner.js';
import { runDemo } from './demo.js';
import { runExportCommand } from './export-command.js';
import { runSyncCommand } from './sync-command.js';
import { describeStartupError } from './startup-errors.js';

const USAGE = `Usage: ats-sync [command] [options]

Commands:
  serve              start the API and scheduler, and the sync workers in child processes
                     with a capped heap (ATS_SYNC_WORKER_HEAP_MB) (default)
  migrate [--revert] apply pending migrations (or revert the last one) and exit
  demo               the service on the embedded PostgreSQL with an Ashby and a Gem sandbox,
                     synced, ready to query (--candidates N, default 2000; --seed N;
                     --ashby-port N, --gem-port N: the sandboxes' ports, else 4010/4020 or free ones)
  sync <connection-id> --full|--delta
                     sync a connection on the running service, with a live progress bar
                     per model; --url (http://127.0.0.1:$PORT) --key (the admin key)
  export <connection-id> <file.jsonl> [--job J] [--project P]…
                     export sourced candidates (one JSON object per line) on the running
                     service, with a progress bar and a summary; --include-previously-exported
                     updates earlier exports, --placeholder-domain D gives email-less ones an address
  sandbox <provider> run a partner API sandbox (simulator) with generated data:
                     --port N (provider default) --host H (127.0.0.1) --seed N (42)
                     --candidates N (10000) --api-key KEY (sandbox-key)
  help               show this text

Configuration comes from the environment; see config/example.env.`;

/** A start-up failure ends the process with one line on stderr and exit code 1. */
function startupFailed(error: unknown, config: AppConfig): never {
  process.stderr.write(`ats-sync: ${describeStartupError(error, config)}\n`);
  process.exit(1);
}

async function serve(config: AppConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  // Sync workers run in child processes with their own capped heap (docs/benchmarks.md, "Memory").
  const service = await startService({ ...config, syncWorkerProcesses: true }, logger).catch((error: unknown) => startupFailed(error, config));
  // Printed for the operator, not logged: the generated key lives in <dataDir>/secrets.json.
  process.stdout.write(serveBanner(config, service.url));
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    service.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

async function runMigrate(config: AppConfig, revert: boolean): Promise<void> {
  const logger = createLogger(config.logLevel);
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger).catch((error: unknown) => startupFailed(error, config));
  try {
    await migrate(config.databaseUrl ?? embedded!.url, logger, revert ? 'down' : 'up');
  } catch (error) {
    await embedded?.stop();
    startupFailed(error, config);
  }
  await embedded?.stop();
}

type Flags = Record<string, string | boolean | undefined>;

function intFlag(flags: Flags, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) usageError(`--${name} must be a whole number`);
  return Number(raw);
}

function usageError(message: string): never {
  process.stderr.write(`ats-sync: ${message}\n\n${USAGE}\n`);
  process.exit(64); // EX_USAGE
}

async function runSandbox(provider: string | undefined, flags: Flags): Promise<void> {
  const sandbox = provider ? findSandbox(provider) : undefined;
  if (!sandbox) usageError(`sandbox needs one of: ${SANDBOXES.map((s) => s.provider).join(', ') || '(none yet)'}`);
  const running = await sandbox.start({
    port: intFlag(flags, 'port', sandbox.defaultPort),
    host: typeof flags.host === 'string' ? flags.host : '127.0.0.1',
    seed: intFlag(flags, 'seed', 42),
    candidates: intFlag(flags, 'candidates', 10_000),
    apiKey: typeof flags['api-key'] === 'string' ? flags['api-key'] : 'sandbox-key',
  });
  process.stdout.write(`${provider} sandbox listening at ${running.url}\n`);
  const stop = () => running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function demo(config: AppConfig, flags: Flags): Promise<void> {
  // Operational detail goes to the log at warn; the terminal shows progress and what to try.
  const logLevel = config.logLevel === 'info' ? 'warn' : config.logLevel;
  const logger = createLogger(logLevel);
  // The sync workers log at the demo's level too.
  const stop = await runDemo({ ...config, logLevel, syncWorkerProcesses: true }, logger, {
    candidates: intFlag(flags, 'candidates', 2000),
    seed: intFlag(flags, 'seed', 42),
    out: process.stdout,
    sandboxPorts: Object.fromEntries(
      ['ashby', 'gem'].filter((p) => flags[`${p}-port`] !== undefined).map((p) => [p, intFlag(flags, `${p}-port`, 0)]),
    ),
  }).catch((error: unknown) => startupFailed(error, config));
  if (config.adminKeyCreated) process.stdout.write(`Admin API key (generated now, kept in ${config.dataDir}/secrets.json; printed only this once): ${config.adminKey}\n`);
  else if (config.adminKeyGenerated) process.stdout.write(`Admin API key: the "adminKey" in ${config.dataDir}/secrets.json.\n`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

async function runSync(config: AppConfig, connectionId: string | undefined, flags: Flags): Promise<void> {
  if (!connectionId) usageError('sync needs a connection id');
  if (Boolean(flags.full) === Boolean(flags.delta)) usageError('sync needs exactly one of --full or --delta');
  const run = await runSyncCommand({
    url: typeof flags.url === 'string' ? flags.url.replace(/\/+$/, '') : `http://127.0.0.1:${config.port}`,
    apiKey: typeof flags.key === 'string' ? flags.key : config.adminKey,
    connectionId,
    type: flags.full ? 'FULL' : 'DELTA',
    out: process.stdout,
  });
  process.exitCode = run.state === 'SUCCEEDED' ? 0 : run.state === 'PARTIALLY_FAILED' ? 2 : 1;
}

async function runExport(config: AppConfig, connectionId: string | undefined, file: string | undefined, flags: Flags, projects: string[]): Promise<void> {
  if (!connectionId || !file) usageError('export needs a connection id and a file');
  const result = await runExportCommand({
    url: typeof flags.url === 'string' ? flags.url.replace(/\/+$/, '') : `http://127.0.0.1:${config.port}`,
    apiKey: typeof flags.key === 'string' ? flags.key : config.adminKey,
    connectionId,
    file,
    jobId: typeof flags.job === 'string' ? flags.job : undefined,
    projectIds: projects,
    includePreviouslyExported: Boolean(flags['include-previously-exported']),
    placeholderDomain: typeof flags['placeholder-domain'] === 'string' ? flags['placeholder-domain'] : undefined,
    out: process.stdout,
  });
  process.exitCode = result.state === 'COMPLETED' ? 0 : result.state === 'PARTIALLY_FAILED' ? 2 : 1;
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      revert: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      candidates: { type: 'string' },
      'api-key': { type: 'string' },
      'ashby-port': { type: 'string' },
      'gem-port': { type: 'string' },
      full: { type: 'boolean' },
      delta: { type: 'boolean' },
      url: { type: 'string' },
      key: { type: 'string' },
      job: { type: 'string' },
      project: { type: 'string', multiple: true },
      'include-previously-exported': { type: 'boolean' },
      'placeholder-domain': { type: 'string' },
    },
  });
  const { project: projects = [], ...flags } = values;
  const command = positionals[0] ?? 'serve';
  if (flags.help || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  // The sandbox needs no configuration of ats-sync itself.
  if (command === 'sandbox') return runSandbox(positionals[1], flags);
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ats-sync: configuration error: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  switch (command) {
    case 'serve':
      return serve(config);
    case 'migrate':
      return runMigrate(config, Boolean(flags.revert));
    case 'sync':
      return runSync(config, positionals[1], flags);
    case 'export':
      return runExport(config, positionals[1], positionals[2], flags, projects);
    case 'demo':
      return demo(config, flags);
    default:
      usageError(`unknown command "${command}"`);
  }
}
