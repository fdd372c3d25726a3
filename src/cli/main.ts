import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { migrate, startService } from '../app/bootstrap.js';
import { createLogger } from '../common/logging/logger.js';
import { loadConfig, type AppConfig } from '../config/app-config.js';
import { ConfigError } from '../config/environment.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';

const USAGE = `Usage: ats-sync [command] [options]

Commands:
  serve              start the API, scheduler and workers (default)
  migrate [--revert] apply pending migrations (or revert the last one) and exit
  help               show this text

Configuration comes from the environment; see config/example.env.`;

async function serve(config: AppConfig): Promise<void> {
  const logger = createLogger(config.logLevel);
  const service = await startService(config, logger);
  if (config.adminKeyGenerated) {
    // Printed for the operator, not logged: the generated key lives in <dataDir>/secrets.json.
    process.stdout.write(
      `\nats-sync is serving at ${service.url}  (docs: ${service.url}/docs)\n` +
        `Admin API key (from ${config.dataDir}/secrets.json):\n  ${config.adminKey}\n\n`,
    );
  }
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
    : await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, logger);
  try {
    await migrate(config.databaseUrl ?? embedded!.url, logger, revert ? 'down' : 'up');
  } finally {
    await embedded?.stop();
  }
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { revert: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0] ?? 'serve';
  if (values.help || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
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
      return runMigrate(config, Boolean(values.revert));
    default:
      process.stderr.write(`ats-sync: unknown command "${command}"\n\n${USAGE}\n`);
      process.exit(64); // EX_USAGE
  }
}
