import type { AppConfig } from '../config/app-config.js';

/**
 * What `ats-sync serve` prints once it listens: the address it really listens on (0.0.0.0 is every
 * interface, so also the URL to use from this machine), where the docs and the dashboard are, and
 * the admin key only on the start that created it; later starts say where it is kept.
 */
export function serveBanner(config: Pick<AppConfig, 'host' | 'adminKey' | 'adminKeyGenerated' | 'adminKeyCreated' | 'dataDir'>, url: string): string {
  const port = new URL(url).port;
  const everywhere = config.host === '0.0.0.0' || config.host === '::';
  const lines = [
    '',
    everywhere ? `ats-sync is listening on ${config.host}:${port} (every interface); from this machine: ${url}` : `ats-sync is listening on ${url}`,
    `  docs: ${url}/docs   dashboard: ${url}/dashboard`,
  ];
  if (config.adminKeyCreated) lines.push(`Admin API key (generated now, kept in ${config.dataDir}/secrets.json; printed only this once):`, `  ${config.adminKey}`);
  else if (config.adminKeyGenerated) lines.push(`Admin API key: the "adminKey" in ${config.dataDir}/secrets.json (or set ATS_SYNC_ADMIN_KEY).`);
  return lines.join('\n') + '\n\n';
}
